import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { ARCHIVE_PREFIXES } from '../constants.ts';
import { type ArchiveSettings, openArchive, parseArchiveSettings } from '../config/archiveLocation.ts';
import { loadSalesforceConnection, loadWriterSettings, type ReconcileSettings } from '../config/reconcileSettings.ts';
import { ConfigError, SalesforceApiError } from '../errors.ts';
import { VOICECALL_FIELDS } from '../voicecall/voiceCallFields.ts';
import { SalesforceClient } from '../salesforce/SalesforceClient.ts';
import { probeTelephonyAuth } from './probeTelephonyAuth.ts';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * One check's result. `setting`: a setting is wrong (exit 2); `dependency`: a dependency could
 * not be reached or refused our credentials (exit 3); `skipped`: a check it needs failed first.
 */
type DoctorStatus = 'ok' | 'setting' | 'dependency' | 'skipped';

/** One line of the doctor's report. Details and fixes never repeat a secret or a setting's value. */
interface DoctorCheck {
  readonly name: string;
  readonly status: DoctorStatus;
  readonly detail: string;
  readonly fix?: string;
}

/** What the checks read: the environment (read only), the `--archive` flag, a clock for the probe. */
interface DoctorSources {
  readonly env: Env;
  readonly archiveFlag?: string;
  readonly readFile?: (path: string) => string;
  /** Per-request timeout of every network check. @default 15000 */
  readonly timeoutMs?: number;
}

/** The one key doctor writes (and deletes at once): never under `ctr/`, `ledger/` or any other data prefix. */
const PROBE_PREFIX = 'doctor/';
const DEFAULT_TIMEOUT_MS = 15_000;

const ok = (name: string, detail: string): DoctorCheck => ({ name, status: 'ok', detail });
const skipped = (name: string, needs: string): DoctorCheck => ({ name, status: 'skipped', detail: `skipped: needs ${needs}` });

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A settings group parsed on its own, so one wrong setting does not hide the others. */
function parseGroup<T>(name: string, parse: () => T): { value?: T; check: DoctorCheck } {
  try {
    return { value: parse(), check: ok(name, 'parsed and valid') };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      check: {
        name,
        status: 'setting',
        detail: error.message,
        fix: `fix ${error.setting} (see the README's Configuration table)`,
      },
    };
  }
}

async function checkArchiveHoldsCtrs(archive: CtrArchive): Promise<DoctorCheck> {
  const name = 'archive: reachable, readable, holds CTRs';
  try {
    for await (const object of archive.store.list(ARCHIVE_PREFIXES.versions)) {
      await archive.store.get(object.key);
      return ok(name, `${archive.store.location}: listed and read one CTR object`);
    }
    return {
      name,
      status: 'setting',
      detail: `${archive.store.location} holds no CTR (nothing under ${ARCHIVE_PREFIXES.versions})`,
      fix: 'point CTR_ARCHIVE (or --archive) at the archive root, or fill it: ctr-resync archive import <files or folders>',
    };
  } catch (error) {
    return { name, status: 'dependency', detail: message(error), fix: 'check the location exists and that these credentials may list and read it' };
  }
}

async function checkArchiveWritable(archive: CtrArchive): Promise<DoctorCheck> {
  const name = 'archive: writable (ledger and reports)';
  const { store } = archive;
  const key = `${PROBE_PREFIX}probe-${randomUUID()}.json`;
  try {
    await store.put(key, `${JSON.stringify({ probe: 'ctr-resync doctor', writtenAt: new Date().toISOString() })}\n`);
  } catch (error) {
    return {
      name,
      status: 'dependency',
      detail: message(error),
      fix: `allow writes to ${store.location} (reconcile writes ${ARCHIVE_PREFIXES.ledger} there)`,
    };
  }
  try {
    await store.delete?.(key);
  } catch (error) {
    return { name, status: 'ok', detail: `wrote ${key}, but could not delete it (${message(error)}); delete it by hand` };
  }
  return ok(name, `wrote and deleted the probe ${key}`);
}

function refused(error: unknown): boolean {
  return error instanceof SalesforceApiError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429;
}

