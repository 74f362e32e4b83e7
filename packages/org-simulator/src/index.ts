/**
 * The org simulator: a faithful local stand-in for a Salesforce org with Service Cloud Voice, for
 * the reconcile engine, the demo, benchmarks and fault tests. See docs/simulator.md. The SCV sync
 * it simulates when seeding is injected (`startOrgSimulator({ scvSync })`); it imports no product code.
 */
export { generateSimulatorCredentials, toPublicCredentials } from './generateSimulatorCredentials.ts';
export { DEFAULT_SIMULATOR_CONFIG } from './SimulatorConfig.ts';
export { startOrgSimulator } from './startOrgSimulator.ts';
export { SimulatorApiError, SimulatorConfigError, SimulatorError } from './simulatorErrors.ts';
export type { SimulatorStats } from './adminRoutes.ts';
export type {
  ConnectedAppCredentials,
  ContactCenterCredentials,
  SimulatorCredentials,
  SimulatorPublicCredentials,
} from './generateSimulatorCredentials.ts';
export type { VoiceCallInput } from './insertVoiceCalls.ts';
export type { CountersSnapshot, EndpointCount } from './RequestCounters.ts';
export type { RenderedRecord } from './renderVoiceCall.ts';
export type { SeedOptions, SeedSummary } from './seedFromCtrs.ts';
export type {
  ScvSync,
  ScvSyncResult,
  SimulatedCtr,
  SimulatedCtrAgent,
  SimulatedCtrEndpoint,
  SimulatedCtrQueue,
  SimulatedCtrRecording,
} from './SimulatedCtr.ts';
export type { CustomFieldType, DelaySpec, EndpointFaults, SimulatorConfig, SimulatorConfigPatch } from './SimulatorConfig.ts';
export type { TelephonyLogEntry, TelephonyOutcome } from './TelephonyLog.ts';
export type { RenderedRecording } from './VoiceCallRecordingStore.ts';
export type { OrgSimulatorOptions, RunningOrgSimulator } from './startOrgSimulator.ts';
