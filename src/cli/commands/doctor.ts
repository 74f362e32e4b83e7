import { Command } from 'commander';
import { type DoctorCheck, doctorExitCode, runDoctorChecks } from '../../doctor/runDoctorChecks.ts';
import { CliExit } from '../CliExit.ts';
import type { CliIo } from '../CliIo.ts';

/** Options of `ctr-resync doctor`. */
interface DoctorOptions {
  archive?: string;
  json?: boolean;
}

const MARK: Record<DoctorCheck['status'], string> = { ok: '✓', setting: '✗', dependency: '✗', skipped: '-' };

function formatCheck(check: DoctorCheck): string {
  const line = `${MARK[check.status]} ${check.name}: ${check.detail}`;
  return check.fix === undefined ? line : `${line}\n    fix: ${check.fix}`;
}

/**
 * `ctr-resync doctor`: checks every setting and dependency without changing anything, one line
 * per check (`✓`, `✗` with the fix, `-` skipped), or `--json`.
 *
 * @param io - process I/O (tests inject their own)
 */
function doctorCommand(io: CliIo): Command {
  return new Command('doctor')
    .description('Check every setting and dependency (archive, org login, API version, VoiceCall fields, Telephony API) without changing anything.')
    .option('--archive <location>', 's3://bucket/prefix or a local folder (overrides CTR_ARCHIVE)')
    .option('--json', 'print the checks as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ ctr-resync doctor
  $ ctr-resync doctor --archive s3://my-ctr-archive/prod --json

Checks, in order: the settings (archive, Salesforce, VoiceCall writer; each group on its own); the
archive lists and reads one CTR object; the archive is writable; the org issues a token; the org
offers SF_API_VERSION (GET /services/data/); VoiceCall's fields are readable (a LIMIT 1 query); the
Telephony API accepts our JWT. A check whose prerequisite failed is shown as skipped.

It changes nothing, with one exception: to prove the archive is writable, it writes one small probe
object under doctor/ (never under ctr/, ledger/ or reports/) and deletes it at once. The Telephony
check sends PATCH /voiceCalls/<a VoiceCall Id that names no record> with the body [] (no field to
apply); see docs/doctor.md for why that is harmless and what it proves.

Exit status: 0 every check passed; 2 a setting is wrong (the archive holds no CTR counts here);
3 a dependency could not be reached or refused our credentials.`,
    )
    .action(async (opts: DoctorOptions) => {
      const checks = await runDoctorChecks({ env: io.env, ...(opts.archive !== undefined ? { archiveFlag: opts.archive } : {}) });
      const exitCode = doctorExitCode(checks);
      if (opts.json) io.stdout.write(`${JSON.stringify({ ok: exitCode === 0, exitCode, checks }, null, 2)}\n`);
      else {
        for (const check of checks) io.stdout.write(`${formatCheck(check)}\n`);
        const failed = checks.filter((c) => c.status === 'setting' || c.status === 'dependency').length;
        io.stdout.write(failed === 0 ? 'All checks passed.\n' : `${failed} check(s) failed.\n`);
      }
      if (exitCode !== 0) throw new CliExit(exitCode);
    });
}

export { doctorCommand };
