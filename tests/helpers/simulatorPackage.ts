/**
 * The one place the fault suite imports the org simulator and the offline tools from. They are
 * moving into the workspace package `packages/org-simulator`; repoint these lines when they do.
 * (tests/helpers/orgHarness.ts has its own import of the simulator.)
 */
export { startOrgSimulator } from '../../src/simulator/index.ts';
export type { RunningOrgSimulator, SimulatorConfigPatch, TelephonyLogEntry } from '../../src/simulator/index.ts';
export { generateContactCenterDay } from '../../src/offline/generateContactCenterDay.ts';
export { SeededRandom } from '../../src/offline/seededRandom.ts';
export { startLocalS3Server } from '../../src/offline/startLocalS3Server.ts';
export type { LocalS3Server } from '../../src/offline/startLocalS3Server.ts';
export { syntheticLambdaContext } from '../../src/offline/syntheticLambdaContext.ts';
