import { type ConnectClient, type SearchContactsCommandOutput, SearchContactsCommand } from '@aws-sdk/client-connect';
import { defaultSleep, type ThrottleRetryPolicy, withThrottleRetry } from './awsCallRetry.ts';
import { DataLakeSourceError } from './dataLakeErrors.ts';
import { validateAwsName } from './validateAwsNames.ts';

/**
 * Defaults. Rate: SearchContacts allows 0.5 RPS with a burst of 1 per account and Region (an
 * AWS-sample quota table; UNVERIFIED on the official page; connect-data-lake.md §C), so requests
 * start at least 2 s apart. Pages of 100 (`MaxResults` 1–100). Windows are cut into pieces of at
 * most 7 days: the console searches 8 weeks at a time, and whether the API shares that cap is
 * UNVERIFIED, so staying well under it costs little.
 */
const SEARCH_CONTACTS_DEFAULTS = Object.freeze({
  ratePerSecond: 0.5,
  pageSize: 100,
  maxRangeDays: 7,
  throttle: Object.freeze({ maxAttempts: 6, baseDelayMs: 2_000, maxDelayMs: 30_000 }),
});

const DAY_MS = 86_400_000;

/** What the audit needs of one contact Connect knows (from ContactSearchSummary). */
interface ContactSummary {
  readonly contactId: string;
  readonly channel: string | undefined;
  readonly initiationMethod: string | undefined;
  /** ISO 8601 (`Date#toISOString`). */
  readonly initiationTimestamp: string;
  readonly disconnectTimestamp: string | undefined;
  readonly initialContactId: string | undefined;
  readonly previousContactId: string | undefined;
}

/** Settings of {@link SearchContactsSource}. */
interface SearchContactsSourceOptions {
  readonly client: Pick<ConnectClient, 'send'>;
  readonly instanceId: string;
  readonly ratePerSecond?: number;
  readonly pageSize?: number;
  readonly maxRangeDays?: number;
  readonly throttle?: ThrottleRetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source of the retry backoff, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Clock in ms, for pacing (tests pass a fake that `sleep` advances). */
  readonly now?: () => number;
}

/**
 * Lists the contacts Amazon Connect knows for a window through SearchContacts
 * (`TimeRange.Type = INITIATION_TIMESTAMP`), paged, paced to the API's rate, with backoff on 429.
 * Memory stays flat: summaries are yielded page by page. The range is kept to [from, to) on the
 * client side too, because whether EndTime is inclusive is UNVERIFIED.
 */
class SearchContactsSource {
  readonly #client: Pick<ConnectClient, 'send'>;
  readonly #instanceId: string;
  readonly #intervalMs: number;
  readonly #pageSize: number;
  readonly #maxRangeMs: number;
  readonly #throttle: ThrottleRetryPolicy;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  #lastRequestAt: number | undefined;
  /** Requests sent, retries included (for reports). */
  public requests = 0;

  /**
   * @param options - client, instance and pacing
   * @throws InvalidIdentifierError for an invalid instance id
   * @throws RangeError for a page size outside 1–100 or a non-positive rate
   */
  public constructor(options: SearchContactsSourceOptions) {
    this.#client = options.client;
    this.#instanceId = validateAwsName('Connect instance id', options.instanceId);
    const rate = options.ratePerSecond ?? SEARCH_CONTACTS_DEFAULTS.ratePerSecond;
    if (!(rate > 0)) throw new RangeError('ratePerSecond must be positive');
    this.#intervalMs = 1000 / rate;
    this.#pageSize = options.pageSize ?? SEARCH_CONTACTS_DEFAULTS.pageSize;
    if (!Number.isInteger(this.#pageSize) || this.#pageSize < 1 || this.#pageSize > 100) throw new RangeError('pageSize must be 1-100');
    this.#maxRangeMs = (options.maxRangeDays ?? SEARCH_CONTACTS_DEFAULTS.maxRangeDays) * DAY_MS;
    this.#throttle = options.throttle ?? SEARCH_CONTACTS_DEFAULTS.throttle;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Every contact initiated in [from, to), in the order Connect returns them.
   *
   * @param window - the time window
   * @throws AwsThrottledError when a page stays throttled through every retry
   * @throws DataLakeSourceError for any other Connect error
   */
  public async *contacts(window: { readonly from: Date; readonly to: Date }): AsyncGenerator<ContactSummary> {
    const fromMs = window.from.getTime();
    const toMs = window.to.getTime();
    for (let start = fromMs; start < toMs; start += this.#maxRangeMs) {
      const end = Math.min(toMs, start + this.#maxRangeMs);
      let nextToken: string | undefined;
      do {
        const page = await this.#page(new Date(start), new Date(end), nextToken);
        for (const c of page.Contacts ?? []) {
          const summary = toSummary(c);
          const t = Date.parse(summary.initiationTimestamp);
          if (t >= start && t < end) yield summary;
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
  }

  /** Waits until the next request may start at the configured rate (burst 1). */
  async #pace(): Promise<void> {
    if (this.#lastRequestAt !== undefined) {
      const wait = this.#lastRequestAt + this.#intervalMs - this.#now();
      if (wait > 0) await this.#sleep(wait);
    }
    this.#lastRequestAt = this.#now();
    this.requests += 1;
  }

  #page(from: Date, to: Date, nextToken: string | undefined): Promise<SearchContactsCommandOutput> {
    return withThrottleRetry(
      'connect',
      'SearchContacts',
      async () => {
        await this.#pace();
        return this.#client.send(
          new SearchContactsCommand({
            InstanceId: this.#instanceId,
            TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: from, EndTime: to },
            MaxResults: this.#pageSize,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
      },
      this.#throttle,
      this.#sleep,
      this.#random,
    );
  }
}

function toSummary(c: NonNullable<SearchContactsCommandOutput['Contacts']>[number]): ContactSummary {
  if (!c.Id || !(c.InitiationTimestamp instanceof Date)) {
    throw new DataLakeSourceError('connect', 'SearchContacts', 'UnexpectedContact', 'a contact summary has no Id or InitiationTimestamp');
  }
  return {
    contactId: c.Id,
    channel: c.Channel,
    initiationMethod: c.InitiationMethod,
    initiationTimestamp: c.InitiationTimestamp.toISOString(),
    disconnectTimestamp: c.DisconnectTimestamp?.toISOString(),
    initialContactId: c.InitialContactId,
    previousContactId: c.PreviousContactId,
  };
}

export { SEARCH_CONTACTS_DEFAULTS, SearchContactsSource };
export type { ContactSummary, SearchContactsSourceOptions };