async function checkSalesforce(settings: ReconcileSettings['salesforce'], timeoutMs: number): Promise<DoctorCheck[]> {
  const login = 'Salesforce: login (token request)';
  const version = `Salesforce: API version ${settings.apiVersion}`;
  const fields = 'Salesforce: VoiceCall fields readable';
  const client = new SalesforceClient({ ...settings, requestTimeoutMs: timeoutMs, retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1_000 } });
  let instanceUrl: string;
  try {
    instanceUrl = await client.authenticate();
  } catch (error) {
    const fix = refused(error)
      ? 'the org refused these credentials: check SF_CLIENT_ID, SF_USERNAME and that SF_PRIVATE_KEY_FILE matches the certificate on the connected app (or SF_CLIENT_SECRET)'
      : 'the org could not be reached: check SF_LOGIN_URL and the network';
    return [{ name: login, status: 'dependency', detail: message(error), fix }, skipped(version, 'a login'), skipped(fields, 'a login')];
  }
  const checks: DoctorCheck[] = [ok(login, `token issued for ${instanceUrl}`)];
  try {
    const listed = (await client.request<{ version?: unknown }[]>('GET', '/services/data/')) ?? [];
    const versions = Array.isArray(listed) ? listed.map((v) => String(v.version)) : [];
    if (versions.includes(settings.apiVersion)) checks.push(ok(version, 'listed by GET /services/data/'));
    else {
      checks.push({
        name: version,
        status: 'setting',
        detail: `the org does not offer it (it lists ${versions.length} versions, newest ${versions.at(-1) ?? 'none'})`,
        fix: `set SF_API_VERSION to a version the org lists, e.g. ${versions.at(-1) ?? '61.0'}`,
      });
      return [...checks, skipped(fields, 'a supported API version')];
    }
  } catch (error) {
    checks.push({
      name: version,
      status: 'dependency',
      detail: message(error),
      fix: 'GET /services/data/ failed: check SF_LOGIN_URL and the network',
    });
    return [...checks, skipped(fields, 'the API version check')];
  }
  try {
    for await (const _ of client.query(`SELECT ${VOICECALL_FIELDS.join(', ')} FROM VoiceCall LIMIT 1`)) break;
    checks.push(ok(fields, `SELECT <${VOICECALL_FIELDS.length} fields> FROM VoiceCall LIMIT 1 answered`));
  } catch (error) {
    const fix =
      error instanceof SalesforceApiError && ['INVALID_FIELD', 'INVALID_TYPE', 'INSUFFICIENT_ACCESS'].includes(error.errorCode)
        ? "give the integration user read access (field-level security) to VoiceCall's CTR fields"
        : 'the query failed: see the message';
    checks.push({ name: fields, status: 'dependency', detail: message(error), fix });
  }
  return checks;
}

async function checkWriter(writer: ReconcileSettings['writer'], timeoutMs: number): Promise<DoctorCheck> {
  if (writer.kind === 'lambda') {
    return {
      name: 'Telephony API: accepts our JWT',
      status: 'skipped',
      detail: 'skipped: SCV_WRITER=lambda; doctor never invokes InvokeTelephonyIntegrationApiFunction (any call would be a PATCH)',
    };
  }
  return probeTelephonyAuth(writer, timeoutMs);
}

/**
 * Runs every check of `ctr-resync doctor`, in order, changing nothing: settings (each group on its
 * own), the archive (list and read one CTR; write and delete one probe under `doctor/`, the only
 * write), the org (token, API version, a `LIMIT 1` VoiceCall query) and the Telephony API (a
 * request that carries nothing to apply; see probeTelephonyAuth.ts). A check whose prerequisite
 * failed is reported as skipped.
 *
 * @returns one {@link DoctorCheck} per line
 */
async function runDoctorChecks(sources: DoctorSources): Promise<DoctorCheck[]> {
  const { env } = sources;
  const readFile = sources.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const timeoutMs = sources.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const archive = parseGroup<ArchiveSettings>('settings: archive (CTR_ARCHIVE)', () => parseArchiveSettings(env, sources.archiveFlag));
  const salesforce = parseGroup('settings: Salesforce (SF_*)', () => loadSalesforceConnection(env, {}, readFile));
  const writer = parseGroup('settings: VoiceCall writer (SCV_*)', () => loadWriterSettings(env, {}, readFile));
  const checks: DoctorCheck[] = [archive.check, salesforce.check, writer.check];

  if (archive.value === undefined) {
    checks.push(
      skipped('archive: reachable, readable, holds CTRs', 'valid archive settings'),
      skipped('archive: writable (ledger and reports)', 'valid archive settings'),
    );
  } else {
    const opened = openArchive(archive.value.location, archive.value.s3);
    const holds = await checkArchiveHoldsCtrs(opened);
    checks.push(holds);
    checks.push(
      holds.status === 'dependency' ? skipped('archive: writable (ledger and reports)', 'a reachable archive') : await checkArchiveWritable(opened),
    );
  }
  if (salesforce.value === undefined) {
    for (const name of ['Salesforce: login (token request)', 'Salesforce: API version', 'Salesforce: VoiceCall fields readable'])
      checks.push(skipped(name, 'valid Salesforce settings'));
  } else checks.push(...(await checkSalesforce(salesforce.value, timeoutMs)));
  checks.push(
    writer.value === undefined ? skipped('Telephony API: accepts our JWT', 'valid writer settings') : await checkWriter(writer.value, timeoutMs),
  );
  return checks;
}

/** The exit status of a report: 2 if a setting is wrong, else 3 if a dependency failed, else 0. */
function doctorExitCode(checks: readonly DoctorCheck[]): 0 | 2 | 3 {
  if (checks.some((c) => c.status === 'setting')) return 2;
  if (checks.some((c) => c.status === 'dependency')) return 3;
  return 0;
}

export { doctorExitCode, PROBE_PREFIX, runDoctorChecks };
export type { DoctorCheck, DoctorSources, DoctorStatus };
