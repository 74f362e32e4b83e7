import type { ContactRecordRow } from './contactRecordTable.ts';
import { SimulatedInvalidRequestError, SimulatedNotFoundError, SimulatedThrottlingError } from './errors.ts';

/**
 * The SearchContacts rate per account and Region: 0.5 RPS, burst 1. Source: an AWS-sample quota
 * table (../shared/reference/connect-data-lake.md §C), UNVERIFIED on the official quotas page.
 */
const SEARCH_CONTACTS_DEFAULT_RATE = Object.freeze({ ratePerSecond: 0.5, burst: 1 });
/** `MaxResults` bounds (docs.aws.amazon.com/connect/latest/APIReference/API_SearchContacts.html). */
const SEARCH_CONTACTS_MAX_RESULTS = 100;
/** Time-range types the simulator filters on (the API also has SCHEDULED, CONNECTED_TO_AGENT, ENQUEUE). */
const SUPPORTED_TIME_RANGE_TYPES: ReadonlyMap<string, string> = new Map([
  ['INITIATION_TIMESTAMP', 'initiation_timestamp'],
  ['DISCONNECT_TIMESTAMP', 'disconnect_timestamp'],
]);

/** Settings of the simulated SearchContacts. */
interface SearchContactsSimulatorOptions {
  /** The seeded contacts (the data lake's rows: each contact_id is answered once, its newest row). */
  readonly rows: readonly ContactRecordRow[];
  /** Token bucket; `false` turns rate limiting off. Default {@link SEARCH_CONTACTS_DEFAULT_RATE}. */
  readonly rateLimit?: false | { readonly ratePerSecond: number; readonly burst: number };
  /** Clock in ms (tests inject one); default `Date.now`. */
  readonly now?: () => number;
  /** Region and account used in contact ARNs. */
  readonly region?: string;
  readonly accountId?: string;
}

/**
 * Simulated Amazon Connect SearchContacts (`POST /search-contacts`), REST-JSON: filters by
 * InstanceId and TimeRange, pages by MaxResults/NextToken, answers summaries and TotalCount,
 * and throttles with 429 ThrottlingException beyond its token bucket. SearchCriteria and Sort
 * are ignored (contacts come in InitiationTimestamp order).
 */
class SearchContactsSimulator {
  readonly #contacts: ContactRecordRow[];
  readonly #rate: false | { readonly ratePerSecond: number; readonly burst: number };
  readonly #now: () => number;
  readonly #arnPrefix: string;
  #tokens: number;
  #refilledAt: number;
  #forcedThrottles = 0;
  /** Requests received, and how many were throttled (for tests). */
  public requests = 0;
  public throttled = 0;

  public constructor(options: SearchContactsSimulatorOptions) {
    const newest = new Map<string, ContactRecordRow>();
    for (const row of options.rows) {
      const key = `${row.instance_id}/${row.contact_id}`;
      const seen = newest.get(key);
      if (!seen || String(row.last_update_timestamp ?? '') >= String(seen.last_update_timestamp ?? '')) newest.set(key, row);
    }
    this.#contacts = [...newest.values()].sort((a, b) => Date.parse(a.initiation_timestamp) - Date.parse(b.initiation_timestamp));
    this.#rate = options.rateLimit ?? SEARCH_CONTACTS_DEFAULT_RATE;
    this.#now = options.now ?? Date.now;
    this.#tokens = this.#rate === false ? 0 : this.#rate.burst;
    this.#refilledAt = this.#now();
    this.#arnPrefix = `arn:aws:connect:${options.region ?? 'us-east-1'}:${options.accountId ?? '123456789012'}:instance/`;
  }

  /** Makes the next `count` requests fail with 429 whatever the bucket holds. */
  public throttleNext(count = 1): void {
    this.#forcedThrottles += count;
  }

