import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { type AuditContact, type AuditInputs, type AuditWindow, computeAudit } from '../../../src/audit/computeAudit.ts';
import { auditContactsFromDataLake } from '../../../src/audit/auditContactsFromDataLake.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import type { DataLakeRecord } from '../../../src/datalake/AthenaContactRecordSource.ts';
import { contactRecordToCtr } from '../../../src/datalake/contactRecordToCtr.ts';
import { DataLakeRowError } from '../../../src/datalake/dataLakeErrors.ts';
import type { VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';
import { ctrToResultRow } from '../../helpers/dataLakeRows.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { InMemoryArchiveStore, InMemoryOrg } from '../../helpers/inMemoryPorts.ts';
import { emptyVoiceCallRow } from '../../helpers/factories.ts';

const id = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const D1 = '2026-03-02';
const D2 = '2026-03-03';

/** Connect's view: day 1 has c1–c5 (c4 chat, c5 a QUEUE_TRANSFER), day 2 c6 and c7 (c7 after the window). */
const CONNECT: AuditContact[] = [
  { contactId: id(1), initiationTimestamp: `${D1}T08:00:00Z`, channel: 'VOICE', initiationMethod: 'INBOUND' },
  { contactId: id(2), initiationTimestamp: `${D1}T09:00:00Z`, channel: 'VOICE', initiationMethod: 'OUTBOUND' },
  { contactId: id(3), initiationTimestamp: `${D1}T10:00:00Z`, channel: 'VOICE', initiationMethod: 'INBOUND' },
  { contactId: id(4), initiationTimestamp: `${D1}T11:00:00Z`, channel: 'CHAT', initiationMethod: 'API' },
  { contactId: id(5), initiationTimestamp: `${D1}T12:00:00Z`, channel: 'VOICE', initiationMethod: 'QUEUE_TRANSFER' },
  { contactId: id(1), initiationTimestamp: `${D1}T08:00:00Z`, channel: 'VOICE', initiationMethod: 'INBOUND' }, // a duplicate row
  { contactId: id(6), initiationTimestamp: `${D2}T01:00:00Z`, channel: 'VOICE', initiationMethod: 'TRANSFER' },
  { contactId: id(7), initiationTimestamp: `${D2}T13:00:00Z`, channel: 'VOICE', initiationMethod: 'INBOUND' },
];
/** Archived: c1, c2, c4, c9 (not known to Connect's source yet) on day 1; c6 on day 2. */
const ARCHIVED = [1, 2, 4, 9, 6].map((n) => ({ n, at: n === 6 ? `${D2}T01:00:00Z` : `${D1}T0${n % 10}:30:00Z` }));

function voiceCall(vcId: string, vendorCallKey: string | null, start: string): VoiceCallRow {
  return emptyVoiceCallRow({ Id: vcId, VendorCallKey: vendorCallKey, CallStartDateTime: start });
}
/** VoiceCalls: c1 and c3 have one; one has an unknown key, one none; c6 has one on day 2. */
const VOICECALLS = [
  voiceCall('0LQ000000000001', id(1), `${D1}T08:00:05Z`),
  voiceCall('0LQ000000000003', id(3), `${D1}T10:00:05Z`),
  voiceCall('0LQ0000000000XX', id(99), `${D1}T14:00:00Z`),
  voiceCall('0LQ0000000000NN', null, `${D1}T15:00:00Z`),
  voiceCall('0LQ000000000006', id(6), `${D2}T01:00:05Z`),
];

const inPiece = (piece: AuditWindow, iso: string) => Date.parse(iso) >= piece.from.getTime() && Date.parse(iso) < piece.to.getTime();

async function seededInputs(): Promise<{ inputs: AuditInputs; pieces: AuditWindow[] }> {
  const archive = new CtrArchive(new InMemoryArchiveStore());
  for (const { n, at } of ARCHIVED) await archive.put(parseCtr(JSON.stringify(ctrFactory({ ContactId: id(n), InitiationTimestamp: at }))));
  const org = new InMemoryOrg(VOICECALLS);
  const pieces: AuditWindow[] = [];
  const inputs: AuditInputs = {
    connectContacts: async function* (piece) {
      pieces.push(piece);
      yield* CONNECT.filter((c) => inPiece(piece, c.initiationTimestamp));
    },
    archivedContacts: (piece) => archive.contactsInWindow(piece),
    voiceCalls: (piece) => org.candidates(piece),
  };
  return { inputs, pieces };
}

describe('computeAudit on a seeded scenario', () => {
  it('counts capture gaps, voice contacts without VoiceCall and VoiceCalls without contact, per UTC day', async () => {
    // Prepare
    const { inputs, pieces } = await seededInputs();
    const window = { from: new Date(`${D1}T00:00:00Z`), to: new Date(`${D2}T12:00:00Z`) };
    // Act
    const report = await computeAudit(inputs, window);
    // Assess
    assert.deepEqual(
      pieces.map((p) => [p.from.toISOString(), p.to.toISOString()]),
      [
        [`${D1}T00:00:00.000Z`, `${D2}T00:00:00.000Z`],
        [`${D2}T00:00:00.000Z`, `${D2}T12:00:00.000Z`],
      ],
    );
    const [day1, day2] = report.days;
    assert.deepEqual(
      { ...day1, samples: undefined },
      {
        day: D1,
        connectContacts: 5,
        syncableVoiceContacts: 3,
        archivedContacts: 4,
        captureGaps: 2,
        archivedOnly: 1,
        voiceCalls: 4,
        voiceContactsWithoutVoiceCall: 1,
        voiceCallsWithoutContact: 1,
        voiceCallsWithoutVendorKey: 1,
        samples: undefined,
      },
    );
    assert.deepEqual(day1?.samples, {
      captureGaps: [id(3), id(5)],
      voiceContactsWithoutVoiceCall: [id(2)],
      voiceCallsWithoutContact: ['0LQ0000000000XX'],
    });
    assert.equal(day2?.connectContacts, 1, 'c7 lies after the window');
    assert.equal(day2?.captureGaps, 0);
    assert.equal(day2?.voiceContactsWithoutVoiceCall, 0);
    assert.equal(report.totals.connectContacts, 6);
    assert.equal(report.totals.captureGaps, 2);
    assert.equal(report.totals.voiceCalls, 5);
  });

  it('caps the samples, not the counts', async () => {
    const { inputs } = await seededInputs();
    const report = await computeAudit(inputs, { from: new Date(`${D1}T00:00:00Z`), to: new Date(`${D2}T00:00:00Z`) }, { sampleLimit: 1 });
    assert.equal(report.days[0]?.captureGaps, 2);
    assert.deepEqual(report.days[0]?.samples.captureGaps, [id(3)]);
  });

  it('takes the data lake as the Connect side, skipping rows the mapper refused', async () => {
    const rows: DataLakeRecord[] = [
      {
        kind: 'mapped',
        mapping: contactRecordToCtr(ctrToResultRow(ctrFactory({ ContactId: id(1), InitiationTimestamp: `${D1}T08:00:00Z` }))),
        queryExecutionId: 'q',
      },
      { kind: 'invalid', error: new DataLakeRowError('contact_id', 'bad'), queryExecutionId: 'q' },
    ];
    const invalid: DataLakeRecord[] = [];
    const seen: AuditContact[] = [];
    for await (const c of auditContactsFromDataLake(
      (async function* () {
        yield* rows;
      })(),
      (r) => invalid.push(r),
    ))
      seen.push(c);
    assert.deepEqual(seen, [{ contactId: id(1), initiationTimestamp: `${D1}T08:00:00Z`, channel: 'VOICE', initiationMethod: 'INBOUND' }]);
    assert.equal(invalid.length, 1);
  });
});
