import { ctrFactory } from '../tests/helpers/factories.ts';

/**
 * CTR number `i` of the capture benchmark (about 2.3 KB of JSON): the same set in every scenario,
 * with distinct ContactIds, spread over one day (2026-11-20) so the index uses one day partition.
 */
function benchCtr(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  const at = new Date(Date.UTC(2026, 10, 20) + ((i * 7919) % 86_400_000)).toISOString();
  return JSON.stringify(
    ctrFactory({
      ContactId: `c0ffee00-0000-4000-8000-${hex}`,
      InitiationTimestamp: at,
      LastUpdateTimestamp: at,
      Attributes: { note: 'x'.repeat(1500) },
    }),
  );
}

export { benchCtr };
