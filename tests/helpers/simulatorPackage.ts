/**
 * The one place the fault suite imports the org simulator and the offline tools from: the
 * workspace package, with the product's SCV sync injected (the simulator seeds VoiceCalls through it).
 */
import { type OrgSimulatorOptions, type RunningOrgSimulator, startOrgSimulator as startPackageSimulator } from '@ctr-resync/org-simulator';
import { scvSync } from '../../src/transform/scvSync.ts';

/** Starts the org simulator with the product's SCV sync unless the options bring their own. */
function startOrgSimulator(options: OrgSimulatorOptions = {}): Promise<RunningOrgSimulator> {
  return startPackageSimulator({ scvSync, ...options });
}

export type { RunningOrgSimulator, SimulatorConfigPatch, TelephonyLogEntry } from '@ctr-resync/org-simulator';
export { generateContactCenterDay, SeededRandom, syntheticLambdaContext } from '@ctr-resync/org-simulator/offline';
export type { LocalS3Server } from './startLocalS3Server.ts';
export { startLocalS3Server } from './startLocalS3Server.ts';
export { startOrgSimulator };
