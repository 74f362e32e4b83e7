import { ConfigError } from '../errors.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** How the data-lake and SearchContacts sources reach AWS, resolved from flags and the environment. */
interface DataLakeSettings {
  readonly instanceId: string;
  readonly region: string | undefined;
  readonly athena: {
    readonly database: string | undefined;
    readonly table: string | undefined;
    readonly workGroup: string | undefined;
    readonly catalog: string | undefined;
    readonly outputLocation: string | undefined;
    readonly omitColumns: readonly string[];
    /** AWS_ENDPOINT_URL_ATHENA (the SDK's own variable), passed on so an injected environment works too. */
    readonly endpoint: string | undefined;
  };
  /** AWS_ENDPOINT_URL_CONNECT, likewise. */
  readonly connectEndpoint: string | undefined;
}

/** Flags that override the environment. */
interface DataLakeFlags {
  readonly instanceId?: string;
  readonly database?: string;
  readonly table?: string;
  readonly workgroup?: string;
  readonly catalog?: string;
  readonly athenaOutput?: string;
}

const nonEmpty = (v: string | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);

/**
 * Reads the data-lake settings: CONNECT_INSTANCE_ID (or --instance-id), AWS_REGION, and for Athena
 * DATA_LAKE_DATABASE, DATA_LAKE_TABLE, ATHENA_WORKGROUP, ATHENA_CATALOG, ATHENA_OUTPUT_LOCATION and
 * DATA_LAKE_OMIT_COLUMNS (comma-separated). Names are validated later by the sources themselves.
 *
 * @param env - the environment
 * @param flags - command-line overrides
 * @throws ConfigError when no instance id is given
 */
function loadDataLakeSettings(env: Env, flags: DataLakeFlags = {}): DataLakeSettings {
  const instanceId = nonEmpty(flags.instanceId) ?? nonEmpty(env.CONNECT_INSTANCE_ID);
  if (!instanceId)
    throw new ConfigError(
      'CONNECT_INSTANCE_ID',
      'CONNECT_INSTANCE_ID is not set (or pass --instance-id): the Amazon Connect instance whose contacts to read',
    );
  return {
    instanceId,
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION),
    athena: {
      database: nonEmpty(flags.database) ?? nonEmpty(env.DATA_LAKE_DATABASE),
      table: nonEmpty(flags.table) ?? nonEmpty(env.DATA_LAKE_TABLE),
      workGroup: nonEmpty(flags.workgroup) ?? nonEmpty(env.ATHENA_WORKGROUP),
      catalog: nonEmpty(flags.catalog) ?? nonEmpty(env.ATHENA_CATALOG),
      outputLocation: nonEmpty(flags.athenaOutput) ?? nonEmpty(env.ATHENA_OUTPUT_LOCATION),
      omitColumns: (nonEmpty(env.DATA_LAKE_OMIT_COLUMNS) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      endpoint: nonEmpty(env.AWS_ENDPOINT_URL_ATHENA) ?? nonEmpty(env.AWS_ENDPOINT_URL),
    },
    connectEndpoint: nonEmpty(env.AWS_ENDPOINT_URL_CONNECT) ?? nonEmpty(env.AWS_ENDPOINT_URL),
  };
}

export { loadDataLakeSettings };
export type { DataLakeFlags, DataLakeSettings };
