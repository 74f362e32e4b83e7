import { Command, Help } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { type CliIo, processIo } from './CliIo.ts';
import { EXIT } from './exitCodes.ts';
import { reportError } from './reportError.ts';

/**
 * A sub-command as the root command lists it, and how to load it. Only the sub-command being run
 * is imported (with its dependencies: the AWS SDK, the Salesforce client, the simulator...); for
 * `--help`, `--version` or an unknown command, none is. Each `description` is the command's own
 * (a test checks that they stay equal).
 */
interface CommandEntry {
  readonly name: string;
  readonly description: string;
  /** Whether the command takes options: the root help lists it as `<name> [options]`. */
  readonly hasOptions: boolean;
  readonly load: (io: CliIo) => Promise<Command>;
}

const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'archive',
    description: "Work with the CTR archive (import files or the data lake, show a contact's versions).",
    hasOptions: false,
    load: async (io) => (await import('./commands/archive.ts')).archiveCommand(io),
  },
  {
    name: 'reconcile',
    description:
      'Find VoiceCalls whose CTR sync was lost (or went stale), re-apply the newest archived CTR exactly as SCV would, once per CTR version, and verify it landed.',
    hasOptions: true,
    load: async (io) => (await import('./commands/reconcile.ts')).reconcileCommand(io),
  },
  {
    name: 'report',
    description:
      'Sync coverage per day: VoiceCalls, with CTR data, missing CTR data, fixable from the archive, archived CTRs with no VoiceCall, quarantined records.',
    hasOptions: true,
    load: async (io) => (await import('./commands/report.ts')).reportCommand(io),
  },
  {
    name: 'demo',
    description:
      'Run the whole loop offline: a simulated day of CTRs → archive → org simulator with lost syncs → reconcile → verify → coverage report.',
    hasOptions: true,
    load: async (io) => (await import('./commands/demo.ts')).demoCommand(io),
  },
  {
    name: 'sim',
    description:
      'Run the local org simulator: a stand-in Salesforce org with Service Cloud Voice (OAuth, REST/SOQL on VoiceCall, Telephony Integration API) for demos, tests and benchmarks. It is not a real org.',
    hasOptions: true,
    load: async (io) => (await import('./commands/sim.ts')).simCommand(io),
  },
  {
    name: 'audit',
    description: 'Completeness audit per UTC day: contacts Connect knows vs the archive vs VoiceCalls.',
    hasOptions: true,
    load: async (io) => (await import('./commands/audit.ts')).auditCommand(io),
  },
  {
    name: 'backfill',
    description:
      'Reconcile a past date range in AWS: start the backfill state machine, which runs the reconcile Lambda once per day window, a few at a time.',
    hasOptions: true,
    load: async (io) => (await import('./commands/backfill.ts')).backfillCommand(io),
  },
  {
    name: 'doctor',
    description: 'Check every setting and dependency (archive, org login, API version, VoiceCall fields, Telephony API) without changing anything.',
    hasOptions: true,
    load: async (io) => (await import('./commands/doctor.ts')).doctorCommand(io),
  },
];

/** The sub-command an argv asks for (`reconcile ...`, or `help reconcile`), if it names one. */
function requestedCommand(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * Removes from one of commander's error messages every option value it may echo: the `=value` of
 * `--name=value`, the argument in "argument '...' is invalid", and any argv word that follows an
 * option (`--sf-client-secret s3cr3t`, where commander cannot tell a value from a word). What stays
 * names the option and the fix; a value typed on the command line may be a secret.
 *
 * @param message - commander's error text
 * @param args - the command line after node and the script
 */
function redactOptionValues(message: string, args: readonly string[]): string {
  let out = message
    .replace(/(--?[A-Za-z0-9][\w-]*)=[^'\s]*/g, '$1=…')
    .replace(/argument '(?:[^']|'(?! is invalid))*' is invalid/g, 'argument is invalid');
  const values = new Set<string>();
  for (const [i, arg] of args.entries()) {
    if (!arg.startsWith('-')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0 && eq < arg.length - 1) values.add(arg.slice(eq + 1));
    const next = args[i + 1];
    if (eq < 0 && next !== undefined && !next.startsWith('-')) values.add(next);
  }
  const command = new Set(COMMANDS.map((c) => c.name));
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    // Sub-command names may follow a root option (`--verbose reconcile`); they are no secret.
    if (command.has(value) || value.length < 3) continue;
    out = out.split(value).join('…');
  }
  return out;
}

/**
 * Builds the root command. The sub-command that `args` names is loaded from `commands/<name>.ts`;
 * the others are listed by name and description only, so start-up stays cheap.
 *
 * @param args - the arguments after node and the script (`process.argv.slice(2)`)
 */
async function buildProgram(io: CliIo, args: readonly string[] = []): Promise<Command> {
  const program = new Command('ctr-resync')
    .version(packageJson.version, '-V, --version', 'print the version')
    .description('Archive every Amazon Connect CTR and resync lost Service Cloud Voice VoiceCall data, verified.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(redactOptionValues(s, args)),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ ctr-resync demo                                   the whole loop offline, nothing to configure
  $ ctr-resync archive import ./firehose/ --archive s3://my-ctr-archive/prod
  $ ctr-resync reconcile --since 7d --dry-run
  $ ctr-resync report --since 30d --html coverage.html
  $ ctr-resync sim --port 8787                        run the org simulator alone

Exit status: 0 done; 1 some records failed, stayed unconfirmed or could not be stored or read; 2 bad flag or setting;
3 archive, org or Telephony API unreachable or refusing the credentials; 70 internal error (a bug).
Run 'ctr-resync <command> --help' for details.`,
    );
  const requested = requestedCommand(args);
  for (const entry of COMMANDS) {
    program.addCommand(entry === requested ? await entry.load(io) : new Command(entry.name).description(entry.description));
  }
  // A listed (not loaded) command has no options of its own yet; name it as commander would name the real one.
  const listed = new Map(COMMANDS.map((c) => [c.name, c]));
  const defaults = new Help();
  program.configureHelp({
    subcommandTerm: (cmd) =>
      cmd.options.length === 0 && listed.get(cmd.name())?.hasOptions === true ? `${cmd.name()} [options]` : defaults.subcommandTerm(cmd),
  });
  const inherit = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError('(run with --help for usage)');
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/**
 * Runs the CLI.
 *
 * @param argv - full argv, as `process.argv` (node, script, ...args)
 * @param io - process I/O; tests inject their own
 * @returns the exit status
 */
async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const program = await buildProgram(io, argv.slice(2));
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

export { buildProgram, COMMANDS, main, redactOptionValues };
export type { CommandEntry };
