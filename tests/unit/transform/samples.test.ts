import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { scvExclusion } from '../../../src/transform/scvExclusion.ts';
import { LEGACY_SCV_TRANSFORM_OPTIONS } from '../../../src/transform/TelephonyPatch.ts';
import { transformCtr } from '../../../src/transform/transformCtr.ts';

// The real, anonymised CTRs in ../shared/reference/samples (relative to the repository root).
const samplesDir = new URL('../../../../shared/reference/samples/', import.meta.url);
const skip = existsSync(samplesDir) ? false : 'sample CTRs not found at ../shared/reference/samples';

function sample(name: string): ContactTraceRecord {
  return JSON.parse(readFileSync(new URL(name, samplesDir), 'utf8')) as ContactTraceRecord;
}

describe('real sample CTRs', { skip }, () => {
  test('ctr-01 (inbound voice, agent, queue, recording) is synced and transforms field for field', () => {
    const ctr = sample('ctr-01-inbound-voice-agent-first-delivery.json');
    assert.equal(scvExclusion(ctr), undefined);
    const patch = transformCtr(ctr);
    assert.equal(patch.contactId, 'c0ffee00-0000-4000-8000-000000000001');
    assert.deepEqual(patch.fields, {
      startTime: '2022-01-05T17:12:59Z',
      endTime: '2022-01-05T17:47:28Z',
      disconnectReason: { value: 'CUSTOMER_DISCONNECT', isError: false },
      acceptTime: '2022-01-05T17:20:32Z',
      totalHoldDuration: 221,
      longestHoldDuration: 204,
      agentInteractionDuration: 239,
      numberOfHolds: 2,
      enqueueTime: '2022-01-05T17:14:46Z',
      queue: 'Support-Queue',
      initiationMethod: 'INBOUND',
      toNumber: '+18005550100',
      fromNumber: '+15555550100',
      callSubType: 'PSTN',
      recordingLocation:
        'amazon-connect-000000000000/connect/example-instance/CallRecordings/2022/01/05/c0ffee00-0000-4000-8000-000000000001_20220105T17:20_UTC.wav',
      callAttributes: '{}',
    });
  });

  test('ctr-02 (re-delivery after an attribute update) gives the same patch: no sfdc- attributes changed', () => {
    const first = transformCtr(sample('ctr-01-inbound-voice-agent-first-delivery.json'));
    const second = transformCtr(sample('ctr-02-same-contact-redelivered-after-attribute-update.json'));
    assert.deepEqual(second, first);
  });

  test('the legacy preset differs only where SCV versions differ (here: nothing)', () => {
    const ctr = sample('ctr-01-inbound-voice-agent-first-delivery.json');
    assert.deepEqual(transformCtr(ctr, LEGACY_SCV_TRANSFORM_OPTIONS), transformCtr(ctr));
  });

  test('an sfdc- attribute on the sample reaches callAttributes; NoSync excludes it', () => {
    const ctr = sample('ctr-01-inbound-voice-agent-first-delivery.json');
    const withField = { ...ctr, Attributes: { ...ctr.Attributes, 'sfdc-CtrSyncedAt__c': '2024-01-01T00:00:00Z' } };
    assert.equal(transformCtr(withField).fields.callAttributes, '{"CtrSyncedAt__c":"2024-01-01T00:00:00Z"}');
    assert.equal(scvExclusion({ ...ctr, Attributes: { ...ctr.Attributes, NoSync: 'true' } })?.rule, 'no-sync');
  });

  test('the Kinesis envelope decodes to CTRs that transform like the files', () => {
    const event = JSON.parse(readFileSync(new URL('kinesis-event-envelope-synthetic.json', samplesDir), 'utf8')) as {
      Records: { kinesis: { data: string } }[];
    };
    const patches = event.Records.map((r) => transformCtr(JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')) as ContactTraceRecord));
    assert.equal(patches.length, 3);
    assert.deepEqual(patches[0], transformCtr(sample('ctr-01-inbound-voice-agent-first-delivery.json')));
  });
});
