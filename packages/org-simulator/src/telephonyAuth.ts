import { createPublicKey, type KeyObject } from 'node:crypto';
import { SimulatorApiError } from './simulatorErrors.ts';
import type { SimulatorPublicCredentials } from './generateSimulatorCredentials.ts';
import { verifyRs256Jwt } from './verifyJwt.ts';

/** The documented bound on a telephony JWT's lifetime ("exp ... within 24 hours"). */
const MAX_TELEPHONY_JWT_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Clock skew tolerated on `exp`. */
const CLOCK_SKEW_MS = 5_000;

function unauthorized(message: string): SimulatorApiError {
  return new SimulatorApiError('INVALID_AUTH', message, { status: 401 });
}

/**
 * Authenticates Telephony Integration API calls: `Authorization: Bearer <JWT>`, RS256-signed
 * with the contact center's key, iss = org Id, sub = CallCenter API name, exp required and within
 * 24 hours, and a `jti`, when present, never seen before (replays are refused).
 */
class TelephonyAuth {
  readonly #key: KeyObject;
  readonly #orgIds: ReadonlySet<string>;
  readonly #callCenter: string;
  readonly #seenJti = new Map<string, number>();

  public constructor(credentials: SimulatorPublicCredentials) {
    this.#key = createPublicKey(credentials.contactCenter.publicKeyPem);
    const orgId = credentials.contactCenter.orgId;
    this.#orgIds = new Set([orgId, orgId.slice(0, 15)]);
    this.#callCenter = credentials.contactCenter.callCenterApiName;
  }

  /**
   * Checks the Authorization header.
   *
   * @throws SimulatorApiError INVALID_AUTH (401) saying what is wrong
   */
  public check(authorization: string | undefined, now: number): void {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (m === null) throw unauthorized('Missing or malformed Authorization header: expected "Bearer <JWT>".');
    const result = verifyRs256Jwt(m[1] as string, this.#key);
    if (!result.ok) throw unauthorized(`Invalid JWT: ${result.detail}.`);
    const { iss, sub, exp, jti } = result.claims;
    if (typeof iss !== 'string' || !this.#orgIds.has(iss)) throw unauthorized('Invalid JWT: iss is not the org Id.');
    if (sub !== this.#callCenter) throw unauthorized('Invalid JWT: sub is not the CallCenter API name.');
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw unauthorized('Invalid JWT: exp is required.');
    const expMs = exp * 1000;
    if (expMs + CLOCK_SKEW_MS <= now) throw unauthorized('Invalid JWT: the token has expired.');
    if (expMs > now + MAX_TELEPHONY_JWT_LIFETIME_MS + CLOCK_SKEW_MS) throw unauthorized('Invalid JWT: exp must be within 24 hours.');
    if (jti !== undefined) {
      if (typeof jti !== 'string' || jti === '') throw unauthorized('Invalid JWT: jti must be a non-empty string.');
      this.#sweep(now);
      if (this.#seenJti.has(jti)) throw unauthorized('Invalid JWT: this jti has already been used.');
      this.#seenJti.set(jti, expMs + CLOCK_SKEW_MS);
    }
  }

  #sweep(now: number): void {
    if (this.#seenJti.size < 10_000) return;
    for (const [jti, until] of this.#seenJti) if (until <= now) this.#seenJti.delete(jti);
  }
}

export { TelephonyAuth };
