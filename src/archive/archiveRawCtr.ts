import type { ParsedCtr } from '../ctr/ContactTraceRecord.ts';
import { parseCtr } from '../ctr/parseCtr.ts';
import { MalformedCtrError } from '../errors.ts';
import { versionId } from './archiveKeys.ts';
import type { CtrArchive, QuarantineSource } from './CtrArchive.ts';

/** What happened to one incoming record. */
type ArchiveRawOutcome =
  | {
      readonly outcome: 'archived' | 'duplicate';
      readonly contactId: string;
      readonly key: string;
      readonly versionId: string;
      /** The CTR's Channel (`VOICE`, `CHAT`...), undefined when it has none. */
      readonly channel: string | undefined;
    }
  | { readonly outcome: 'quarantined'; readonly reason: MalformedCtrError['reason']; readonly key: string };

/** Where a record came from, and when it arrived. */
interface RawCtrContext {
  readonly receivedAt: string;
  readonly source: QuarantineSource;
}

/**
 * The capture use case shared by the Kinesis Lambda and the import CLI: parse a raw record;
 * archive it when it is a usable CTR, otherwise quarantine it with its reason and raw bytes.
 * Nothing is filtered: chat, QUEUE_TRANSFER, NoSync and voicemail CTRs are all archived.
 *
 * @param parse - how to turn the bytes into a CTR (throws MalformedCtrError when it cannot)
 * @throws ArchiveUnavailableError when the archive or the quarantine write fails (retry later)
 */
async function archiveRawCtr(
  archive: CtrArchive,
  raw: Uint8Array,
  context: RawCtrContext,
  parse: (raw: Uint8Array) => ParsedCtr = parseCtr,
): Promise<ArchiveRawOutcome> {
  let ctr: ParsedCtr;
  try {
    ctr = parse(raw);
  } catch (error) {
    if (!(error instanceof MalformedCtrError)) throw error;
    const { key } = await archive.quarantine({ raw, reason: error.reason, message: error.message, ...context });
    return { outcome: 'quarantined', reason: error.reason, key };
  }
  const { outcome, key } = await archive.put(ctr);
  const channel = typeof ctr.ctr.Channel === 'string' ? ctr.ctr.Channel : undefined;
  return { outcome: outcome === 'stored' ? 'archived' : 'duplicate', contactId: ctr.contactId, key, versionId: versionId(ctr), channel };
}

export { archiveRawCtr };
export type { ArchiveRawOutcome, RawCtrContext };
