import type { Command } from 'commander';

/** Adds the data-lake flags (`loadDataLakeSettings` reads them over the environment) to a command. */
function withDataLakeOptions(command: Command): Command {
  return command
    .option('--instance-id <id>', 'Amazon Connect instance id (default: $CONNECT_INSTANCE_ID)')
    .option('--database <name>', 'data lake database (default: $DATA_LAKE_DATABASE or connect_datalake)')
    .option('--table <name>', 'data lake table (default: $DATA_LAKE_TABLE or contact_record)')
    .option('--workgroup <name>', 'Athena workgroup (default: $ATHENA_WORKGROUP or primary)')
    .option('--catalog <name>', 'Athena data catalog (default: $ATHENA_CATALOG or AwsDataCatalog)')
    .option('--athena-output <s3url>', "Athena result location (default: $ATHENA_OUTPUT_LOCATION, or the workgroup's)");
}

export { withDataLakeOptions };
