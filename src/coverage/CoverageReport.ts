/** Sync coverage of one UTC day (by CallStartDateTime / InitiationTimestamp / arrival). */
interface CoverageDay {
  /** `yyyy-MM-dd` (UTC). */
  readonly day: string;
  /** VoiceCalls that started that day. */
  readonly voiceCalls: number;
  /** VoiceCalls holding CTR data (not matching the "missing" predicate). */
  readonly withCtrData: number;
  /** VoiceCalls matching the "missing" predicate (including those excluded by SCV's rules). */
  readonly missingCtrData: number;
  /** Of those, how many have an archived CTR that SCV's rules would sync (a reconcile can fix them). */
  readonly fixableFromArchive: number;
  /**
   * Of the VoiceCalls missing CTR data, those whose newest archived CTR SCV's own rules exclude
   * (`scvExclusion`: NoSync attribute, voicemail, unsupported InitiationMethod, non-voice channel):
   * empty by design, so neither fixable nor counted against coverage. Disjoint from
   * {@link CoverageDay.fixableFromArchive}. Coverage is `withCtrData / (voiceCalls − excludedByScvRules)`.
   */
  readonly excludedByScvRules: number;
  /** Archived voice CTRs whose contact has no VoiceCall at all. */
  readonly orphanedCtrs: number;
  /** Records quarantined that day (malformed input). */
  readonly quarantined: number;
}

/** The `ctr-resync report` result. */
interface CoverageReport {
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  /** The SOQL condition that defined "missing CTR data". */
  readonly predicate: string;
  readonly days: readonly CoverageDay[];
  readonly totals: Omit<CoverageDay, 'day'>;
}

export type { CoverageDay, CoverageReport };
