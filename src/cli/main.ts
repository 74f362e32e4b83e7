import { Command, CommanderError } from 'commander';
import { ArchiveUnavailableError, ConfigError, CtrResyncError, EmptyArchiveError, InputReadError, InvalidIdentifierError, SalesforceApiError } from '../errors.ts';
import { archiveCommand } from './commands/archive.ts';
import { backfillCommand } from './commands/backfill.ts';
import { demoCommand } from './commands/demo.ts';
import { reconcileCommand } from './commands/reconcile.ts';
import { reportCommand } from './commands/report.ts';
import { simCommand } from './commands/sim.ts';
import { CliExit } from './CliExit.ts';
import { type CliIo, processIo } from './CliIo.ts';
import { EXIT } from './exitCodes.ts';

/** Builds the root command; each sub-command lives in `commands/<name>.ts`. */
function buildProgram(io: CliIo): Command {
  const program = new Command('ctr-resync')
    .description('Archive every Amazon Connect CTR and resync lost Service Cloud Voice VoiceCall data, verified.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .addHelpText('after', `
Examples:
  $ ctr-resync demo                                   the whole loop offline, nothing to configure
  $ ctr-resync archive import ./firehose/ --archive s3://my-ctr-archive/prod
  $ ctr-resync reconcile --since 7d --dry-run
  $ ctr-resync report --since 30d --html coverage.html
  $ ctr-resync sim --port 8787                        run the org simulator alone

Exit status: 0 done; 1 some records failed or stayed unconfirmed; 2 bad flag or setting;
3 archive or org unreachable; 70 internal error. Run 'ctr-resync <command> --help' for details.`);
  program.addCommand(archiveCommand(io));
  program.addCommand(reconcileCommand(io));
  program.addCommand(reportCommand(io));
  program.addCommand(demoCommand(io));
  program.addCommand(simCommand(io));
  program.addCommand(backfillCommand(io));
  const inherit = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError('(run with --help for usage)');
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** Maps a thrown error to an exit status, printing what went wrong and what to do. */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CliExit) return error.exitCode;
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ConfigError || error instanceof InvalidIdentifierError || error instanceof EmptyArchiveError) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof ArchiveUnavailableError || (error instanceof SalesforceApiError && (error.retryable || error.status === 401 || error.status === 403))) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT.unavailable;
  }
  if (error instanceof InputReadError || error instanceof CtrResyncError) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT.failures;
  }
  io.stderr.write(`internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.internal;
}

/**
 * Runs the CLI.
 *
 * @param argv - full argv, as `process.argv` (node, script, ...args)
 * @param io - process I/O; tests inject their own
 * @returns the exit status
 */
async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

export { buildProgram, main };
