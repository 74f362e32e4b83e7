import type { VoiceCallRow } from '../voicecall/voiceCallFields.ts';
import { dayPieces } from '../archive/archiveKeys.ts';
import { SCV_SYNCED_INITIATION_METHODS } from '../transform/scvExclusion.ts';

/** A contact as any source knows it (SearchContacts summary, data-lake row, archive index entry). */
interface AuditContact {
  readonly contactId: string;
  readonly initiationTimestamp: string;
  readonly channel?: string | null | undefined;
  readonly initiationMethod?: string | null | undefined;
}

/** A window [from, to). */
interface AuditWindow {
  readonly from: Date;
  readonly to: Date;
}

/**
 * Where the audit reads, one UTC day (or the part of it inside the window) at a time. Ports only:
 * the CLI passes SearchContactsSource or AthenaContactRecordSource, CtrArchive.contactsInWindow
 * and VoiceCallReader.candidates; tests pass arrays.
 */
interface AuditInputs {
  /** The contacts Connect knows, initiated in the piece. */
  readonly connectContacts: (piece: AuditWindow) => AsyncIterable<AuditContact>;
  /** The contacts in the archive's time index for the piece. */
  readonly archivedContacts: (piece: AuditWindow) => AsyncIterable<Pick<AuditContact, 'contactId'>>;
  /** The VoiceCalls whose CallStartDateTime lies in the piece. */
  readonly voiceCalls: (piece: AuditWindow) => AsyncIterable<Pick<VoiceCallRow, 'Id' | 'VendorCallKey'>>;
}

/** Counts that are summed over days. */
interface AuditCounts {
  /** Distinct contacts Connect knows. */
  readonly connectContacts: number;
  /** ...of which VOICE with an initiation method SCV syncs (or an unknown one): the ones that should have a VoiceCall. */
  readonly syncableVoiceContacts: number;
  /** Distinct contacts in the archive. */
  readonly archivedContacts: number;
  /** Known to Connect, not in the archive: capture gaps. */
  readonly captureGaps: number;
  /** In the archive, not (yet) known to Connect's source (for example data-lake delay). */
  readonly archivedOnly: number;
  readonly voiceCalls: number;
  /** Syncable voice contacts whose ContactId is no VoiceCall's VendorCallKey. */
  readonly voiceContactsWithoutVoiceCall: number;
  /** VoiceCalls whose VendorCallKey is no contact Connect knows for the day. */
  readonly voiceCallsWithoutContact: number;
  /** VoiceCalls with no VendorCallKey at all. */
  readonly voiceCallsWithoutVendorKey: number;
}

/** One UTC day of the audit, with a few ids of each gap for follow-up. */
interface AuditDay extends AuditCounts {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly samples: {
    readonly captureGaps: readonly string[];
    readonly voiceContactsWithoutVoiceCall: readonly string[];
    readonly voiceCallsWithoutContact: readonly string[];
  };
}

/** The whole audit. */
interface AuditReport {
  readonly from: string;
  readonly to: string;
  readonly days: readonly AuditDay[];
  readonly totals: AuditCounts;
}

/** Ids kept per gap and day. */
const AUDIT_SAMPLE_LIMIT = 20;

const ZERO: AuditCounts = Object.freeze({
  connectContacts: 0,
  syncableVoiceContacts: 0,
  archivedContacts: 0,
  captureGaps: 0,
  archivedOnly: 0,
  voiceCalls: 0,
  voiceContactsWithoutVoiceCall: 0,
  voiceCallsWithoutContact: 0,
  voiceCallsWithoutVendorKey: 0,
});

/** The window cut at UTC midnights. */
function auditPieces(window: AuditWindow): AuditWindow[] {
  return dayPieces(window.from, window.to);
}

/** Whether SCV's sync would create or fill a VoiceCall for this contact, as far as a summary tells. */
function syncable(contact: AuditContact): boolean {
  if (contact.channel !== undefined && contact.channel !== null && contact.channel !== 'VOICE') return false;
  const method = contact.initiationMethod;
  return method === undefined || method === null || SCV_SYNCED_INITIATION_METHODS.includes(method);
}

function sample(ids: Iterable<string>, keep: (id: string) => boolean, limit: number): { count: number; ids: string[] } {
  let count = 0;
  const kept: string[] = [];
  for (const id of ids) {
    if (!keep(id)) continue;
    count += 1;
    if (kept.length < limit) kept.push(id);
  }
  return { count, ids: kept };
}

