import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaContactRecordSource } from '../datalake/AthenaContactRecordSource.ts';
import type { DataLakeSettings } from './dataLakeSettings.ts';

/**
 * Builds the Athena contact-record source (and its client) for parsed data-lake settings: the one
 * place that turns those settings into the adapter. The caller destroys the client when done.
 */
function buildDataLakeSource(dl: DataLakeSettings): { readonly source: AthenaContactRecordSource; readonly client: AthenaClient } {
  const client = new AthenaClient({ ...(dl.region ? { region: dl.region } : {}), ...(dl.athena.endpoint ? { endpoint: dl.athena.endpoint } : {}) });
  const source = new AthenaContactRecordSource({
    client,
    instanceId: dl.instanceId,
    omitColumns: dl.athena.omitColumns,
    ...(dl.athena.database ? { database: dl.athena.database } : {}),
    ...(dl.athena.table ? { table: dl.athena.table } : {}),
    ...(dl.athena.workGroup ? { workGroup: dl.athena.workGroup } : {}),
    ...(dl.athena.catalog ? { catalog: dl.athena.catalog } : {}),
    ...(dl.athena.outputLocation ? { outputLocation: dl.athena.outputLocation } : {}),
  });
  return { source, client };
}

export { buildDataLakeSource };
