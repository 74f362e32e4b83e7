import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import type { DemoResult } from '../../offline/runOfflineDemo.ts';
import type { CliIo } from '../CliIo.ts';
import { CliExit } from '../CliExit.ts';
import { EXIT } from '../exitCodes.ts';
import { wholeNumber } from '../parsers.ts';

/** A file the demo leaves in its folder, so a later run knows it may wipe that folder. */
const DEMO_MARKER = '.ctr-resync-demo';

/**
 * Refuses a `--dir` the demo may not wipe: anything but a missing or empty folder, or one holding
 * the demo's marker file (so `--dir .` or a folder of one's own is never deleted).
 *
 * @throws ConfigError naming `--dir` and the fix
 */
function assertDemoDirIsOurs(dir: string): void {
  if (!existsSync(dir)) return;
  const fix = 'choose a new or empty folder (the default is .demo), or remove that folder yourself';
  if (!statSync(dir).isDirectory()) throw new ConfigError('--dir', `--dir ${dir} is not a folder; ${fix}.`);
  const names = readdirSync(dir);
  if (names.length === 0 || names.includes(DEMO_MARKER)) return;
  throw new ConfigError('--dir', `--dir ${resolve(dir)} is a non-empty folder the demo did not create, and the demo wipes its folder first; ${fix}.`);
}

/** Marks the folder as the demo's (after it wiped and re-created it). */
function markDemoDir(dir: string): void {
  const marker = join(dir, DEMO_MARKER);
  if (existsSync(marker)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, 'Written by `ctr-resync demo`: this folder may be wiped by the next demo run.\n');
}

function row(label: string, before: number | string, after: number | string, note = ''): string {
  return `  ${label.padEnd(48)}${String(before).padStart(8)}${String(after).padStart(8)}${note ? `   ${note}` : ''}`;
}

function formatDemo(r: DemoResult): string {
  const excludedByRule = new Map<string, number>();
  for (const rec of r.missing.records)
    if (rec.outcome === 'excluded') excludedByRule.set(rec.rule ?? '?', (excludedByRule.get(rec.rule ?? '?') ?? 0) + 1);
  const rules = [...excludedByRule].map(([k, v]) => `${k} ${v}`).join(', ');
  const patches = r.checker.patchesSent + r.missing.summary.patchesSent + r.diff.summary.patchesSent;
  const fixed = r.checker.repaired + r.missing.summary['resynced-confirmed'] + r.diff.summary['resynced-confirmed'];
  const apiCalls = Object.entries(r.apiCalls)
    .map(([endpoint, n]) => `    ${endpoint.padEnd(48)}${String(n).padStart(7)}`)
    .join('\n');
  return [
    '',
    `Before → after, for the simulated day ${r.day}:`,
    `  ${''.padEnd(48)}${'before'.padStart(8)}${'after'.padStart(8)}`,
    row('VoiceCalls', r.before.voiceCalls, r.after.voiceCalls),
    row('missing CTR data', r.before.missingCtrData, r.after.missingCtrData),
    row('  fixable from the archive', r.before.fixableFromArchive, r.after.fixableFromArchive),
    row(
      'repaired by the checker minutes after the call',
      '',
      r.checker.repaired,
      `${r.checker.delaySeconds / 60} min (simulated) after each call; ${r.checker.alreadySynced} of ${r.checker.delivered} checks found SCV's sync had worked`,
    ),
    row(
      'fixed and confirmed (missing mode)',
      '',
      r.missing.summary['resynced-confirmed'] - r.dataLake.repaired,
      `expected ${r.expectedFixes} with the checker's`,
    ),
    row(
      'contacts missing from the archive (audit)',
      r.dataLake.auditMissingFromArchive,
      '',
      `known to Connect's data lake (simulated), never captured: consumer off ${r.capture.consumerOff.batches} batches, ${r.capture.neverArchived} never streamed`,
    ),
    row(
      'repaired from the data lake',
      '',
      r.dataLake.repaired,
      `no captured CTR; ${r.dataLake.imported} rebuilt versions imported, ${r.dataLake.partial} partial, ${r.dataLake.excluded} excluded by SCV rules`,
    ),
    row('stale syncs fixed (diff mode)', '', r.diff.summary['resynced-confirmed']),
    row('excluded by SCV rules (never patched)', '', r.missing.summary.excluded, rules),
    row('unconfirmed', '', r.missing.summary['resynced-unconfirmed'] + r.diff.summary['resynced-unconfirmed']),
    row('failed', '', r.missing.summary.failed + r.diff.summary.failed),
    row(
      'left with no archived CTR',
      '',
      r.missing.summary['no-archived-ctr'],
      `not in the capture, and the data lake could not decide SCV's rules for them (${r.dataLake.undecidable} undecidable rows)`,
    ),
    row('archived CTRs with no VoiceCall', r.before.orphanedCtrs, r.after.orphanedCtrs),
    row('quarantined records', r.before.quarantined, r.after.quarantined),
    `  PATCH requests: ${patches} for ${fixed} fixes (minimum ${fixed}); API calls on the simulator:`,
    apiCalls,
    `  reports: ${r.reportFiles.reconcile}, ${r.reportFiles.coverage}`,
    '',
    r.succeeded ? 'Every call that could be fixed was fixed and confirmed.' : 'NOT everything that should have been fixed was fixed: see the report.',
    '',
  ].join('\n');
}

