import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunningOrgSimulator, SimulatorConfigPatch, SimulatorCredentials } from '@ctr-resync/org-simulator';
import { Command, InvalidArgumentError } from 'commander';
import type { ContactTraceRecord } from '../../ctr/ContactTraceRecord.ts';
import { ConfigError, InputReadError } from '../../errors.ts';
import type { CliIo } from '../CliIo.ts';
import { wholeNumber } from '../parsers.ts';

const DEFAULT_CREDENTIALS_DIR = '.simulator-credentials';
const FILES = { credentials: 'credentials.json', connectedAppKey: 'connected-app.key', contactCenterKey: 'contact-center.key' } as const;

/** Options of `ctr-resync sim`. */
interface SimOptions {
  port: number;
  host: string;
  seed?: string;
  lostSyncFraction: number;
  config?: string;
  credentialsOut: string;
}

/** Hooks for tests: what to do while the simulator runs (default: wait for SIGINT or SIGTERM). */
interface SimCommandHooks {
  readonly untilStopped?: (sim: RunningOrgSimulator) => Promise<void>;
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`expected a number from 0 to 1, got ${JSON.stringify(value)}.`);
  return n;
}

async function writeSecret(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** Loads credentials written by an earlier run, or generates and writes new ones (0600 files). */
async function credentialsIn(dir: string, generate: () => SimulatorCredentials): Promise<{ credentials: SimulatorCredentials; reused: boolean }> {
  const file = join(dir, FILES.credentials);
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      connectedApp: Omit<SimulatorCredentials['connectedApp'], 'privateKeyPem'>;
      contactCenter: Omit<SimulatorCredentials['contactCenter'], 'privateKeyPem'>;
    };
    const connectedAppKey = await readFile(join(dir, FILES.connectedAppKey), 'utf8');
    const contactCenterKey = await readFile(join(dir, FILES.contactCenterKey), 'utf8');
    return {
      credentials: {
        connectedApp: { ...saved.connectedApp, privateKeyPem: connectedAppKey },
        contactCenter: { ...saved.contactCenter, privateKeyPem: contactCenterKey },
      },
      reused: true,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigError('--credentials-out', `Cannot read the simulator credentials in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const credentials = generate();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKeyPem: appKey, ...connectedApp } = credentials.connectedApp;
  const { privateKeyPem: centerKey, ...contactCenter } = credentials.contactCenter;
  await writeSecret(join(dir, FILES.connectedAppKey), appKey);
  await writeSecret(join(dir, FILES.contactCenterKey), centerKey);
  await writeSecret(file, `${JSON.stringify({ connectedApp, contactCenter }, null, 2)}\n`);
  return { credentials, reused: false };
}

/** CTRs from every `.json` file under a folder: an object, an array of objects, or NDJSON. */
async function readCtrFolder(folder: string): Promise<ContactTraceRecord[]> {
  const ctrs: ContactTraceRecord[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if ((await stat(path)).isDirectory()) await walk(path);
      else if (name.endsWith('.json') || name.endsWith('.ndjson')) {
        const text = await readFile(path, 'utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          try {
            parsed = text
              .split('\n')
              .filter((l) => l.trim() !== '')
              .map((l) => JSON.parse(l) as unknown);
          } catch (error) {
            throw new InputReadError(path, `${path} is neither JSON nor NDJSON: ${(error as Error).message}`, { cause: error });
          }
        }
        for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
          if (typeof item !== 'object' || item === null || Array.isArray(item))
            throw new InputReadError(path, `${path} holds something other than CTR objects.`);
          ctrs.push(item as ContactTraceRecord);
        }
      }
    }
  };
  try {
    await walk(folder);
  } catch (error) {
    if (error instanceof InputReadError) throw error;
    throw new InputReadError(folder, `Cannot read ${folder}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  return ctrs;
}

async function readConfigFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigError('--config', `Cannot read the simulator config ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `ctr-resync sim`: runs the local org simulator until SIGINT/SIGTERM.
 *
 * @param io - process I/O (tests inject their own)
 * @param hooks - test hooks; by default the command waits for a signal
 */
function simCommand(io: CliIo, hooks: SimCommandHooks = {}): Command {
  return new Command('sim')
    .description(
      'Run the local org simulator: a stand-in Salesforce org with Service Cloud Voice (OAuth, REST/SOQL on VoiceCall, Telephony Integration API) for demos, tests and benchmarks. It is not a real org.',
    )
    .option('--port <n>', 'TCP port (0 picks a free one)', wholeNumber(0, 65_535), 0)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <folder>', 'seed VoiceCalls from the CTR .json/.ndjson files in this folder, as SCV would have synced them')
    .option('--lost-sync-fraction <f>', 'with --seed: fraction of CTR syncs that were lost (0..1)', fraction, 0)
    .option('--config <file>', 'JSON file of simulator settings (faults, delays, limits, customFields; see docs/simulator.md)')
    .option('--credentials-out <dir>', 'folder for the credentials and private keys (files mode 0600; reused when present)', DEFAULT_CREDENTIALS_DIR)
    .addHelpText(
      'after',
      `
Examples:
  $ ctr-resync sim
  $ ctr-resync sim --port 8443 --seed ./ctr-samples --lost-sync-fraction 0.1
  $ ctr-resync sim --config ./faults.json --credentials-out ./.sim-keys

The simulator prints its URL (use it as the login URL, instance URL and, with /telephony/v1, as the
SCRT base URL) and where the keys are. Private keys and the client secret are written to files,
never printed. Stop it with Ctrl+C.`,
    )
    .action(async (opts: SimOptions) => {
      const dir = resolve(io.cwd, opts.credentialsOut);
      const config = opts.config === undefined ? {} : await readConfigFile(resolve(io.cwd, opts.config));
      const ctrs = opts.seed === undefined ? undefined : await readCtrFolder(resolve(io.cwd, opts.seed));
      // Loaded here, not at the top: only this command (and the demo) uses the simulator package.
      const { generateSimulatorCredentials, startOrgSimulator } = await import('@ctr-resync/org-simulator');
      const { scvSync } = await import('../../transform/scvSync.ts');
      const { credentials, reused } = await credentialsIn(dir, generateSimulatorCredentials);
      const sim = await startOrgSimulator({
        port: opts.port,
        host: opts.host,
        credentials,
        config: config as SimulatorConfigPatch,
        now: () => io.now(),
        scvSync,
      });
      try {
        const out = (line: string): unknown => io.stdout.write(`${line}\n`);
        out(`Org simulator (not a real Salesforce org) listening on ${sim.url}`);
        out(`  login and instance URL  ${sim.url}`);
        out(`  SCRT base URL           ${sim.url}/telephony/v1`);
        out(`  admin API               ${sim.url}/_simulator/`);
        out(`  credentials             ${join(dir, FILES.credentials)}${reused ? ' (reused)' : ''}`);
        out(`  private keys            ${join(dir, FILES.connectedAppKey)}, ${join(dir, FILES.contactCenterKey)} (mode 0600)`);
        if (ctrs !== undefined) {
          const s = await sim.seedFromCtrs(ctrs, { lostSyncFraction: opts.lostSyncFraction, seed: sim.config.seed });
          out(
            `Seeded from ${s.ctrs} CTRs (${s.contacts} contacts): ${s.created} VoiceCalls created, ${s.synced} syncs applied, ${s.lost} lost, ${s.excluded.total} excluded by SCV rules, ${s.rejected} rejected`,
          );
        }
        out('Press Ctrl+C to stop.');
        await (hooks.untilStopped ?? untilSignal)(sim);
      } finally {
        await sim.close();
      }
      io.stdout.write('Org simulator stopped.\n');
    });
}

export { simCommand };
export type { SimCommandHooks };
