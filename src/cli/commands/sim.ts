import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
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
  readyFile?: string;
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

/** What `--seed` read: the CTR objects, and what it could not use (counted, never printed whole). */
interface SeedInput {
  readonly ctrs: ContactTraceRecord[];
  files: number;
  /** Records that are not UTF-8 JSON objects, and text between records (what `archive import` quarantines). */
  unusable: number;
  /** Files that could not be read to their end, and entries skipped (hidden files, FIFOs...). */
  readonly problems: string[];
}

/**
 * CTRs from files and folders, read by `archive import`'s own reader (src/importing): Firehose
 * output (objects concatenated), NDJSON, JSON objects or arrays, gzipped or not, folders recursively.
 */
async function readSeed(path: string, given: string): Promise<SeedInput> {
  try {
    await stat(path);
  } catch (error) {
    throw new ConfigError('--seed', `--seed: cannot read ${given} (${(error as NodeJS.ErrnoException).code ?? 'error'}): pass a CTR file or folder`, {
      cause: error,
    });
  }
  const { listFiles, readCtrFile } = await import('../../importing/readCtrSources.ts');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const seed: SeedInput = { ctrs: [], files: 0, unusable: 0, problems: [] };
  const take = (bytes: Uint8Array): void => {
    try {
      const value = JSON.parse(decoder.decode(bytes)) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        seed.ctrs.push(value as ContactTraceRecord);
        return;
      }
    } catch {
      // counted below
    }
    seed.unusable += 1;
  };
  for await (const entry of listFiles([path])) {
    if (entry.kind !== 'file') {
      seed.problems.push(entry.message);
      continue;
    }
    seed.files += 1;
    try {
      for await (const item of readCtrFile(entry.path)) {
        if (item.kind === 'record') take(item.bytes);
        else seed.unusable += 1;
      }
    } catch (error) {
      if (!(error instanceof InputReadError)) throw error;
      seed.problems.push(error.message);
    }
  }
  return seed;
}

async function readConfigFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigError('--config', `Cannot read the simulator config ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** A listen failure the user can fix with a flag (a busy or privileged port, an unknown host), as a ConfigError. */
function listenError(error: unknown, opts: SimOptions): ConfigError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new ConfigError(
      '--port',
      `--port: port ${opts.port} on ${opts.host} is already in use (another simulator?): stop that process, or pass another --port (0 picks a free one)`,
      { cause: error },
    );
  if (code === 'EACCES')
    return new ConfigError('--port', `--port: port ${opts.port} needs privileges: pass a port from 1024 up (0 picks a free one)`, { cause: error });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ConfigError(
      '--host',
      `--host: this machine cannot listen on that address (${code}): pass an address of this machine, e.g. 127.0.0.1`,
      { cause: error },
    );
  return undefined;
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
    .option(
      '--seed <path>',
      'seed VoiceCalls from the CTRs in this file or folder (every format `archive import` reads), as SCV would have synced them',
    )
    .option('--lost-sync-fraction <f>', 'with --seed: fraction of CTR syncs that were lost (0..1)', fraction, 0)
    .option('--config <file>', 'JSON file of simulator settings (faults, delays, limits, customFields; see docs/simulator.md)')
    .option('--credentials-out <dir>', 'folder for the credentials and private keys (files mode 0600; reused when present)', DEFAULT_CREDENTIALS_DIR)
    .option(
      '--ready-file <file>',
      'write this file (the URL and the process id, JSON) once the simulator listens and is seeded; deleted when it stops',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ ctr-resync sim
  $ ctr-resync sim --port 8443 --seed ./ctr-samples --lost-sync-fraction 0.1
  $ ctr-resync sim --config ./faults.json --credentials-out ./.sim-keys
  $ ctr-resync sim --port 8787 --ready-file .sim/ready.json &   then wait until .sim/ready.json exists

The simulator prints its URL (use it as the login URL, instance URL and, with /telephony/v1, as the
SCRT base URL) and where the keys are. Private keys and the client secret are written to files,
never printed. --seed reads Firehose output, NDJSON, JSON objects or arrays, gzipped or not, files or
folders, and warns when it seeded no CTR. A port already in use is a flag error (exit status 2). Stop
it with Ctrl+C or SIGTERM.`,
    )
    .action(async (opts: SimOptions) => {
      const dir = resolve(io.cwd, opts.credentialsOut);
      const config = opts.config === undefined ? {} : await readConfigFile(resolve(io.cwd, opts.config));
      const seed = opts.seed === undefined ? undefined : await readSeed(resolve(io.cwd, opts.seed), opts.seed);
      const readyFile = opts.readyFile === undefined ? undefined : resolve(io.cwd, opts.readyFile);
      if (readyFile !== undefined) await rm(readyFile, { force: true });
      // Loaded here, not at the top: only this command (and the demo) uses the simulator package.
      const { generateSimulatorCredentials, startOrgSimulator } = await import('@ctr-resync/org-simulator');
      const { scvSync } = await import('../../transform/scvSync.ts');
      const { credentials, reused } = await credentialsIn(dir, generateSimulatorCredentials);
      let sim: RunningOrgSimulator;
      try {
        sim = await startOrgSimulator({
          port: opts.port,
          host: opts.host,
          credentials,
          config: config as SimulatorConfigPatch,
          now: () => io.now(),
          scvSync,
        });
      } catch (error) {
        throw listenError(error, opts) ?? error;
      }
      try {
        const out = (line: string): unknown => io.stdout.write(`${line}\n`);
        out(`Org simulator (not a real Salesforce org) listening on ${sim.url}`);
        out(`  login and instance URL  ${sim.url}`);
        out(`  SCRT base URL           ${sim.url}/telephony/v1`);
        out(`  admin API               ${sim.url}/_simulator/`);
        out(`  credentials             ${join(dir, FILES.credentials)}${reused ? ' (reused)' : ''}`);
        out(`  private keys            ${join(dir, FILES.connectedAppKey)}, ${join(dir, FILES.contactCenterKey)} (mode 0600)`);
        if (seed !== undefined) {
          const s = await sim.seedFromCtrs(seed.ctrs, { lostSyncFraction: opts.lostSyncFraction, seed: sim.config.seed });
          out(
            `Seeded from ${s.ctrs} CTRs (${s.contacts} contacts): ${s.created} VoiceCalls created, ${s.synced} syncs applied, ${s.lost} lost, ${s.excluded.total} excluded by SCV rules, ${s.rejected} rejected`,
          );
          for (const problem of seed.problems) io.stderr.write(`warning: ${problem}\n`);
          if (seed.unusable > 0)
            io.stderr.write(`warning: ${seed.unusable} record(s) in ${opts.seed} are not CTR objects (not UTF-8 JSON objects); not seeded\n`);
          if (seed.ctrs.length === 0)
            io.stderr.write(
              `warning: seeded 0 CTRs: ${opts.seed} (${seed.files} file(s) read) holds no CTR (expected CTR JSON objects: Firehose output, NDJSON, JSON objects or arrays, gzipped or not)\n`,
            );
        }
        if (readyFile !== undefined) {
          await mkdir(dirname(readyFile), { recursive: true });
          await writeFile(readyFile, `${JSON.stringify({ url: sim.url, pid: process.pid })}\n`);
        }
        out('Press Ctrl+C to stop.');
        await (hooks.untilStopped ?? untilSignal)(sim);
      } finally {
        if (readyFile !== undefined) await rm(readyFile, { force: true });
        await sim.close();
      }
      io.stdout.write('Org simulator stopped.\n');
    });
}

export { simCommand };
export type { SimCommandHooks };
