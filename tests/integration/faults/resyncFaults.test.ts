import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { FsArchiveStore } from '../../../src/archive/FsArchiveStore.ts';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { type ReconcileReport, reportSucceeded, UNSUCCESSFUL } from '../../../src/reconcile/ReconcileReport.ts';
import { diffVoiceCall, type ExpectedValues, expectedValues, type VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';
import { scvExclusion } from '../../../src/transform/scvExclusion.ts';
import { transformCtr } from '../../../src/transform/transformCtr.ts';
import { fsArchive, tempDir } from '../../helpers/archives.ts';
import { startOrgHarness } from '../../helpers/orgHarness.ts';
import { generateContactCenterDay, type SimulatorConfigPatch } from '../../helpers/simulatorPackage.ts';
import { auditPatches } from '../../helpers/telephonyAudit.ts';

/** Sizes: one day of 600 CTR records (505 VoiceCalls) for every scenario, 15% of syncs lost (each scenario its own draw). */
const RECORDS = 600;
const DAY_SEED = 100;
const LOST_SYNC_FRACTION = 0.15;
const VERIFY_TIMEOUT_MS = 2_000;
/** retryUnconfirmed runs allowed after the two normal runs (faults stay on throughout). */
const MAX_RETRY_RUNS = 8;

/**
 * One fault scenario: the simulator settings that inject it, and proof that its Telephony-side
 * faults happened. REST faults are reported, not required: how many REST calls a run makes (and
 * so whether a low rate hits one) depends on how often verification polls.
 */
interface Scenario {
  readonly name: string;
  readonly seed: number;
  readonly faults: SimulatorConfigPatch;
  readonly happened: (evidence: Evidence) => boolean;
}

interface Evidence {
  readonly tokenRequests: number;
  readonly restFaults: number;
  readonly byOutcome: Readonly<Record<string, number>>;
  readonly statuses: ReadonlySet<number>;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'token expiry (1 s access tokens)', seed: 101, faults: { tokenTtlSeconds: 1 }, happened: (e) => e.tokenRequests > 1 },
  {
    name: '429 storm (30% of PATCHes, 10% of REST calls, and a 15/s Telephony limit)',
    seed: 102,
    faults: { telephonyRatePerSecond: 15, errorRates: { telephony: { '429': 0.3 }, rest: { '429': 0.1 } } },
    happened: (e) => e.statuses.has(429),
  },
  {
    name: '503 with Retry-After (20% of PATCHes, 10% of REST calls)',
    seed: 103,
    faults: { errorRates: { telephony: { '503': 0.2 }, rest: { '503': 0.1 } } },
    happened: (e) => e.statuses.has(503),
  },
  {
    name: '500 (10% of PATCHes, 5% of REST calls)',
    seed: 104,
    faults: { errorRates: { telephony: { '500': 0.1 }, rest: { '500': 0.05 } } },
    happened: (e) => e.statuses.has(500),
  },
  {
    name: 'dropped connections (10% of PATCHes, 5% of REST calls)',
    seed: 105,
    faults: { errorRates: { telephony: { drop: 0.1 }, rest: { drop: 0.05 } } },
    happened: (e) => (e.byOutcome.dropped ?? 0) > 0,
  },
  {
    name: 'lost applies (15% of accepted PATCHes never applied)',
    seed: 106,
    faults: { lostApplyFraction: 0.15 },
    happened: (e) => (e.byOutcome.lost ?? 0) > 0,
  },
  {
    name: 'all mixed',
    seed: 107,
    faults: {
      tokenTtlSeconds: 1,
      lostApplyFraction: 0.1,
      telephonyRatePerSecond: 30,
      errorRates: {
        telephony: { '429': 0.1, '500': 0.05, '503': 0.05, drop: 0.05 },
        rest: { '429': 0.03, '500': 0.03, '503': 0.03, drop: 0.03 },
        oauth: { '503': 0.1 },
      },
    },
    happened: (e) =>
      e.tokenRequests > 1 && [429, 500, 503].every((s) => e.statuses.has(s)) && (e.byOutcome.dropped ?? 0) > 0 && (e.byOutcome.lost ?? 0) > 0,
  },
];

