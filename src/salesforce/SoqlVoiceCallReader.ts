import type { CandidateQuery, VoiceCallReader } from '../ports/VoiceCallReader.ts';
import { VOICECALL_READ_BATCH } from '../ports/VoiceCallReader.ts';
import { VOICECALL_FIELDS, type VoiceCallRow } from '../voicecall/voiceCallFields.ts';
import { validateContactId } from '../ctr/validateContactId.ts';
import type { SalesforceClient } from './SalesforceClient.ts';
import { soqlDateTime, soqlIdList, soqlString } from './soql.ts';

const SELECT = `SELECT ${VOICECALL_FIELDS.join(', ')} FROM VoiceCall`;

/**
 * Reads VoiceCalls over the REST query API. Every value in the SOQL is a validated Id, a formatted
 * datetime, or a predicate rebuilt by `predicateToSoql`: nothing from data or flags goes in raw.
 */
class SoqlVoiceCallReader implements VoiceCallReader {
  public constructor(
    private readonly client: SalesforceClient,
    private readonly options: { readonly batchSize?: number } = {},
  ) {}

  public async *candidates(query: CandidateQuery): AsyncIterable<VoiceCallRow> {
    const where = [`CallStartDateTime >= ${soqlDateTime(query.from)}`, `CallStartDateTime < ${soqlDateTime(query.to)}`];
    if (query.predicateSoql) where.push(`(${query.predicateSoql})`);
    // In start-time order, so a run can finish with a day (write its decision manifest, drop it from memory).
    yield* this.client.query<VoiceCallRow>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY CallStartDateTime, Id`, {
      ...this.options,
      ...(query.onPage ? { onPage: query.onPage } : {}),
    });
  }

  public async byIds(ids: readonly string[]): Promise<VoiceCallRow[]> {
    if (ids.length === 0) return [];
    if (ids.length > VOICECALL_READ_BATCH) throw new RangeError(`At most ${VOICECALL_READ_BATCH} Ids a call, got ${ids.length}`);
    return this.#all(`${SELECT} WHERE Id IN ${soqlIdList(ids)}`);
  }

  public async byVendorCallKeys(keys: readonly string[]): Promise<VoiceCallRow[]> {
    if (keys.length === 0) return [];
    if (keys.length > VOICECALL_READ_BATCH) throw new RangeError(`At most ${VOICECALL_READ_BATCH} keys a call, got ${keys.length}`);
    const list = keys.map((key) => soqlString(validateContactId(key))).join(', ');
    return this.#all(`${SELECT} WHERE VendorCallKey IN (${list})`);
  }

  async #all(soql: string): Promise<VoiceCallRow[]> {
    const rows: VoiceCallRow[] = [];
    for await (const row of this.client.query<VoiceCallRow>(soql)) rows.push(row);
    return rows;
  }
}

export { SoqlVoiceCallReader };
