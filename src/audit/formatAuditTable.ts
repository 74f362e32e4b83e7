import type { AuditCounts, AuditReport } from './computeAudit.ts';

const COLUMNS: readonly [keyof AuditCounts, string][] = [
  ['connectContacts', 'connect'],
  ['archivedContacts', 'archived'],
  ['captureGaps', 'gaps'],
  ['archivedOnly', 'arch-only'],
  ['syncableVoiceContacts', 'voice'],
  ['voiceCalls', 'voicecalls'],
  ['voiceContactsWithoutVoiceCall', 'voice-no-vc'],
  ['voiceCallsWithoutContact', 'vc-no-contact'],
  ['voiceCallsWithoutVendorKey', 'vc-no-key'],
];

/**
 * The audit as a plain-text table, one line per UTC day plus totals, and a legend. Ids only
 * (ContactIds, VoiceCall Ids): no attribute values or phone numbers.
 */
function formatAuditTable(report: AuditReport, sourceLabel: string): string {
  const head = `${'day'.padEnd(12)}${COLUMNS.map(([, h]) => h.padStart(14)).join('')}`;
  const line = (label: string, counts: AuditCounts) => `${label.padEnd(12)}${COLUMNS.map(([k]) => String(counts[k]).padStart(14)).join('')}`;
  const out = [
    `Audit ${report.from} → ${report.to} (Connect side: ${sourceLabel})`,
    head,
    ...report.days.map((d) => line(d.day, d)),
    line('total', report.totals),
    '',
  ];
  out.push(
    'gaps: known to Connect, not archived (capture gaps); arch-only: archived, not (yet) in the source;',
    'voice: VOICE contacts with a method SCV syncs; voice-no-vc: of those, no VoiceCall has their ContactId as',
    'VendorCallKey; vc-no-contact: VoiceCalls whose VendorCallKey is no contact of that day.',
  );
  for (const d of report.days) {
    if (d.samples.captureGaps.length > 0) out.push(`${d.day} gaps, e.g.: ${d.samples.captureGaps.join(' ')}`);
    if (d.samples.voiceContactsWithoutVoiceCall.length > 0)
      out.push(`${d.day} voice-no-vc, e.g.: ${d.samples.voiceContactsWithoutVoiceCall.join(' ')}`);
    if (d.samples.voiceCallsWithoutContact.length > 0) out.push(`${d.day} vc-no-contact, e.g.: ${d.samples.voiceCallsWithoutContact.join(' ')}`);
  }
  return `${out.join('\n')}\n`;
}

export { formatAuditTable };
