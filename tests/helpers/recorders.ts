/** A logger that records entries, to assert on what was (and was not) logged. */
function recordingLogger(): {
  entries: { level: string; message: string; extra: Record<string, unknown> }[];
  info: (m: string, e: Record<string, unknown>) => void;
  warn: (m: string, e: Record<string, unknown>) => void;
  error: (m: string, e: Record<string, unknown>) => void;
  debug: (m: string, e: Record<string, unknown>) => void;
  text(): string;
} {
  const entries: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, extra: Record<string, unknown>) => entries.push({ level, message, extra });
  return { entries, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), text: () => JSON.stringify(entries) };
}

/** A metrics sink that sums what was added, like CloudWatch would. */
function recordingMetrics(): {
  totals: Record<string, number>;
  published: number;
  addMetric(name: string, unit: 'Count', value: number): void;
  publishStoredMetrics(): void;
} {
  const sink = {
    totals: {} as Record<string, number>,
    published: 0,
    addMetric(name: string, _unit: 'Count', value: number) {
      sink.totals[name] = (sink.totals[name] ?? 0) + value;
    },
    publishStoredMetrics() {
      sink.published += 1;
    },
  };
  return sink;
}

export { recordingLogger, recordingMetrics };
