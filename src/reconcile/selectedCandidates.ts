import { VOICECALL_READ_BATCH, type VoiceCallReader } from '../ports/VoiceCallReader.ts';
import { salesforceIdSuffix } from '../validation/salesforceId.ts';
import type { VoiceCallRow } from '../voicecall/voiceCallFields.ts';

/** An explicit choice of candidates. */
interface Selection {
  readonly voiceCallIds?: readonly string[];
  readonly contactIds?: readonly string[];
}

/** A Salesforce Id in its canonical 18-character form (what queries answer). */
function id18(id: string): string {
  const id15 = id.slice(0, 15);
  return `${id15}${salesforceIdSuffix(id15)}`;
}

/** The selected VoiceCalls, each once, read 200 at a time; `missing` collects what matched none. */
async function* selectedCandidates(reader: VoiceCallReader, only: Selection, missing: string[]): AsyncGenerator<VoiceCallRow> {
  const seen = new Set<string>();
  const lookups = [
    { wanted: (only.voiceCallIds ?? []).map(id18), read: (batch: readonly string[]) => reader.byIds(batch), keyOf: (row: VoiceCallRow) => row.Id },
    {
      wanted: only.contactIds ?? [],
      read: (batch: readonly string[]) => reader.byVendorCallKeys(batch),
      keyOf: (row: VoiceCallRow) => row.VendorCallKey,
    },
  ];
  for (const { wanted, read, keyOf } of lookups) {
    for (let i = 0; i < wanted.length; i += VOICECALL_READ_BATCH) {
      const batch = wanted.slice(i, i + VOICECALL_READ_BATCH);
      const rows = await read(batch);
      const found = new Set(rows.map(keyOf));
      missing.push(...batch.filter((key) => !found.has(key)));
      for (const row of rows) {
        if (seen.has(row.Id)) continue;
        seen.add(row.Id);
        yield row;
      }
    }
  }
}

export { selectedCandidates };
export type { Selection };
