import PQueue from 'p-queue';
import { CtrArchive } from '../src/archive/CtrArchive.ts';
import { FsArchiveStore } from '../src/archive/FsArchiveStore.ts';
import type { ContactTraceRecord } from '../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../src/ctr/parseCtr.ts';
import { generateContactCenterDay } from '@ctr-resync/org-simulator/offline';
import { SeededRandom } from '@ctr-resync/org-simulator/offline';
import type { RunningOrgSimulator, SeedSummary, VoiceCallInput } from '@ctr-resync/org-simulator';

/** Defaults of {@link buildScenario}. */
const SCENARIO_DEFAULTS = {
  days: 4,
  perDay: 5000,
  liveCalls: 50,
  lostSyncFraction: 0.08,
  /** Day d (0-based) is generated and seeded with seed `seedBase + d`. */
  seedBase: 1000,
  /** Live calls started within this many minutes before `now`, so they stay live (< 30 min) for the whole bench. */
  liveWithinMinutes: 20,
} as const;

/** What the org and the archive are built from. */
interface Scenario {
  /** One entry per day, oldest first: every CTR version of the day. */
  readonly days: readonly { readonly day: string; readonly seed: number; readonly ctrs: readonly ContactTraceRecord[] }[];
  /** Calls in progress: VoiceCall created at call start, no CTR yet (none archived). */
  readonly live: readonly VoiceCallInput[];
  readonly liveKeys: ReadonlySet<string>;
  /** Start of the first day: reconcile's window start. */
  readonly windowFrom: Date;
  readonly lostSyncFraction: number;
}

/** Options of {@link buildScenario}. */
interface ScenarioOptions {
  readonly days?: number;
  readonly perDay?: number;
  readonly liveCalls?: number;
  readonly lostSyncFraction?: number;
  readonly seedBase?: number;
  /** The wall clock at set-up: the days end yesterday (UTC), live calls start just before it. */
  readonly now: Date;
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Generates D realistic contact-center days (distinct seeds, ending yesterday, UTC) and the live
 * calls. The generator's `neverArchived` set is ignored: here the archive holds every CTR version,
 * so both approaches can read any CTR.
 */
function buildScenario(options: ScenarioOptions): Scenario {
  const dayCount = options.days ?? SCENARIO_DEFAULTS.days;
  const seedBase = options.seedBase ?? SCENARIO_DEFAULTS.seedBase;
  const today = Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate());
  const days = Array.from({ length: dayCount }, (_, d) => {
    const day = new Date(today - (dayCount - d) * 86_400_000).toISOString().slice(0, 10);
    const seed = seedBase + d;
    return { day, seed, ctrs: generateContactCenterDay({ day, records: options.perDay ?? SCENARIO_DEFAULTS.perDay, seed }).ctrs };
  });
  const random = new SeededRandom(seedBase - 1);
  const count = options.liveCalls ?? SCENARIO_DEFAULTS.liveCalls;
  const live: VoiceCallInput[] = Array.from({ length: count }, (_, i) => {
    const start = options.now.getTime() - Math.round(((i + 1) / (count + 1)) * SCENARIO_DEFAULTS.liveWithinMinutes * 60_000);
    return {
      VendorCallKey: random.uuid(),
      CallStartDateTime: isoSeconds(start),
      CreatedDate: isoSeconds(start),
      CallType: 'Inbound',
      FromPhoneNumber: `+1555555${String(random.int(0, 9999)).padStart(4, '0')}`,
      ToPhoneNumber: '+18005550100',
    };
  });
  return {
    days,
    live,
    liveKeys: new Set(live.map((c) => String(c.VendorCallKey))),
    windowFrom: new Date(today - dayCount * 86_400_000),
    lostSyncFraction: options.lostSyncFraction ?? SCENARIO_DEFAULTS.lostSyncFraction,
  };
}

/**
 * Archives every CTR version of the scenario into a local folder (no fsync: set-up, not measured).
 *
 * @returns the number of versions stored
 */
async function writeArchive(scenario: Scenario, root: string): Promise<number> {
  return writeArchiveTo(scenario, new CtrArchive(new FsArchiveStore({ root, fsync: false })), 16);
}

/**
 * Archives every CTR version of the scenario into the given archive (any store), `concurrency`
 * writes at a time.
 *
 * @returns the number of versions stored
 */
async function writeArchiveTo(scenario: Scenario, archive: CtrArchive, concurrency: number): Promise<number> {
  const queue = new PQueue({ concurrency });
  let stored = 0;
  for (const { ctrs } of scenario.days) {
    for (const ctr of ctrs) {
      void queue.add(async () => {
        const result = await archive.put(parseCtr(JSON.stringify(ctr)));
        if (result.outcome === 'stored') stored += 1;
      });
    }
    await queue.onIdle();
  }
  return stored;
}

/**
 * Seeds an org as SCV would have left it: each day's CTRs through SCV's sync with
 * `lostSyncFraction` of syncs lost (seed = the day's seed), then the live calls.
 *
 * @param lostSyncFraction - overrides the scenario's (0 builds the "nothing lost" reference org)
 */
async function seedOrg(sim: RunningOrgSimulator, scenario: Scenario, lostSyncFraction = scenario.lostSyncFraction): Promise<SeedSummary[]> {
  const summaries: SeedSummary[] = [];
  for (const { ctrs, seed } of scenario.days) summaries.push(await sim.seedFromCtrs(ctrs, { lostSyncFraction, seed }));
  if (scenario.live.length > 0) sim.insertVoiceCalls(scenario.live);
  return summaries;
}

/** The newest version (by LastUpdateTimestamp) of every contact's CTR. */
function newestCtrs(scenario: Scenario): Map<string, ContactTraceRecord> {
  const newest = new Map<string, ContactTraceRecord>();
  for (const { ctrs } of scenario.days) {
    for (const ctr of ctrs) {
      const id = String(ctr.ContactId);
      const seen = newest.get(id);
      if (seen === undefined || String(ctr.LastUpdateTimestamp) > String(seen.LastUpdateTimestamp)) newest.set(id, ctr);
    }
  }
  return newest;
}

export { buildScenario, newestCtrs, SCENARIO_DEFAULTS, seedOrg, writeArchive, writeArchiveTo };
export type { Scenario, ScenarioOptions };
