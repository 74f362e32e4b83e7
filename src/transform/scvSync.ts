import type { ContactTraceRecord } from '../ctr/ContactTraceRecord.ts';
import { scvExclusion } from './scvExclusion.ts';
import type { ScvExclusionRule, TelephonyPatchFields } from './TelephonyPatch.ts';
import { transformCtr } from './transformCtr.ts';

/** What SCV's CTR sync does with one CTR version: skips it by a rule, or PATCHes these fields. */
type ScvSyncOutcome = { readonly excluded: ScvExclusionRule } | { readonly fields: TelephonyPatchFields };

/**
 * SCV's CTRDataSyncFunction for one CTR, as this product models it: its filters
 * ({@link scvExclusion}) and then its field mapping ({@link transformCtr}). This is what the org
 * simulator is given to simulate (`startOrgSimulator({ scvSync })`), so the simulator's seeded org
 * and reconcile's expectations come from the same code.
 *
 * @param ctr - a parsed contact record
 * @returns the exclusion rule, or the Telephony Integration API fields
 * @throws MalformedCtrError (from transformCtr) for a record it cannot map
 */
function scvSync(ctr: ContactTraceRecord): ScvSyncOutcome {
  const exclusion = scvExclusion(ctr);
  return exclusion === undefined ? { fields: transformCtr(ctr).fields } : { excluded: exclusion.rule };
}

export { scvSync };
export type { ScvSyncOutcome };
