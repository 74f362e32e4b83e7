import { applyVoiceCallChanges, CALL_TYPES, parseTelephonyPatch } from './applyTelephonyPatch.ts';
import { unitRandom } from './deterministicRandom.ts';
import { parseIsoDateTime } from './sfDateTime.ts';
import type { ScvSync, ScvSyncResult, SimulatedCtr } from './SimulatedCtr.ts';
import type { VoiceCallStore } from './VoiceCallStore.ts';

/** How to seed. */
interface SeedOptions {
  /** Fraction (0..1) of CTR syncs that are lost: the VoiceCall stays as created. @default 0 */
  readonly lostSyncFraction?: number;
  /** Seed of the lost-sync draws (same seed and CTRs, same lost syncs). @default 1 */
  readonly seed?: number;
}

/** What seeding did. */
interface SeedSummary {
  /** CTRs given. */
  readonly ctrs: number;
  /** Distinct ContactIds among them. */
  readonly contacts: number;
  /** VoiceCalls created as SCV does when a call starts (VOICE contacts with an InitiationTimestamp). */
  readonly created: number;
  /** VOICE contacts whose VoiceCall already existed (seeded earlier). */
  readonly existing: number;
  /** CTR versions applied as SCV's sync applies them. */
  readonly synced: number;
  /** CTR versions whose sync was lost (lostSyncFraction). */
  readonly lost: number;
  /** CTR versions SCV's filters skip, by rule (the names the injected SCV sync returns). */
  readonly excluded: { readonly total: number; readonly byRule: Readonly<Record<string, number>> };
  /** CTR versions the SCV sync could not map, or whose PATCH body the Telephony API would refuse. */
  readonly rejected: number;
}

function timestamp(value: unknown): number | undefined {
  return typeof value === 'string' ? parseIsoDateTime(value) : undefined;
}

/** The VoiceCall SCV creates when a call starts: key, start, call type and both numbers. */
function createAtCallStart(store: VoiceCallStore, contactId: string, ctr: SimulatedCtr, start: number): void {
  const method = typeof ctr.InitiationMethod === 'string' ? ctr.InitiationMethod.toUpperCase() : 'INBOUND';
  const outbound = method === 'OUTBOUND' || method === 'CALLBACK';
  const customer = ctr.CustomerEndpoint?.Address ?? null;
  const system = ctr.SystemEndpoint?.Address ?? null;
  store.insert({
    VendorCallKey: contactId,
    CallStartDateTime: start,
    CallType: CALL_TYPES[method] ?? 'Inbound',
    FromPhoneNumber: outbound ? system : customer,
    ToPhoneNumber: outbound ? customer : system,
    CreatedDate: start,
    LastModifiedDate: start,
  });
}

/**
 * Seeds the store from contact records, the way the org would look after SCV handled them: for
 * every VOICE contact, the VoiceCall created at call start; then every version of the contact, in
 * LastUpdateTimestamp order, through the injected SCV sync (SCV's filters and field mapping, as
 * the caller models them) and the Telephony API's update rules, except a seeded fraction of lost
 * syncs. A version the SCV sync cannot map (it throws) or whose fields the Telephony API refuses
 * counts as rejected. Seeding again adds to what is there (an existing VendorCallKey is not
 * created twice).
 *
 * @param scvSync - the SCV sync being simulated: excludes a CTR by a rule, or gives its PATCH fields
 * @param ctrs - parsed contact records, several versions per contact allowed, in any order
 * @returns counts of what happened
 */
function seedFromCtrs(store: VoiceCallStore, scvSync: ScvSync, ctrs: Iterable<SimulatedCtr>, options: SeedOptions = {}): SeedSummary {
  const lostFraction = options.lostSyncFraction ?? 0;
  const seed = options.seed ?? 1;
  const byContact = new Map<string, SimulatedCtr[]>();
  const byRule: Record<string, number> = {};
  let count = 0;
  let created = 0,
    existing = 0,
    synced = 0,
    lost = 0,
    excluded = 0,
    rejected = 0;
  const sync = (ctr: SimulatedCtr): ScvSyncResult | 'threw' => {
    try {
      return scvSync(ctr);
    } catch {
      return 'threw';
    }
  };
  const exclude = (rule: string): void => {
    byRule[rule] = (byRule[rule] ?? 0) + 1;
    excluded += 1;
  };
  for (const ctr of ctrs) {
    count += 1;
    if (typeof ctr.ContactId !== 'string' || ctr.ContactId === '') {
      const result = sync(ctr);
      exclude(result !== 'threw' && 'excluded' in result ? result.excluded : 'missing-contact-id');
      continue;
    }
    const versions = byContact.get(ctr.ContactId);
    if (versions === undefined) byContact.set(ctr.ContactId, [ctr]);
    else versions.push(ctr);
  }
  for (const [contactId, versions] of byContact) {
    versions.sort((a, b) => (timestamp(a.LastUpdateTimestamp) ?? 0) - (timestamp(b.LastUpdateTimestamp) ?? 0));
    const first = versions[0] as SimulatedCtr;
    const start = timestamp(first.InitiationTimestamp);
    if ((first.Channel ?? 'VOICE') === 'VOICE' && start !== undefined) {
      if (store.rowsByVendorKey(contactId).some((r) => store.value(r, 'VendorCallKey') === contactId)) existing += 1;
      else {
        createAtCallStart(store, contactId, first, start);
        created += 1;
      }
    }
    for (const [index, ctr] of versions.entries()) {
      const result = sync(ctr);
      if (result !== 'threw' && 'excluded' in result) {
        exclude(result.excluded);
        continue;
      }
      if (lostFraction > 0 && unitRandom(seed, `seed-lost:${contactId}`, index) < lostFraction) {
        lost += 1;
        continue;
      }
      try {
        if (result === 'threw') throw new TypeError('the SCV sync could not map this CTR');
        const changes = parseTelephonyPatch(result.fields);
        const applied = applyVoiceCallChanges(store, { vendorCallKey: contactId }, changes, timestamp(ctr.LastUpdateTimestamp) ?? start ?? 0);
        if (applied.outcome === 'rejected') throw new TypeError('a create without the required fields');
        synced += 1;
      } catch {
        rejected += 1;
      }
    }
  }
  store.refreshIndexes();
  return { ctrs: count, contacts: byContact.size, created, existing, synced, lost, excluded: { total: excluded, byRule }, rejected };
}

export { seedFromCtrs };
export type { SeedOptions, SeedSummary };
