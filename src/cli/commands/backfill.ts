import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { Command } from 'commander';
import { backfillExecutionName, backfillWindows, type BackfillInput } from '../../backfill/backfillWindows.ts';
import { ConfigError } from '../../errors.ts';
import type { CliIo } from '../CliIo.ts';
import { CliExit } from '../CliExit.ts';
import { EXIT } from '../exitCodes.ts';
import { wholeNumber } from '../parsers.ts';

/** What the backfill command needs from AWS; tests inject a client (e.g. wrapped by aws-sdk-client-mock). */
interface BackfillDeps {
  /** Step Functions client; by default one for the state machine's region, with the SDK's standard credentials. */
  readonly client?: Pick<SFNClient, 'send'>;
}

interface BackfillFlags {
  from: string;
  to: string;
  stateMachineArn: string;
  windowHours: number;
  dryRun?: boolean;
  json?: boolean;
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;
/** Step Functions' maximum execution input (256 KiB, UTF-8). */
const MAX_INPUT_BYTES = 262_144;
/** Errors that mean the ARN (or the input) is wrong, not that AWS is unreachable. */
const USAGE_ERRORS: Record<string, string> = {
  InvalidArn: '--state-machine-arn',
  StateMachineDoesNotExist: '--state-machine-arn',
  StateMachineDeleting: '--state-machine-arn',
  InvalidExecutionInput: '--to',
  InvalidName: '--from',
};

/** The state machine's region, from its ARN. @throws ConfigError when the text is not a state machine ARN */
function stateMachineRegion(arn: string): string {
  const m = STATE_MACHINE_ARN.exec(arn.trim());
  if (!m) {
    throw new ConfigError(
      '--state-machine-arn',
      `--state-machine-arn ${JSON.stringify(arn)} is not a Step Functions state machine ARN (the stack's BackfillStateMachineArn output, arn:aws:states:<region>:<account>:stateMachine:<name>)`,
    );
  }
  return m[1] as string;
}

/** Starts the execution; maps Step Functions errors to a usage error or "unavailable" (exit 3). */
async function startExecution(
  client: Pick<SFNClient, 'send'>,
  io: CliIo,
  stateMachineArn: string,
  name: string,
  input: string,
): Promise<{ executionArn: string; startDate?: Date }> {
  try {
    const out = await client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
    if (!out.executionArn) throw new Error('StartExecution returned no executionArn');
    return { executionArn: out.executionArn, ...(out.startDate ? { startDate: out.startDate } : {}) };
  } catch (error) {
    const errorName = (error as Error).name;
    const setting = USAGE_ERRORS[errorName];
    if (setting) throw new ConfigError(setting, `Step Functions refused the backfill (${errorName}): ${(error as Error).message}`, { cause: error });
    io.stderr.write(`error: could not start the backfill on ${stateMachineArn}: ${errorName}: ${(error as Error).message}\n`);
    if (errorName === 'AccessDeniedException') io.stderr.write('hint: the caller needs states:StartExecution on that state machine\n');
    else io.stderr.write('hint: check AWS credentials and network (AWS_PROFILE, AWS_REGION are taken from the environment)\n');
    throw new CliExit(EXIT.unavailable);
  }
}

/**
 * `ctr-resync backfill`: reconciles a past date range through the stack's Step Functions state
 * machine, one reconcile Lambda run per window (a day by default), a bounded number at a time.
 *
 * @param io - process I/O
 * @param deps - injected AWS client (tests)
 */
function backfillCommand(io: CliIo, deps: BackfillDeps = {}): Command {
  return new Command('backfill')
    .description(
      'Reconcile a past date range in AWS: start the backfill state machine, which runs the reconcile Lambda once per day window, a few at a time.',
    )
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <day>', 'last day included, YYYY-MM-DD (UTC), today at the latest')
    .requiredOption('--state-machine-arn <arn>', "the stack's BackfillStateMachineArn output")
    .option('--window-hours <n>', 'hours per reconcile run: 24, or 12, 8, 6, 4, 3, 2, 1 for busy days', wholeNumber(1, 24), 24)
    .option('--dry-run', 'start nothing; print the execution input (JSON) to stdout')
    .option('--json', 'print {executionArn, name, windows} as JSON')
    .addHelpText(
      'after',
      `
Each window [since, until) becomes one reconcile Lambda invocation with {since, until}; the ledger
in the archive keeps a CTR version from being sent twice, also when a window overlaps the scheduled
reconcile (each run claims a VoiceCall's CTR version before sending it). At most 366 days per
execution.

Examples:
  $ ctr-resync backfill --from 2026-01-01 --to 2026-03-31 --state-machine-arn arn:aws:states:eu-west-1:123456789012:stateMachine:Backfill...
  $ ctr-resync backfill --from 2026-01-01 --to 2026-01-07 --state-machine-arn <arn> --dry-run > input.json

Exit status 0 once the execution has started (follow it with aws stepfunctions describe-execution);
2 for a wrong day, range or ARN; 3 when AWS could not be reached or refused access.`,
    )
    .action(async (flags: BackfillFlags) => {
      const region = stateMachineRegion(flags.stateMachineArn);
      const now = io.now();
      const windows = backfillWindows(flags.from, flags.to, { windowHours: flags.windowHours, now });
      const input: BackfillInput = { from: flags.from, to: flags.to, windows };
      const text = JSON.stringify(input);
      if (Buffer.byteLength(text) > MAX_INPUT_BYTES)
        throw new ConfigError(
          '--to',
          `The execution input would be ${Buffer.byteLength(text)} bytes (Step Functions takes 256 KiB): use a shorter range`,
        );
      const name = backfillExecutionName(flags.from, flags.to, now);
      const summary = `backfill ${flags.from}..${flags.to}: ${windows.length} window(s) of ${flags.windowHours}h`;
      if (flags.dryRun) {
        io.stderr.write(`Dry run, nothing started: ${summary}, execution name ${name}\n`);
        io.stdout.write(`${JSON.stringify(input, null, 2)}\n`);
        return;
      }
      const client = deps.client ?? new SFNClient({ region });
      const started = await startExecution(client, io, flags.stateMachineArn.trim(), name, text);
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ executionArn: started.executionArn, name, windows: windows.length, startDate: started.startDate?.toISOString() }, null, 2)}\n`,
        );
        return;
      }
      io.stderr.write(`Started ${summary}\nFollow it: aws stepfunctions describe-execution --execution-arn ${started.executionArn}\n`);
      io.stdout.write(`${started.executionArn}\n`);
    });
}

export { backfillCommand };
export type { BackfillDeps };
