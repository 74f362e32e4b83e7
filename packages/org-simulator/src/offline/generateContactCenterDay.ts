import type { SimulatedCtr } from '../SimulatedCtr.ts';
import { SeededRandom } from './seededRandom.ts';

/** The kinds of contact a simulated day holds, with their share of contacts. */
const CONTACT_MIX = [
  ['inbound', 0.5],
  ['abandoned-in-queue', 0.06],
  ['outbound', 0.12],
  ['transfer', 0.06],
  ['callback', 0.04],
  ['api', 0.02],
  ['webrtc', 0.01],
  ['voicemail', 0.03],
  ['no-sync', 0.02],
  ['queue-transfer', 0.02],
  ['chat', 0.12],
] as const;

type ContactKind = (typeof CONTACT_MIX)[number][0];

/** One record as delivered on the CTR stream. */
interface DeliveredRecord {
  /** The bytes on the stream (compact JSON, or garbage for malformed records). */
  readonly raw: string;
  readonly kind: ContactKind | 'redelivery' | 'malformed';
  readonly contactId?: string;
}

/** A generated day of contact-center traffic. */
interface GeneratedDay {
  /** Every record in stream order (redeliveries after their first copy, malformed ones mixed in). */
  readonly records: readonly DeliveredRecord[];
  /** Every CTR version by contact, in delivery order (what SCV's sync sees). */
  readonly ctrs: readonly SimulatedCtr[];
  /** ContactIds whose CTRs never reached the archive (lost upstream): reconcile must report them. */
  readonly neverArchived: ReadonlySet<string>;
  readonly counts: Readonly<Record<string, number>>;
}

/** Options of {@link generateContactCenterDay}. */
interface GenerateOptions {
  /** UTC day, `yyyy-MM-dd`. */
  readonly day: string;
  /** Records to produce in all (contacts + redeliveries + malformed). @default 5000 */
  readonly records?: number;
  /** @default 42 */
  readonly seed?: number;
  /** Share of voice contacts redelivered later with a newer LastUpdateTimestamp. @default 0.05 */
  readonly redeliveryRate?: number;
  /** Malformed records mixed into the stream. @default 8 */
  readonly malformed?: number;
  /** Voice contacts whose CTR never reaches the archive. @default 12 */
  readonly neverArchived?: number;
}

const QUEUES = ['Support-Queue', 'Billing-Queue', 'Sales-Queue', 'Claims-Queue'];
const REASONS = [
  'CUSTOMER_DISCONNECT',
  'AGENT_DISCONNECT',
  'CUSTOMER_DISCONNECT',
  'CUSTOMER_DISCONNECT',
  'TELECOM_PROBLEM',
  'CONTACT_FLOW_DISCONNECT',
  'OTHER',
];

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function phone(random: SeededRandom): string {
  return `+1555555${String(random.int(0, 9999)).padStart(4, '0')}`;
}

function pickKind(random: SeededRandom): ContactKind {
  let x = random.next() * CONTACT_MIX.reduce((s, [, p]) => s + p, 0);
  for (const [kind, p] of CONTACT_MIX) {
    x -= p;
    if (x < 0) return kind;
  }
  return 'inbound';
}

