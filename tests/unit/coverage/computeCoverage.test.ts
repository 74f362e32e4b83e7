import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { computeCoverage } from '../../../src/coverage/computeCoverage.ts';
import type { CoverageReport } from '../../../src/coverage/CoverageReport.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import type { CandidateQuery } from '../../../src/ports/VoiceCallReader.ts';
import type { VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';
import { ctrFactory, emptyVoiceCallRow } from '../../helpers/factories.ts';
import { InMemoryArchiveStore, InMemoryOrg } from '../../helpers/inMemoryPorts.ts';

const id = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const vcId = (n: number) => `0LQ${String(n).padStart(12, '0')}`;
const WINDOW = { from: new Date('2026-03-01T12:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
const NOW = new Date('2026-03-05T00:00:00Z');

/** A reader that records every query, to see how much of the window each one spans. */
class RecordingOrg extends InMemoryOrg {
  public readonly queries: CandidateQuery[] = [];
  public vendorKeyQueries = 0;

  public override candidates(query: CandidateQuery): AsyncIterable<VoiceCallRow> {
    this.queries.push(query);
    return super.candidates(query);
  }

  public override async byVendorCallKeys(keys: readonly string[]): Promise<VoiceCallRow[]> {
    this.vendorKeyQueries += 1;
    return super.byVendorCallKeys(keys);
  }
}

/**
 * The window-wide count (what `report` computed before it went day by day): every VoiceCall key of
 * the window in one set, archived voice contacts listed once over the window.
 */
async function windowWideOrphans(org: InMemoryOrg, archive: CtrArchive): Promise<Record<string, number>> {
  const keys = new Set<string>();
  for await (const row of org.candidates(WINDOW)) if (row.VendorCallKey) keys.add(row.VendorCallKey);
  const out: Record<string, number> = {};
  for await (const c of archive.contactsInWindow(WINDOW)) {
    if (c.channel !== 'VOICE' || keys.has(c.contactId)) continue;
    const day = c.initiationTimestamp.slice(0, 10);
    out[day] = (out[day] ?? 0) + 1;
  }
  return out;
}

function orphansByDay(report: CoverageReport): Record<string, number> {
  return Object.fromEntries(report.days.filter((d) => d.orphanedCtrs > 0).map((d) => [d.day, d.orphanedCtrs]));
}

async function fixture(): Promise<{ org: RecordingOrg; archive: CtrArchive }> {
  const archive = new CtrArchive(new InMemoryArchiveStore());
  const at = (n: number, iso: string, extra: Record<string, unknown> = {}) =>
    archive.put(parseCtr(JSON.stringify(ctrFactory({ ContactId: id(n), InitiationTimestamp: iso, ...extra }))));
  await at(1, '2026-03-02T08:00:00Z'); // VoiceCall the same day
  await at(2, '2026-03-02T23:59:58Z'); // its VoiceCall starts after midnight: not an orphan
  await at(3, '2026-03-02T09:00:00Z'); // no VoiceCall: orphan
  await at(4, '2026-03-03T10:00:00Z'); // VoiceCall outside the window only: orphan, as before
  await at(5, '2026-03-03T11:00:00Z', { Channel: 'CHAT' }); // not voice
  await at(6, '2026-03-01T13:00:00Z'); // VoiceCall the same day
  await at(7, '2026-03-01T11:00:00Z'); // before the window
  await at(9, '2026-03-02T05:00:00Z'); // orphan indexed twice: counted once, at its first entry
  await at(9, '2026-03-03T07:00:00Z', { LastUpdateTimestamp: '2026-11-20T11:00:00Z' });
  await at(10, '2026-03-01T11:00:00Z'); // orphan whose first entry lies before the window: counted at the second
  await at(10, '2026-03-02T06:00:00Z', { LastUpdateTimestamp: '2026-11-20T11:00:00Z' });
  for (let n = 100; n < 530; n += 1) await at(n, '2026-03-03T12:00:00Z'); // 430 orphans: three VendorCallKey batches
  const org = new RecordingOrg([
    emptyVoiceCallRow({ Id: vcId(1), VendorCallKey: id(1), CallStartDateTime: '2026-03-02T08:00:03Z' }),
    emptyVoiceCallRow({ Id: vcId(2), VendorCallKey: id(2), CallStartDateTime: '2026-03-03T00:00:01Z' }),
    emptyVoiceCallRow({ Id: vcId(4), VendorCallKey: id(4), CallStartDateTime: '2026-03-05T10:00:00Z' }),
    emptyVoiceCallRow({ Id: vcId(6), VendorCallKey: id(6), CallStartDateTime: '2026-03-01T13:00:02Z' }),
    emptyVoiceCallRow({ Id: vcId(8), VendorCallKey: null, CallStartDateTime: '2026-03-03T13:00:00Z' }),
  ]);
  return { org, archive };
}

describe('computeCoverage', () => {
  it('counts orphaned voice CTRs day by day exactly as the window-wide count did, calls across midnight included', async () => {
    // Prepare
    const { org, archive } = await fixture();
    const expected = await windowWideOrphans(org, archive);
    // Act
    const report = await computeCoverage({ reader: org, archive, now: () => NOW }, { ...WINDOW, predicateSoql: 'CustomerHoldDuration = null' });
    // Assess
    assert.deepEqual(orphansByDay(report), expected);
    assert.deepEqual(orphansByDay(report), { '2026-03-02': 3, '2026-03-03': 431 });
    assert.equal(report.totals.orphanedCtrs, 434);
  });

  it('reads every VoiceCall one UTC hour at a time, never the whole window in one query', async () => {
    // Prepare
    const { org, archive } = await fixture();
    // Act
    const report = await computeCoverage({ reader: org, archive, now: () => NOW }, { ...WINDOW, predicateSoql: 'CustomerHoldDuration = null' });
    // Assess: the pieces tile the window, each at most an hour inside one UTC hour
    const allRows = org.queries.filter((q) => q.predicateSoql === undefined);
    assert.equal(allRows.length, 60);
    assert.equal(allRows[0]?.from.getTime(), WINDOW.from.getTime());
    assert.equal(allRows.at(-1)?.to.getTime(), WINDOW.to.getTime());
    for (const [n, q] of allRows.entries()) {
      assert.ok(q.to.getTime() - q.from.getTime() <= 3_600_000 && q.from.getUTCHours() === new Date(q.to.getTime() - 1).getUTCHours());
      if (n > 0) assert.equal(q.from.getTime(), allRows[n - 1]?.to.getTime());
    }
    assert.deepEqual(
      report.days.map((d) => [d.day, d.voiceCalls]),
      [
        ['2026-03-01', 1],
        ['2026-03-02', 1],
        ['2026-03-03', 2],
      ],
    );
    // c3's hour, c2's (its call starts after midnight), c4's, c9's two, c10's, and the 430 of 12:00 in batches of at most 200
    assert.equal(org.vendorKeyQueries, 1 + 1 + 1 + 2 + 1 + 3);
  });
});