/** `ctr-resync demo`: the whole loop offline, on embedded defaults. */
function demoCommand(io: CliIo): Command {
  return new Command('demo')
    .description(
      'Run the whole loop offline: a simulated day of CTRs → archive → org simulator with lost syncs → reconcile → verify → coverage report.',
    )
    .option('--records <n>', 'CTR stream records to simulate', wholeNumber(10, 100_000), 5000)
    .option('--lost <percent>', 'share of SCV syncs lost, in percent', wholeNumber(0, 100), 8)
    .option('--seed <n>', 'seed of the simulated day (same seed, same day)', wholeNumber(0), 42)
    .option('--dir <folder>', 'where the archive and reports go (wiped first; must be new, empty or an earlier demo folder)', '.demo')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Nothing to configure: the org simulator, the archive and the CTRs are all local. Exit status 1 if
anything that should have been fixed was not.

Examples:
  $ npm run demo
  $ npx ctr-resync demo --records 20000 --lost 15 --dir /tmp/demo`,
    )
    .action(async (flags: { records: number; lost: number; seed: number; dir: string; json?: boolean }) => {
      const dir = resolve(io.cwd, flags.dir);
      assertDemoDirIsOurs(dir);
      const started = Date.now();
      const say = (line: string) => {
        markDemoDir(dir);
        if (!flags.json) io.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
      };
      if (!flags.json)
        io.stdout.write(
          `[${(0).toFixed(1).padStart(5)} s] offline demo: org simulator (a stand-in for Salesforce + SCV) and a local archive in ${join(flags.dir, 'archive')}\n`,
        );
      // Loaded here, not at the top: the demo is the only command that needs the simulator package.
      const { runOfflineDemo } = await import('../../offline/runOfflineDemo.ts');
      let result: DemoResult;
      try {
        result = await runOfflineDemo({
          workDir: dir,
          records: flags.records,
          lostSyncFraction: flags.lost / 100,
          seed: flags.seed,
          now: io.now(),
          onStep: say,
        });
      } finally {
        markDemoDir(dir);
      }
      if (flags.json)
        io.stdout.write(
          `${JSON.stringify({ ...result, missing: result.missing.summary, diff: result.diff.summary, coverageReport: undefined }, null, 2)}\n`,
        );
      else io.stdout.write(`${formatDemo(result)}finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (!result.succeeded) throw new CliExit(EXIT.failures);
    });
}

export { demoCommand };