/** Builds one contact's first CTR. */
function buildCtr(random: SeededRandom, kind: ContactKind, startMs: number, previous: SimulatedCtr | undefined): SimulatedCtr {
  const contactId = random.uuid();
  const queued = kind !== 'outbound' && kind !== 'api' && kind !== 'webrtc';
  const enqueue = startMs + random.int(5, 40) * 1000;
  const reachesAgent = !['abandoned-in-queue', 'voicemail', 'queue-transfer'].includes(kind);
  const accept = enqueue + random.int(5, 300) * 1000;
  const holds = reachesAgent && random.chance(0.3) ? random.int(1, 3) : 0;
  const hold = holds * random.int(10, 90);
  const talk = random.int(60, 900);
  const end = (reachesAgent ? accept : enqueue) + (reachesAgent ? talk + hold : random.int(10, 200)) * 1000;
  const method = {
    inbound: 'INBOUND',
    'abandoned-in-queue': 'INBOUND',
    outbound: 'OUTBOUND',
    transfer: 'TRANSFER',
    callback: 'CALLBACK',
    api: 'API',
    webrtc: 'WEBRTC_API',
    voicemail: 'INBOUND',
    'no-sync': 'INBOUND',
    'queue-transfer': 'QUEUE_TRANSFER',
    chat: 'API',
  }[kind];
  const attributes: Record<string, string> = { 'sfdc-Reason__c': random.pick(['billing', 'outage', 'upgrade', 'cancel']), greeting: 'played' };
  if (kind === 'no-sync') attributes.NoSync = 'true';
  if (kind === 'voicemail') attributes.vm_flag = '1';
  if (kind === 'webrtc') Object.assign(attributes, { WebRTC_From: 'web-visitor', WebRTC_To: 'support' });
  const recording =
    reachesAgent && kind !== 'chat' ? { Location: `connect-recordings/2026/${contactId}.wav`, Status: 'AVAILABLE', Type: 'AUDIO' } : null;
  return {
    AWSAccountId: '123456789012',
    AWSSimulatedCtrFormatVersion: '2017-03-10',
    Agent: reachesAgent
      ? {
          ARN: 'arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/agent/aaaaaaaa',
          Username: `agent.${random.int(1, 40)}`,
          ConnectedToAgentTimestamp: iso(accept),
          AgentInteractionDuration: talk,
          CustomerHoldDuration: hold,
          LongestHoldDuration: holds > 0 ? Math.min(hold, random.int(10, 90)) : 0,
          NumberOfHolds: holds,
        }
      : null,
    Attributes: attributes,
    Channel: kind === 'chat' ? 'CHAT' : 'VOICE',
    ContactId: contactId,
    CustomerEndpoint: kind === 'chat' ? null : { Address: phone(random), Type: 'TELEPHONE_NUMBER' },
    DisconnectReason: reachesAgent ? random.pick(REASONS) : 'CUSTOMER_DISCONNECT',
    DisconnectTimestamp: iso(end),
    InitialContactId: previous ? (previous.InitialContactId ?? previous.ContactId) : null,
    InitiationMethod: method,
    InitiationTimestamp: iso(startMs),
    InstanceARN: 'arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555',
    LastUpdateTimestamp: iso(end + random.int(30, 120) * 1000),
    NextContactId: null,
    PreviousContactId: previous?.ContactId ?? null,
    Queue: queued
      ? { ARN: 'arn:aws:connect:queue/q', Name: random.pick(QUEUES), EnqueueTimestamp: iso(enqueue), Duration: Math.round((accept - enqueue) / 1000) }
      : null,
    Recording: recording,
    Recordings:
      kind === 'voicemail'
        ? [{ Location: `connect-voicemail/${contactId}.wav`, MediaStreamType: 'AUDIO', StorageType: 'S3' }]
        : recording
          ? [recording]
          : null,
    SystemEndpoint: kind === 'chat' ? null : { Address: `+1800555${String(random.int(100, 199)).padStart(4, '0')}`, Type: 'TELEPHONE_NUMBER' },
    TransferredToEndpoint: null,
  };
}

const MALFORMED = [
  (i: number) => `{"ContactId": "truncated-by-a-buggy-producer-${i}", "Channel": "VOICE",`,
  (i: number) => JSON.stringify({ AgentARN: `arn:aws:connect:agent/${i}`, EventType: 'STATE_CHANGE', EventTimestamp: '2026-11-22T10:00:00Z' }),
  (i: number) => JSON.stringify({ ContactId: `../../../etc/passwd-${i}`, LastUpdateTimestamp: '2026-11-22T10:00:00Z' }),
  (i: number) => JSON.stringify({ ContactId: `c-no-timestamp-${i}`, Channel: 'VOICE' }),
  (i: number) => `not json at all (${i})`,
  (i: number) => `[${i}]`,
];

/**
 * Generates a realistic, repeatable day of Amazon Connect traffic for the offline demo and
 * benchmarks: inbound, outbound, transfers, callbacks, abandoned-in-queue, voicemail, NoSync,
 * QUEUE_TRANSFER, chat, redeliveries with a newer LastUpdateTimestamp, and malformed records.
 * Phone numbers are fictional 555 numbers.
 */
