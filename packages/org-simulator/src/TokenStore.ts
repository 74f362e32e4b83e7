import { randomBytes } from 'node:crypto';

/** OAuth access tokens issued by the simulated org, each with its expiry. */
class TokenStore {
  readonly #expiry = new Map<string, number>();

  /**
   * Issues a token shaped like Salesforce's (`<15-char org Id>!<opaque>`).
   *
   * @param orgId - the org Id
   * @param expiresAt - epoch ms after which the token is refused
   */
  public issue(orgId: string, expiresAt: number): string {
    const token = `${orgId.slice(0, 15)}!AQ${randomBytes(60).toString('base64url').replace(/[-_]/g, '.')}`;
    this.#expiry.set(token, expiresAt);
    return token;
  }

  /** Whether a token is known and unexpired at `now`; expired tokens are forgotten. */
  public isValid(token: string, now: number): boolean {
    const expiresAt = this.#expiry.get(token);
    if (expiresAt === undefined) return false;
    if (expiresAt <= now) {
      this.#expiry.delete(token);
      return false;
    }
    return true;
  }

  /** Number of live tokens. */
  public get size(): number {
    return this.#expiry.size;
  }

  /** Forgets expired tokens. */
  public sweep(now: number): void {
    for (const [token, expiresAt] of this.#expiry) if (expiresAt <= now) this.#expiry.delete(token);
  }
}

export { TokenStore };
