import type { ContactRecordRow as SimulatorRow } from '@ctr-resync/connect-simulator';
import type { ContactTraceRecord } from '../../src/ctr/ContactTraceRecord.ts';
import type { ContactRecordRow } from '../../src/datalake/contactRecordToCtr.ts';
import { simulatedContactRecordRow } from '../../src/offline/simulatedContactRecordRow.ts';

/** Test instance id (a Connect InstanceId is a UUID). */
const TEST_INSTANCE_ID = '11111111-2222-4333-8444-555555555555';

/**
 * The data-lake `contact_record` row (simulator form) that a captured CTR corresponds to: the
 * product's own simulated-row builder, shared with the demo.
 */
function ctrToSimulatorRow(ctr: ContactTraceRecord, instanceId = TEST_INSTANCE_ID): SimulatorRow {
  return simulatedContactRecordRow(ctr, instanceId);
}

/** The same row as Athena returns it as text (what the mapper reads). */
function ctrToResultRow(ctr: ContactTraceRecord): ContactRecordRow {
  const sim = ctrToSimulatorRow(ctr);
  const out: Record<string, string | null> = {};
  const athenaTs = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
  for (const [k, v] of Object.entries(sim)) {
    if (k === 'instance_id') continue;
    if (k === 'attributes') out.attributes_json = v === null ? null : JSON.stringify(v);
    else if (v === null || v === undefined) out[k] = null;
    else if (k.endsWith('_timestamp')) out[k] = athenaTs(String(v));
    else out[k] = String(v);
  }
  return out;
}

export { TEST_INSTANCE_ID, ctrToResultRow, ctrToSimulatorRow };
