/**
 * The simulated Amazon Connect side of the offline world: a repeatable day of contact-center
 * traffic, the Kinesis event batches Lambda's event source mapping would build from it, and a
 * Lambda context for running a handler outside Lambda.
 */
export { CONTACT_MIX, generateContactCenterDay } from './generateContactCenterDay.ts';
export { SeededRandom } from './seededRandom.ts';
export { syntheticLambdaContext } from './syntheticLambdaContext.ts';
export { toKinesisBatches } from './toKinesisBatches.ts';
export type { DeliveredRecord, GeneratedDay, GenerateOptions } from './generateContactCenterDay.ts';
export type { BatchOptions } from './toKinesisBatches.ts';
