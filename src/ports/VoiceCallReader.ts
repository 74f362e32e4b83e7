import type { VoiceCallRow } from '../voicecall/voiceCallFields.ts';

/** Which VoiceCalls to read: CallStartDateTime in [from, to), plus an optional validated condition. */
interface CandidateQuery {
  readonly from: Date;
  readonly to: Date;
  /** SOQL condition already validated by `predicateToSoql`; none means every VoiceCall in the window. */
  readonly predicateSoql?: string;
  /**
   * Told of each page as it is fetched: its row count, and the query's total row count where the
   * backend answers one (Salesforce's `totalSize`, known from the first page on). For progress and logs.
   */
  readonly onPage?: (page: CandidatePage) => void;
}

/** One fetched page of candidates. */
interface CandidatePage {
  readonly rows: number;
  readonly totalSize?: number;
}

/** The VoiceCall reader port: how reconcile sees the org. */
interface VoiceCallReader {
  /** Streams the VoiceCalls of a window, page by page (memory stays flat), in CallStartDateTime order. */
  candidates(query: CandidateQuery): AsyncIterable<VoiceCallRow>;
  /** Reads the given VoiceCalls (at most {@link VOICECALL_READ_BATCH} Ids a call). */
  byIds(ids: readonly string[]): Promise<VoiceCallRow[]>;
  /** Reads the VoiceCalls of the given vendor call keys, i.e. ContactIds (at most {@link VOICECALL_READ_BATCH} a call). */
  byVendorCallKeys(keys: readonly string[]): Promise<VoiceCallRow[]>;
}

/** Ids per verification query: keeps `Id IN (...)` well under SOQL's length limit. */
const VOICECALL_READ_BATCH = 200;

export { VOICECALL_READ_BATCH };
export type { CandidatePage, CandidateQuery, VoiceCallReader };
