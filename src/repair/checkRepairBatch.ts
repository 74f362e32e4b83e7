import { errorSummary } from '../reconcile/pacedWrite.ts';
import type { RecordResult } from '../reconcile/ReconcileReport.ts';
import { type Started, startReconcile } from '../reconcile/reconcileVoiceCall.ts';
import { VOICECALL_READ_BATCH } from '../ports/VoiceCallReader.ts';
import type { VoiceCallRow } from '../voicecall/voiceCallFields.ts';
import { buildRepairContext, type RepairPorts, type RepairRunOptions } from './buildRepairContext.ts';
import type { RepairRequest } from './RepairEnqueuer.ts';
import { decodeRepairMessage } from './repairMessage.ts';

/** One queue message as the checker sees it. */
interface RepairMessage {
  readonly messageId: string;
  readonly body: string;
}

/**
 * What became of one message. `retry` ones go back to the queue (batch item failures) and reach the
 * dead-letter queue after its maxReceiveCount.
 *
 * - `repaired`: the checker PATCHed the VoiceCall and saw it land;
 * - `synced`: the VoiceCall already holds CTR data (SCV's own sync worked), nothing sent;
 * - `settled`: reconcile decided without a new PATCH (excluded by SCV's rules, already resynced
 *   per the ledger, no archived CTR, not landed earlier), or sent one that was not seen landing
 *   (`resynced-unconfirmed`: resending is the operator's `--retry-unconfirmed`, never automatic);
 * - `not-found`: no VoiceCall with that VendorCallKey yet → retry;
 * - `failed`: the PATCH was refused or a port failed → retry (a refused PATCH was not applied);
 * - `malformed`: the body is not a repair message → retry, so it ends in the DLQ for inspection.
 */
type RepairVerdict = 'repaired' | 'synced' | 'settled' | 'not-found' | 'failed' | 'malformed';

const RETRIED: ReadonlySet<RepairVerdict> = new Set(['not-found', 'failed', 'malformed']);

/** The outcome of one message. */
interface RepairCheck {
  readonly messageId: string;
  readonly verdict: RepairVerdict;
  readonly request?: RepairRequest;
  /** The reconcile records of the contact's VoiceCalls (none for `not-found`, `malformed`, `synced`). */
  readonly records: readonly RecordResult[];
  readonly retry: boolean;
}

/** The outcome of a batch of messages. */
interface RepairBatchResult {
  readonly checks: readonly RepairCheck[];
  readonly patchesSent: number;
}

/**
 * True when a VoiceCall lacks CTR data: the default candidate predicate
 * (`CustomerHoldDuration = null AND DisconnectReason = null`; a synced CTR always sets both).
 */
function lacksCtrData(row: VoiceCallRow): boolean {
  return row.CustomerHoldDuration === null && row.DisconnectReason === null;
}

function verdictOf(records: readonly RecordResult[]): RepairVerdict {
  if (records.some((r) => r.outcome === 'failed')) return 'failed';
  if (records.some((r) => r.outcome === 'resynced-confirmed' || r.outcome === 'reverted-resynced')) return 'repaired';
  if (records.length > 0 && records.every((r) => r.outcome === 'in-sync')) return 'synced';
  return 'settled';
}

/**
 * The repair checker's use case: reads the VoiceCalls of a batch of repair messages by
 * VendorCallKey (one query per 200 keys, so one per SQS batch), and reconciles each VoiceCall
 * still missing CTR data (in `diff` mode: each that differs from its newest archived CTR) through
 * `startReconcile` — the batch run's own path, ledger and verification. Messages of the same
 * contact share one reconcile. Never throws for one message; a failed VoiceCall read fails every
 * message (all retried).
 *
 * @throws whatever the reader throws for the VoiceCall read (the caller retries the whole batch)
 */
async function checkRepairBatch(messages: readonly RepairMessage[], ports: RepairPorts, options: RepairRunOptions): Promise<RepairBatchResult> {
  const parsed = messages.map((m) => {
    try {
      return { message: m, request: decodeRepairMessage(m.body) };
    } catch {
      return { message: m, request: undefined };
    }
  });
  const keys = [...new Set(parsed.flatMap((p) => (p.request ? [p.request.contactId] : [])))];
  const rowsByKey = new Map<string, VoiceCallRow[]>();
  for (let i = 0; i < keys.length; i += VOICECALL_READ_BATCH) {
    for (const row of await ports.reader.byVendorCallKeys(keys.slice(i, i + VOICECALL_READ_BATCH))) {
      if (row.VendorCallKey === null) continue;
      rowsByKey.set(row.VendorCallKey, [...(rowsByKey.get(row.VendorCallKey) ?? []), row]);
    }
  }

  const run = buildRepairContext(ports, options);
  const perContact = new Map<string, Promise<readonly RecordResult[]>>();
  const writes: Promise<unknown>[] = [];
  const reconcileContact = (rows: readonly VoiceCallRow[]): Promise<readonly RecordResult[]> => {
    const started = rows.map((row) =>
      startReconcile(row, run.context).catch((error: unknown): Started => ({ settled: Promise.resolve(failed(row, error)) })),
    );
    writes.push(...started);
    return Promise.all(started.map((s, i) => s.then((x) => x.settled.catch((error: unknown) => failed(rows[i] as VoiceCallRow, error)))));
  };
  const failed = (row: VoiceCallRow, error: unknown): RecordResult => ({
    voiceCallId: row.Id,
    vendorCallKey: row.VendorCallKey,
    outcome: 'failed',
    error: errorSummary(error),
  });

  const pending: Promise<RepairCheck>[] = [];
  for (const { message, request } of parsed) {
    if (!request) {
      pending.push(Promise.resolve({ messageId: message.messageId, verdict: 'malformed', records: [], retry: true }));
      continue;
    }
    const rows = rowsByKey.get(request.contactId) ?? [];
    if (rows.length === 0) {
      pending.push(Promise.resolve({ messageId: message.messageId, verdict: 'not-found', request, records: [], retry: true }));
      continue;
    }
    const todo = options.mode === 'diff' ? rows : rows.filter(lacksCtrData);
    if (todo.length === 0) {
      pending.push(Promise.resolve({ messageId: message.messageId, verdict: 'synced', request, records: [], retry: false }));
      continue;
    }
    let records = perContact.get(request.contactId);
    if (!records) {
      records = reconcileContact(todo);
      perContact.set(request.contactId, records);
    }
    pending.push(
      records.then((r) => {
        const verdict = verdictOf(r);
        return { messageId: message.messageId, verdict, request, records: r, retry: RETRIED.has(verdict) };
      }),
    );
  }
  // Once every write phase is over (each watch is registered by then), closing lets the verifier
  // read the last Ids at once instead of holding them for a full batch.
  const closing = Promise.all(writes).then(() => run.close());
  try {
    return { checks: await Promise.all(pending), patchesSent: run.patchesSent() };
  } finally {
    await closing;
  }
}

export { checkRepairBatch, lacksCtrData };
export type { RepairBatchResult, RepairCheck, RepairMessage, RepairVerdict };
