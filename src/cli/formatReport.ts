import { OUTCOMES, type ReconcileReport, type RecordResult } from '../reconcile/ReconcileReport.ts';
import { ReportDigest } from '../reconcile/ReportDigest.ts';
import { sameValue } from '../voicecall/voiceCallFields.ts';

// The compared fields are times, durations, the queue and the disconnect reason: no phone numbers.
function show(value: unknown): string {
  return value === null || value === undefined ? 'null' : String(value);
}

/**
 * The human summary of a reconcile run (stdout).
 *
 * @param report - the run's report (its records may be empty: they streamed to a file)
 * @param digest - the records' breakdown, counted as they streamed; by default made from `report.records`
 */
function formatReport(report: ReconcileReport, digest = ReportDigest.of(report.records)): string {
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
    if (outcome === 'excluded' && n > 0 && digest.excludedByRule.size > 0) {
      extra = `   (${[...digest.excludedByRule].map(([rule, count]) => `${rule} ${count}`).join(', ')})`;
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
  for (const r of digest.firstProblems) {
    lines.push(
      `  ${r.outcome}: ${r.voiceCallId} (${r.vendorCallKey ?? 'no vendor key'})${r.error ? `: ${r.error.code} ${r.error.message}` : r.outcome === 'not-landed' ? ': rerun with --retry-unconfirmed' : ''}`,
    );
  }
  if (digest.problems > digest.firstProblems.length)
    lines.push(
      `  ... and ${digest.problems - digest.firstProblems.length} more${report.records.length > 0 ? ' in the report' : ' (write them with --report run.csv or run.json)'}`,
    );
  const notFound = report.selection?.notFound ?? [];
  if (notFound.length > 0)
    lines.push(
      `  no VoiceCall found for ${notFound.length} of the Ids / ContactIds asked for: ${notFound.slice(0, 10).join(', ')}${notFound.length > 10 ? ', ...' : ''}`,
    );
  return `${lines.join('\n')}\n`;
}

/** A `--dry-run` record's lines (empty unless it would be resynced): each field that would be set, with its current value. */
function formatDryRunRecord(r: RecordResult): string {
  const lines: string[] = [];
  if (r.outcome === 'would-resync') {
    lines.push(`would resync ${r.voiceCallId} (${r.vendorCallKey}) from CTR version ${r.ctrVersion}; ${r.detail ?? ''}`);
    for (const c of r.changes ?? []) {
      lines.push(
        `    ${c.field.padEnd(22)} ${show(c.current)} → ${show(c.expected)}${sameValue(c.field, c.current, c.expected) ? '   (unchanged)' : ''}`,
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Per-record lines for `--dry-run` of a report that kept its records. */
function formatDryRun(report: ReconcileReport): string {
  return report.records.map(formatDryRunRecord).join('');
}

export { formatDryRun, formatDryRunRecord, formatReport };
