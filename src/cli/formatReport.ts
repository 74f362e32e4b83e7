import { OUTCOMES, type ReconcileReport, UNSUCCESSFUL } from '../reconcile/ReconcileReport.ts';
import { sameValue } from '../voicecall/voiceCallFields.ts';

// The compared fields are times, durations, the queue and the disconnect reason: no phone numbers.
function show(value: unknown): string {
  return value === null || value === undefined ? 'null' : String(value);
}

/** The human summary of a reconcile run (stdout). */
function formatReport(report: ReconcileReport): string {
  const lines = [
    report.selection
      ? `Reconcile (${report.dryRun ? 'dry run: nothing written, ' : ''}${(report.selection.voiceCallIds?.length ?? 0) + (report.selection.contactIds?.length ?? 0)} VoiceCall Ids / ContactIds asked for)`
      : `Reconcile (${report.mode} mode${report.dryRun ? ', dry run: nothing written' : ''}) of calls started ${report.window.from} → ${report.window.to}`,
    `  run ${report.runId}`,
    `  ${'candidates'.padEnd(22)}${String(report.summary.candidates).padStart(7)}`,
  ];
  for (const outcome of OUTCOMES) {
    const n = report.summary[outcome];
    if (n === 0 && (outcome === 'in-sync' || outcome === 'would-resync')) continue;
    let extra = '';
    if (outcome === 'excluded' && n > 0) {
      const rules = new Map<string, number>();
      for (const r of report.records) if (r.outcome === 'excluded') rules.set(r.rule ?? '?', (rules.get(r.rule ?? '?') ?? 0) + 1);
      extra = `   (${[...rules].map(([rule, count]) => `${rule} ${count}`).join(', ')})`;
    }
    lines.push(`  ${outcome.padEnd(22)}${String(n).padStart(7)}${extra}`);
  }
  lines.push(`  ${'PATCH requests sent'.padEnd(22)}${String(report.summary.patchesSent).padStart(7)}`);
  const fromDataLake = report.summary.resyncedFromDataLake ?? 0;
  if (fromDataLake > 0) {
    const partial = report.summary.partialSyncs ?? 0;
    lines.push(
      `  ${'from the data lake'.padEnd(22)}${String(fromDataLake).padStart(7)}   (no captured CTR; ${partial} partial: fields the data lake lacks left out)`,
    );
  }
  const problems = report.records.filter((r) => UNSUCCESSFUL.has(r.outcome));
  for (const r of problems.slice(0, 20)) {
    lines.push(
      `  ${r.outcome}: ${r.voiceCallId} (${r.vendorCallKey ?? 'no vendor key'})${r.error ? `: ${r.error.code} ${r.error.message}` : r.outcome === 'not-landed' ? ': rerun with --retry-unconfirmed' : ''}`,
    );
  }
  if (problems.length > 20) lines.push(`  ... and ${problems.length - 20} more in the report`);
  const notFound = report.selection?.notFound ?? [];
  if (notFound.length > 0)
    lines.push(
      `  no VoiceCall found for ${notFound.length} of the Ids / ContactIds asked for: ${notFound.slice(0, 10).join(', ')}${notFound.length > 10 ? ', ...' : ''}`,
    );
  return `${lines.join('\n')}\n`;
}

/** Per-record lines for `--dry-run`: each field that would be set, with its current value. */
function formatDryRun(report: ReconcileReport): string {
  const lines: string[] = [];
  for (const r of report.records) {
    if (r.outcome !== 'would-resync') continue;
    lines.push(`would resync ${r.voiceCallId} (${r.vendorCallKey}) from CTR version ${r.ctrVersion}; ${r.detail ?? ''}`);
    for (const c of r.changes ?? []) {
      lines.push(
        `    ${c.field.padEnd(22)} ${show(c.current)} → ${show(c.expected)}${sameValue(c.field, c.current, c.expected) ? '   (unchanged)' : ''}`,
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export { formatDryRun, formatReport };
