import { createPublicKey, randomUUID, verify } from 'node:crypto';
import type { ReconcileSettings } from '../config/reconcileSettings.ts';
import { loadRsaPrivateKey, signRs256Jwt } from '../salesforce/jwt.ts';
import { salesforceIdSuffix } from '../validation/salesforceId.ts';

/** The Telephony writer's settings (`SCV_WRITER=telephony`). */
type TelephonySettings = Extract<ReconcileSettings['writer'], { kind: 'telephony' }>;

/** One line of the doctor's report (the shape of `DoctorCheck`). */
interface ProbeResult {
  readonly name: string;
  readonly status: 'ok' | 'setting' | 'dependency';
  readonly detail: string;
  readonly fix?: string;
}

const NAME = 'Telephony API: accepts our JWT';
/** A well-formed VoiceCall Id (prefix 0LQ, valid checksum), all zeros after the prefix: no org should hold it (docs/doctor.md). */
const PROBE_ID = `0LQ000000000000${salesforceIdSuffix('0LQ000000000000')}`;
/**
 * The probe's body: an empty JSON array. It is not a JSON object, so it holds no field to write,
 * neither for an update nor for the documented create-by-PATCH (which needs the call's fields).
 */
const PROBE_BODY = '[]';
const REFUSED_FIX =
  "the Telephony API refused our JWT: SCV_PRIVATE_KEY_FILE must be the contact center's private key (its public key is on the CallCenter record), SCV_ORG_ID the org's Id and SCV_CALL_CENTER_API_NAME the CallCenter's API name";

/**
 * Shows whether the Telephony Integration API accepts our JWT without changing any record (docs/doctor.md).
 *
 * The API has no read endpoint (scv-internals.md §2: `POST /voiceCalls`, `PATCH /voiceCalls/{id}`
 * and sub-resources that all write). So the probe first checks locally that the key parses, that a
 * JWT signed with it verifies with its public key; then it sends `PATCH /voiceCalls/<0LQ000000000000…>`
 * with a fresh JWT (new `jti`) and the body `[]`. Why that cannot change anything:
 * - the body is not a JSON object, so it carries no field (every documented PATCH field is a key
 *   of a JSON object, [GUIDE] pp. 75–79), and a create-by-PATCH would have nothing to create from;
 * - the Id is a well-formed VoiceCall Id (`0LQ`, checksum) of all zeros, which should name no record (and the
 *   empty body leaves nothing to write to one if it did).
 * The org simulator authenticates first and then answers 400 `INVALID_INPUT` to that body
 * (docs/simulator.md §4, "Other checks, in order"); 401/403 mean the JWT was refused. The real API's status codes other than
 * 429 and the order of its checks are undocumented (scv-internals.md §2), so a 400 proves the JWT
 * only if Salesforce checks it before the body, as the simulator does: the line says which answer came.
 */
async function probeTelephonyAuth(settings: TelephonySettings, timeoutMs: number): Promise<ProbeResult> {
  let jwt: string;
  try {
    const key = loadRsaPrivateKey(settings.privateKeyPem, 'SCV_PRIVATE_KEY_FILE');
    const iat = Math.floor(Date.now() / 1000);
    jwt = signRs256Jwt({ iss: settings.orgId, sub: settings.callCenterApiName, iat, exp: iat + 300, jti: randomUUID() }, key);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey(key), Buffer.from(signature, 'base64url')))
      throw new Error('the signature does not verify with the public key');
  } catch (error) {
    return {
      name: NAME,
      status: 'setting',
      detail: `SCV_PRIVATE_KEY_FILE: ${(error as Error).message}`,
      fix: 'point SCV_PRIVATE_KEY_FILE at an RSA private key (PEM)',
    };
  }
  let response: Response;
  try {
    response = await fetch(`${settings.scrtBaseUrl}/voiceCalls/${PROBE_ID}`, {
      method: 'PATCH',
      headers: {
        Authorization: `Bearer ${jwt}`,
        'Content-Type': 'application/json',
        'Telephony-Provider-Name': 'amazon-connect',
        Accept: 'application/json',
      },
      body: PROBE_BODY,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return {
      name: NAME,
      status: 'dependency',
      detail: `${settings.scrtBaseUrl} did not answer (${cause})`,
      fix: 'check SCRT_BASE_URL and the network',
    };
  }
  const { status } = response;
  if (status === 401 || status === 403) return { name: NAME, status: 'dependency', detail: `HTTP ${status}: JWT refused`, fix: REFUSED_FIX };
  if (status === 400 || (status >= 200 && status < 300))
    return {
      name: NAME,
      status: 'ok',
      detail: `JWT signed and accepted (HTTP ${status} to a PATCH with an empty body for an Id that names no record: nothing to apply)`,
    };
  if (status === 404)
    return {
      name: NAME,
      status: 'setting',
      detail: 'HTTP 404: no Telephony API there',
      fix: 'set SCRT_BASE_URL to https://<MyDomain>.my.salesforce-scrt.com/telephony/v1',
    };
  return {
    name: NAME,
    status: 'dependency',
    detail: `HTTP ${status}: the Telephony API did not accept the probe`,
    fix: 'retry later; check SCRT_BASE_URL',
  };
}

export { PROBE_ID, probeTelephonyAuth };
