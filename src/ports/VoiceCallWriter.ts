import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';

/**
 * Port: applies a Telephony Integration API update to one existing VoiceCall, addressed by its
 * Salesforce Id (never by vendor call key, so a resync cannot create a duplicate record).
 *
 * The update is asynchronous on Salesforce's side (`{"status":"pending"}`): a resolved promise
 * means "accepted", not "written"; re-query the VoiceCall to confirm.
 */
interface VoiceCallWriter {
  /**
   * @param voiceCallId - the VoiceCall's 15- or 18-character Id (prefix `0LQ`)
   * @param fields - the PATCH body, normally `transformCtr(ctr).fields`
   * @throws InvalidIdentifierError before any request when the Id is not a VoiceCall Id
   * @throws VoiceCallWriteError when the update was not accepted, with the classification:
   *   `retryable` for 429/500/502/503/504 and connections that never opened, `mayHaveBeenApplied`
   *   for a timeout or lost answer (verify, never resend). One attempt per call; retry with
   *   `writeWithRetry`.
   */
  updateVoiceCall(voiceCallId: string, fields: TelephonyPatchFields): Promise<void>;
}

export type { VoiceCallWriter };
