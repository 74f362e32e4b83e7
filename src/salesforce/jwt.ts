import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

/** Claims this project puts in a JWT (RFC 7519 registered names). */
interface JwtClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud?: string;
  readonly iat?: number;
  readonly exp: number;
  readonly jti?: string;
}

function base64Url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * Loads an RSA private key from PEM (PKCS#1 or PKCS#8) once, so signing a JWT per request costs
 * only the signature.
 *
 * @param pem - the private key in PEM form
 * @param name - the setting name used in the error message
 * @throws TypeError when the PEM cannot be read or is not an RSA key of at least 1024 bits
 */
function loadRsaPrivateKey(pem: string, name = 'privateKeyPem'): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new TypeError(`Expected \`${name}\` to be an RSA private key in PEM form`, { cause: error });
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < 1024) {
    throw new TypeError(
      `Expected \`${name}\` to be an RSA private key of at least 1024 bits, got ${key.asymmetricKeyType ?? 'unknown'} (${bits} bits)`,
    );
  }
  return key;
}

/**
 * Signs claims as a compact JWS with RS256 (`{"alg":"RS256","typ":"JWT"}`), using node:crypto.
 *
 * @param claims - the JWT claims; undefined optional claims are left out
 * @param key - an RSA private key from {@link loadRsaPrivateKey}
 * @returns the token, `header.payload.signature` in base64url
 */
function signRs256Jwt(claims: JwtClaims, key: KeyObject): string {
  const header = base64Url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64Url(JSON.stringify(claims));
  const signingInput = `${header}.${payload}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key);
  return `${signingInput}.${base64Url(signature)}`;
}

export { loadRsaPrivateKey, signRs256Jwt };
export type { JwtClaims };