/** Newest version first, as the archive orders them (LastUpdateTimestamp). */
function newest(ctrs: readonly ContactTraceRecord[]): ContactTraceRecord {
  return ctrs.reduce((a, b) => (String(b.LastUpdateTimestamp) > String(a.LastUpdateTimestamp) ? b : a));
}

/** Archives every CTR version, 16 at a time (the archive handles concurrent writes). */
async function archiveAllConcurrently(archive: CtrArchive, ctrs: readonly ContactTraceRecord[]): Promise<void> {
  for (let i = 0; i < ctrs.length; i += 16) await Promise.all(ctrs.slice(i, i + 16).map((c) => archive.put(parseCtr(JSON.stringify(c)))));
}

describe('resync under Salesforce faults (org simulator over HTTP)', { concurrency: true }, () => {
  // The day and its archive are built once; each scenario reconciles its own copy of the archive
  // (the ledger lives in it) against its own simulator.
  const day = generateContactCenterDay({ day: '2026-11-20', records: RECORDS, seed: DAY_SEED, neverArchived: 0, malformed: 0 });
  const template = fsArchive();
  const archived = archiveAllConcurrently(template.archive, day.ctrs);
  archived.catch(() => undefined); // awaited (and reported) by every test
  after(() => template.remove());

  for (const scenario of SCENARIOS) {
    test(scenario.name, async (t) => {
      const started = performance.now();
      const trace = (step: string): void => {
        if (process.env.FAULT_SUITE_TRACE) console.log(`[${scenario.name}] ${step} at ${Math.round(performance.now() - started)} ms`);
      };
      // Prepare: an org whose SCV sync lost 15% of the syncs, and every CTR in the archive.
      const org = await startOrgHarness({ seed: scenario.seed, retryAfterSeconds: 1 });
      const copy = tempDir('faults-archive');
      t.after(async () => {
        await org.close();
        copy.remove();
      });
      const seeded = await org.sim.seedFromCtrs(day.ctrs, { lostSyncFraction: LOST_SYNC_FRACTION, seed: scenario.seed });
      await archived;
      cpSync(template.root, copy.path, { recursive: true });
      const made = { archive: new CtrArchive(new FsArchiveStore({ root: copy.path, fsync: false })) };

      // The oracle: which VoiceCalls lack CTR data and can be fixed, and with which values.
      const versions = new Map<string, ContactTraceRecord[]>();
      for (const ctr of day.ctrs) versions.set(ctr.ContactId as string, [...(versions.get(ctr.ContactId as string) ?? []), ctr]);
      const fixable = new Map<string, { expected: ExpectedValues; versions: ContactTraceRecord[] }>();
      let voiceCalls = 0;
      for (const [contactId, ctrs] of versions) {
        for (const row of org.sim.findVoiceCalls(contactId)) {
          voiceCalls += 1;
          if (row.CustomerHoldDuration !== null || row.DisconnectReason !== null) continue;
          const latest = newest(ctrs);
          if (scvExclusion(latest)) continue;
          fixable.set(row.Id as string, { expected: expectedValues(transformCtr(latest).fields), versions: ctrs });
        }
      }
      trace('prepared');
      const holds = (id: string): boolean =>
        diffVoiceCall(org.sim.getVoiceCall(id) as unknown as VoiceCallRow, fixable.get(id)?.expected ?? {}).length === 0;
      assert.ok(fixable.size > 40, `enough fixable calls (${fixable.size})`);

      // Act: two normal runs, then retryUnconfirmed runs until nothing is left; faults on throughout.
      org.sim.setConfig(scenario.faults);
      const reports: { report: ReconcileReport; retry: boolean; seqs: [number, number] }[] = [];
      const lastSeq = (): number => org.sim.telephonyLog().at(-1)?.seq ?? 0;
      const run = async (retry: boolean): Promise<ReconcileReport> => {
        const from = lastSeq() + 1;
        const report = await org.reconcile(made.archive, { verifyTimeoutMs: VERIFY_TIMEOUT_MS, ...(retry ? { retryUnconfirmed: true } : {}) });
        reports.push({ report, retry, seqs: [from, lastSeq()] });
        trace(`run ${reports.length}${retry ? ' (retryUnconfirmed)' : ''} done: ${JSON.stringify(report.summary)}`);
        // Never silently left: every fixable call now holds its values, or this run reported it unsuccessful.
        const outcomes = new Map(report.records.map((r) => [r.voiceCallId, r.outcome]));
        for (const id of fixable.keys()) {
          const outcome = outcomes.get(id);
          if (outcome !== undefined && !UNSUCCESSFUL.has(outcome)) assert.ok(holds(id), `${id} reported ${outcome} but does not hold its values`);
          if (!holds(id))
            assert.ok(
              outcome !== undefined && UNSUCCESSFUL.has(outcome),
              `${id} lacks its values and run ${reports.length} reported ${outcome ?? 'nothing'}`,
            );
        }
        return report;
      };
      await run(false);
      let last = await run(false);
      let retryRuns = 0;
      while ((!reportSucceeded(last) || [...fixable.keys()].some((id) => !holds(id))) && retryRuns < MAX_RETRY_RUNS) {
        retryRuns += 1;
        last = await run(true);
      }
      await org.sim.settled();

      // Assess: everything fixable is fixed and confirmed; nothing was PATCHed twice.
      const unfixed = [...fixable.keys()].filter((id) => !holds(id));
      assert.deepEqual(unfixed, [], `${unfixed.length} fixable calls left unfixed after ${retryRuns} retryUnconfirmed runs`);
      assert.ok(reportSucceeded(last), JSON.stringify(last.summary));
      const log = org.sim.telephonyLog();
      const audit = auditPatches(
        log,
        new Map([...fixable].map(([id, f]) => [id, f.versions])),
        reports.filter((r) => r.retry).map((r) => r.seqs),
      );
      assert.deepEqual(audit.patchedTwice, [], 'no version PATCHed twice (a lost answer is never resent by a normal run)');
      assert.deepEqual(audit.appliedTwice, [], 'no version applied twice');
      assert.equal(audit.unknownBodies, 0, 'every PATCH carries an archived version');
      assert.equal(audit.toUnfixable, 0, 'no PATCH to an excluded or already synced VoiceCall');
      assert.equal(audit.pairs, fixable.size, 'each fixable call got its newest version');

      const counters = org.sim.counters();
      const restFaults = Object.entries(counters.endpoints)
        .filter(([key]) => key.includes('/services/data/'))
        .reduce((n, [, c]) => n + c.faults, 0);
      const evidence: Evidence = {
        tokenRequests: counters.endpoints['POST /services/oauth2/token']?.requests ?? 0,
        restFaults,
        byOutcome: audit.byOutcome,
        statuses: new Set(log.map((e) => e.status)),
      };
      assert.ok(scenario.happened(evidence), `the faults happened: ${JSON.stringify({ ...evidence, statuses: [...evidence.statuses] })}`);

      const first = reports[0]?.report.summary;
      const summary =
        `resync [${scenario.name}]: ${voiceCalls} VoiceCalls, ${seeded.lost} lost syncs, ${fixable.size} fixable; ` +
        `run 1: ${first?.['resynced-confirmed']} confirmed, ${first?.['resynced-unconfirmed']} unconfirmed, ${first?.failed} failed; ` +
        `2 normal runs + ${retryRuns} retryUnconfirmed runs; final: ${fixable.size - unfixed.length} of ${fixable.size} fixed and confirmed; ` +
        `PATCH requests ${audit.requests} (${Object.entries(audit.byOutcome)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}), REST faults ${restFaults}, token requests ${evidence.tokenRequests}; ` +
        `versions PATCHed twice ${audit.patchedTwice.length}, applied twice ${audit.appliedTwice.length}, resent on purpose by retryUnconfirmed after a lost apply or lost answer ${audit.resentAfterLostApply}`;
      t.diagnostic(summary);
    });
  }
});