  /** Answers one `POST /search-contacts` body. */
  public handle(body: Record<string, unknown>): Record<string, unknown> {
    this.requests += 1;
    this.#admit();
    const instanceId = body.InstanceId;
    if (typeof instanceId !== 'string' || !this.#contacts.some((c) => c.instance_id === instanceId)) {
      throw new SimulatedNotFoundError('ResourceNotFoundException', 404, `Instance ${String(instanceId)} not found`);
    }
    const range = (body.TimeRange ?? {}) as Record<string, unknown>;
    const column = typeof range.Type === 'string' ? SUPPORTED_TIME_RANGE_TYPES.get(range.Type) : undefined;
    if (!column)
      throw new SimulatedInvalidRequestError('InvalidParameterException', `TimeRange.Type ${String(range.Type)} is not supported by the simulator`);
    if (typeof range.StartTime !== 'number' || typeof range.EndTime !== 'number' || range.EndTime <= range.StartTime) {
      throw new SimulatedInvalidRequestError('InvalidParameterException', 'TimeRange needs StartTime < EndTime');
    }
    const max = body.MaxResults ?? SEARCH_CONTACTS_MAX_RESULTS;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > SEARCH_CONTACTS_MAX_RESULTS) {
      throw new SimulatedInvalidRequestError('InvalidParameterException', `MaxResults must be 1-${SEARCH_CONTACTS_MAX_RESULTS}`);
    }
    const fromMs = range.StartTime * 1000;
    const toMs = range.EndTime * 1000;
    const matching = this.#contacts.filter((c) => {
      const value = c[column];
      const t = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return c.instance_id === instanceId && t >= fromMs && t < toMs;
    });
    const offset = decodeOffset(body.NextToken, matching.length);
    const page = matching.slice(offset, offset + max).map((c) => this.#summary(c));
    const next = offset + max < matching.length ? Buffer.from(String(offset + max)).toString('base64url') : undefined;
    return { Contacts: page, TotalCount: matching.length, ...(next ? { NextToken: next } : {}) };
  }

  #admit(): void {
    if (this.#forcedThrottles > 0) {
      this.#forcedThrottles -= 1;
      this.throttled += 1;
      throw new SimulatedThrottlingError('ThrottlingException', 429);
    }
    if (this.#rate === false) return;
    const now = this.#now();
    this.#tokens = Math.min(this.#rate.burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#rate.ratePerSecond);
    this.#refilledAt = now;
    if (this.#tokens < 1) {
      this.throttled += 1;
      throw new SimulatedThrottlingError('ThrottlingException', 429);
    }
    this.#tokens -= 1;
  }

  #summary(c: ContactRecordRow): Record<string, unknown> {
    const epoch = (v: unknown): number | undefined => (typeof v === 'string' ? Date.parse(v) / 1000 : undefined);
    const out: Record<string, unknown> = {
      Arn: `${this.#arnPrefix}${c.instance_id}/contact/${c.contact_id}`,
      Id: c.contact_id,
      InitialContactId: c.initial_contact_id ?? undefined,
      PreviousContactId: c.previous_contact_id ?? undefined,
      InitiationMethod: c.initiation_method ?? undefined,
      Channel: c.channel ?? undefined,
      InitiationTimestamp: epoch(c.initiation_timestamp),
      DisconnectTimestamp: epoch(c.disconnect_timestamp),
    };
    if (c.queue_id) out.QueueInfo = { Id: c.queue_id, EnqueueTimestamp: epoch(c.queue_enqueue_timestamp) };
    if (c.agent_id) out.AgentInfo = { Id: c.agent_id, ConnectedToAgentTimestamp: epoch(c.agent_connected_to_agent_timestamp) };
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  }
}

function decodeOffset(token: unknown, total: number): number {
  if (token === undefined || token === null) return 0;
  const offset = Number(Buffer.from(String(token), 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0 || offset > total) {
    throw new SimulatedInvalidRequestError('InvalidParameterException', 'NextToken is not valid');
  }
  return offset;
}

export { SEARCH_CONTACTS_DEFAULT_RATE, SEARCH_CONTACTS_MAX_RESULTS, SearchContactsSimulator };
export type { SearchContactsSimulatorOptions };