/**
 * Audits one piece of the window (normally one UTC day): reads the three inputs for it and
 * compares. Memory: one set of ContactIds per input for the piece (per-day sets), released before
 * the next day; nothing is held across days. Boundary caveat: a VoiceCall is matched against the
 * contacts of the day of its CallStartDateTime, so a call starting seconds after midnight whose
 * contact was initiated before it counts once on each side.
 *
 * @param inputs - the three sources
 * @param piece - the part of one UTC day to audit
 * @param sampleLimit - ids kept per gap
 * @returns the day's counts and samples
 */
async function auditDay(inputs: AuditInputs, piece: AuditWindow, sampleLimit = AUDIT_SAMPLE_LIMIT): Promise<AuditDay> {
  const connect = new Set<string>();
  const syncableVoice = new Set<string>();
  for await (const c of inputs.connectContacts(piece)) {
    connect.add(c.contactId);
    if (syncable(c)) syncableVoice.add(c.contactId);
  }
  const archived = new Set<string>();
  for await (const c of inputs.archivedContacts(piece)) archived.add(c.contactId);
  const vendorKeys = new Set<string>();
  let voiceCalls = 0;
  let withoutVendorKey = 0;
  const orphanCalls: string[] = [];
  let orphanCount = 0;
  for await (const vc of inputs.voiceCalls(piece)) {
    voiceCalls += 1;
    if (!vc.VendorCallKey) {
      withoutVendorKey += 1;
      continue;
    }
    vendorKeys.add(vc.VendorCallKey);
    if (!connect.has(vc.VendorCallKey)) {
      orphanCount += 1;
      if (orphanCalls.length < sampleLimit) orphanCalls.push(vc.Id);
    }
  }
  const gaps = sample(connect, (id) => !archived.has(id), sampleLimit);
  const archivedOnly = sample(archived, (id) => !connect.has(id), 0);
  const noVoiceCall = sample(syncableVoice, (id) => !vendorKeys.has(id), sampleLimit);
  return {
    day: piece.from.toISOString().slice(0, 10),
    connectContacts: connect.size,
    syncableVoiceContacts: syncableVoice.size,
    archivedContacts: archived.size,
    captureGaps: gaps.count,
    archivedOnly: archivedOnly.count,
    voiceCalls,
    voiceContactsWithoutVoiceCall: noVoiceCall.count,
    voiceCallsWithoutContact: orphanCount,
    voiceCallsWithoutVendorKey: withoutVendorKey,
    samples: { captureGaps: gaps.ids, voiceContactsWithoutVoiceCall: noVoiceCall.ids, voiceCallsWithoutContact: orphanCalls },
  };
}

/**
 * Audits a window day by day (UTC): capture gaps (contacts Connect knows that the archive lacks),
 * voice contacts with no VoiceCall, VoiceCalls with no Connect contact. Adapter-free: it only
 * iterates the given ports; counts are exact per day, from per-day sets (see {@link auditDay}).
 *
 * @param inputs - the three sources, each asked for one day at a time
 * @param window - [from, to)
 * @param options - `sampleLimit` ids kept per gap and day; `onDay` sees each day as it completes
 * @returns per-day rows and totals
 */
async function computeAudit(
  inputs: AuditInputs,
  window: AuditWindow,
  options: { readonly sampleLimit?: number; readonly onDay?: (day: AuditDay) => void } = {},
): Promise<AuditReport> {
  const days: AuditDay[] = [];
  const totals: Record<keyof AuditCounts, number> = { ...ZERO };
  for (const piece of auditPieces(window)) {
    const day = await auditDay(inputs, piece, options.sampleLimit ?? AUDIT_SAMPLE_LIMIT);
    for (const key of Object.keys(ZERO) as (keyof AuditCounts)[]) totals[key] += day[key];
    days.push(day);
    options.onDay?.(day);
  }
  return { from: window.from.toISOString(), to: window.to.toISOString(), days, totals };
}

export { AUDIT_SAMPLE_LIMIT, auditDay, auditPieces, computeAudit };
export type { AuditContact, AuditCounts, AuditDay, AuditInputs, AuditReport, AuditWindow };
