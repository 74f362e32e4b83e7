export { ATHENA_MAX_RESULTS, AthenaSimulator } from './AthenaSimulator.ts';
export type { AthenaFault, AthenaSimulatorOptions, QueryState, SimulatedExecution } from './AthenaSimulator.ts';
export { CONTACT_RECORD_COLUMNS, renderAthenaMap, renderAthenaTimestamp } from './contactRecordTable.ts';
export type { AthenaColumnType, ContactRecordColumn, ContactRecordRow } from './contactRecordTable.ts';
export {
  ConnectSimulatorError,
  SimulatedInvalidRequestError,
  SimulatedNotFoundError,
  SimulatedThrottlingError,
  UnsupportedSqlError,
} from './errors.ts';
export { parseContactRecordQuery } from './parseContactRecordQuery.ts';
export type { ContactRecordQuery, SelectItem } from './parseContactRecordQuery.ts';
export { SEARCH_CONTACTS_DEFAULT_RATE, SEARCH_CONTACTS_MAX_RESULTS, SearchContactsSimulator } from './SearchContactsSimulator.ts';
export type { SearchContactsSimulatorOptions } from './SearchContactsSimulator.ts';
export { startConnectSimulator } from './startConnectSimulator.ts';
export type { ConnectSimulatorOptions, RunningConnectSimulator } from './startConnectSimulator.ts';