function generateContactCenterDay(options: GenerateOptions): GeneratedDay {
  const random = new SeededRandom(options.seed ?? 42);
  const total = options.records ?? 5000;
  const malformedCount = options.malformed ?? 8;
  const redeliveryRate = options.redeliveryRate ?? 0.05;
  const dayStart = Date.parse(`${options.day}T00:00:00Z`);
  if (Number.isNaN(dayStart)) throw new TypeError(`Expected \`day\` as yyyy-MM-dd, got ${options.day}`);
  const contacts = Math.max(1, Math.round((total - malformedCount) / (1 + redeliveryRate * 0.9)));
  const counts: Record<string, number> = {};
  const firsts: SimulatedCtr[] = [];
  const kinds = new Map<string, ContactKind>();
  let lastInbound: SimulatedCtr | undefined;
  for (let i = 0; i < contacts; i += 1) {
    // Busier in business hours: 70% of contacts between 13:00 and 23:00 UTC.
    const startMs = dayStart + (random.chance(0.7) ? random.int(13 * 3600, 22 * 3600) : random.int(0, 23 * 3600)) * 1000;
    const kind = pickKind(random);
    const ctr = buildCtr(random, kind, startMs, kind === 'transfer' ? lastInbound : undefined);
    if (kind === 'inbound') lastInbound = ctr;
    kinds.set(ctr.ContactId as string, kind);
    counts[kind] = (counts[kind] ?? 0) + 1;
    firsts.push(ctr);
  }
  firsts.sort((a, b) => String(a.LastUpdateTimestamp).localeCompare(String(b.LastUpdateTimestamp)));

  const records: DeliveredRecord[] = [];
  const ctrs: SimulatedCtr[] = [];
  const redeliveries: SimulatedCtr[] = [];
  for (const ctr of firsts) {
    records.push({ raw: JSON.stringify(ctr), kind: kinds.get(ctr.ContactId as string) ?? 'inbound', contactId: ctr.ContactId as string });
    ctrs.push(ctr);
    if (ctr.Channel === 'VOICE' && random.chance(redeliveryRate) && records.length + redeliveries.length < total - malformedCount) {
      const later = Date.parse(ctr.LastUpdateTimestamp as string) + random.int(600, 6 * 3600) * 1000;
      const agent = ctr.Agent
        ? {
            ...ctr.Agent,
            CustomerHoldDuration: (ctr.Agent.CustomerHoldDuration ?? 0) + random.int(1, 30),
            NumberOfHolds: (ctr.Agent.NumberOfHolds ?? 0) + 1,
          }
        : ctr.Agent;
      redeliveries.push({ ...ctr, Agent: agent, Attributes: { ...ctr.Attributes, survey: 'completed' }, LastUpdateTimestamp: iso(later) });
    }
  }
  for (const ctr of redeliveries) {
    records.push({ raw: JSON.stringify(ctr), kind: 'redelivery', contactId: ctr.ContactId as string });
    ctrs.push(ctr);
  }
  counts.redelivery = redeliveries.length;
  for (let i = 0; i < malformedCount; i += 1) {
    records.splice(random.int(0, records.length), 0, { raw: (MALFORMED[i % MALFORMED.length] as (i: number) => string)(i), kind: 'malformed' });
  }
  counts.malformed = malformedCount;

  const voice = firsts.filter((c) => c.Channel === 'VOICE' && c.InitiationMethod === 'INBOUND' && !c.Attributes?.NoSync && !c.Attributes?.vm_flag);
  const neverArchived = new Set<string>();
  while (neverArchived.size < Math.min(options.neverArchived ?? 12, voice.length)) neverArchived.add(random.pick(voice).ContactId as string);
  counts.neverArchived = neverArchived.size;
  return { records, ctrs, neverArchived, counts };
}

export { CONTACT_MIX, generateContactCenterDay };
export type { DeliveredRecord, GeneratedDay, GenerateOptions };
