import { redactLogFields } from './redact.ts';

/** A structured logger: one JSON object a line. */
interface JsonLineLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Creates a logger that writes one JSON line per event (`{"time","level","msg",...fields}`), its
 * fields passed through `redactLogFields` (no phone number, no CTR or VoiceCall value). The CLI's
 * `--verbose` writes these to stderr.
 *
 * @param write - where each line goes (stderr)
 * @param now - the wall clock of the `time` field
 */
function createJsonLineLogger(write: (line: string) => unknown, now: () => Date): JsonLineLogger {
  const line =
    (level: 'info' | 'warn' | 'debug') =>
    (msg: string, fields: Record<string, unknown> = {}): void => {
      write(`${JSON.stringify({ ...redactLogFields(fields), time: now().toISOString(), level, msg })}\n`);
    };
  return { info: line('info'), warn: line('warn'), debug: line('debug') };
}

export { createJsonLineLogger };
export type { JsonLineLogger };
