import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** The claims the simulator checks. */
interface JwtClaims {
  readonly iss?: unknown;
  readonly sub?: unknown;
  readonly aud?: unknown;
  readonly exp?: unknown;
  readonly iat?: unknown;
  readonly jti?: unknown;
  readonly [claim: string]: unknown;
}

/** Why a JWT was refused. */
type JwtProblem = 'malformed' | 'algorithm' | 'signature';

/** Outcome of {@link verifyRs256Jwt}. */
type JwtResult = { readonly ok: true; readonly claims: JwtClaims } | { readonly ok: false; readonly problem: JwtProblem; readonly detail: string };

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a compact JWS signed with RS256 (RSASSA-PKCS1-v1_5 with SHA-256).
 *
 * @param token - `header.payload.signature`, base64url
 * @param publicKey - the PEM (SPKI) key or a KeyObject
 * @returns the claims when the structure, algorithm and signature are right; claim values are
 *   left for the caller to judge
 */
function verifyRs256Jwt(token: string, publicKey: string | KeyObject): JwtResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, problem: 'malformed', detail: 'not a compact JWS' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    return { ok: false, problem: 'malformed', detail: 'header or payload is not a JSON object' };
  }
  if ((header as { alg?: unknown }).alg !== 'RS256')
    return { ok: false, problem: 'algorithm', detail: `alg must be RS256, got ${JSON.stringify((header as { alg?: unknown }).alg)}` };
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const valid = verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), key, Buffer.from(signaturePart, 'base64url'));
  if (!valid) return { ok: false, problem: 'signature', detail: 'signature does not verify with the registered public key' };
  return { ok: true, claims: claims as JwtClaims };
}

export { verifyRs256Jwt };
export type { JwtClaims, JwtProblem, JwtResult };
