import { ConfigError } from '../errors.ts';
import { parseChoice } from '../validation/choice.ts';

/** What `reconcile` prints on stdout: the human summary, the report as JSON, or one CSV row per candidate. */
type StdoutFormat = 'text' | 'json' | 'csv';

/** The formats a report file can have; the file's extension decides. */
type ReportFileFormat = 'json' | 'ndjson' | 'csv';

/** Where and how `reconcile` writes its results, validated. */
interface ReportOutput {
  readonly stdout: StdoutFormat;
  readonly file?: { readonly path: string; readonly format: ReportFileFormat };
  /** Structured JSON logs on stderr (`--verbose`). */
  readonly verbose: boolean;
}

/** The raw output flags. */
interface ReportOutputFlags {
  readonly report?: string;
  readonly format?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

const STDOUT_FORMATS = ['text', 'json', 'csv'] as const satisfies readonly StdoutFormat[];
const EXTENSIONS: readonly (readonly [string, ReportFileFormat])[] = [
  ['.ndjson', 'ndjson'],
  ['.jsonl', 'ndjson'],
  ['.json', 'json'],
  ['.csv', 'csv'],
];

/**
 * Parses `--report`, `--format`, `--json` and `--verbose`. The report file's format follows its
 * extension (`.json`, `.ndjson`/`.jsonl`, `.csv`); `--json` is `--format json`.
 *
 * @throws ConfigError for an unknown format or extension, or `--json` with another `--format`
 */
function parseReportOutput(flags: ReportOutputFlags): ReportOutput {
  const format = flags.format === undefined ? undefined : parseChoice(flags.format, '--format', STDOUT_FORMATS);
  if (flags.json && format !== undefined && format !== 'json') {
    throw new ConfigError('--json', `--json means --format json: give one of them, not --json with --format ${format}`);
  }
  const stdout: StdoutFormat = flags.json ? 'json' : (format ?? 'text');
  let file: ReportOutput['file'];
  if (flags.report !== undefined) {
    const path = flags.report;
    const lower = path.toLowerCase();
    const match = EXTENSIONS.find(([ext]) => lower.endsWith(ext) && lower.length > ext.length);
    if (!match) {
      throw new ConfigError(
        '--report',
        '--report names a file ending in .json (one JSON document), .ndjson (one line per record, then a summary line) or .csv (one row per candidate): the format follows the extension',
      );
    }
    file = { path, format: match[1] };
  }
  return { stdout, ...(file ? { file } : {}), verbose: flags.verbose ?? false };
}

export { parseReportOutput };
export type { ReportFileFormat, ReportOutput, ReportOutputFlags, StdoutFormat };
