/**
 * What the simulator remembers: the tokens it issued and the links it generated. Pure bookkeeping with an
 * injectable clock, so expiry is tested without sleeping. No HTTP here.
 */
import { randomUUID } from 'node:crypto';

/** A token issued by `POST /token/create`. Times are epoch milliseconds of the simulator's clock. */
export interface TokenRecord {
  readonly token: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly journeyId?: string;
  readonly settingsId?: string;
  readonly brandingId?: string;
}

/** A link made by `POST /link/generate`; it lives exactly as long as its token. */
export interface LinkRecord {
  readonly requestId: string;
  readonly token: string;
  readonly createdAt: number;
  readonly sendEmail: boolean;
  /** The user fields sent with the request (fn, ln, dob, …), as received. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export type Lookup<T> = { state: 'live'; record: T } | { state: 'expired'; record: T } | { state: 'unknown' };

export interface TokenIds {
  journeyId?: string;
  settingsId?: string;
  brandingId?: string;
}

/** More than any demo or test issues; beyond it the oldest tokens (and their links) are forgotten. */
const MAX_TOKENS = 10_000;

export class SessionStore {
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #links = new Map<string, LinkRecord>();
  readonly #lifetimeMs: number;
  readonly #now: () => number;

  constructor(lifetimeSeconds: number, now: () => number) {
    this.#lifetimeMs = lifetimeSeconds * 1000;
    this.#now = now;
  }

  createToken(ids: TokenIds): TokenRecord {
    this.#prune();
    const createdAt = this.#now();
    const record: TokenRecord = { token: randomUUID(), createdAt, expiresAt: createdAt + this.#lifetimeMs, ...ids };
    this.#tokens.set(record.token, record);
    return record;
  }

  lookupToken(token: string): Lookup<TokenRecord> {
    const record = this.#tokens.get(token);
    if (!record) return { state: 'unknown' };
    return { state: this.#now() < record.expiresAt ? 'live' : 'expired', record };
  }

  /** Ends a token's life now. It stays known, so it is reported as expired rather than unknown. */
  expireToken(token: string): boolean {
    const record = this.#tokens.get(token);
    if (!record) return false;
    const now = this.#now();
    if (record.expiresAt > now) this.#tokens.set(token, { ...record, expiresAt: now });
    return true;
  }

  createLink(token: string, fields: Record<string, unknown>, sendEmail: boolean): LinkRecord {
    const record: LinkRecord = { requestId: randomUUID(), token, createdAt: this.#now(), sendEmail, fields };
    this.#links.set(record.requestId, record);
    return record;
  }

  lookupLink(requestId: string): Lookup<LinkRecord> {
    const record = this.#links.get(requestId);
    if (!record) return { state: 'unknown' };
    const token = this.lookupToken(record.token);
    if (token.state === 'unknown') return { state: 'unknown' };
    return { state: token.state, record };
  }

  link(requestId: string): LinkRecord | undefined {
    return this.#links.get(requestId);
  }

  tokens(): TokenRecord[] {
    return [...this.#tokens.values()];
  }

  links(): LinkRecord[] {
    return [...this.#links.values()];
  }

  /**
   * Forgets tokens that expired more than one lifetime ago (until then an old token still reads as
   * "expired", not "unknown"), and the oldest ones beyond MAX_TOKENS; their links go with them.
   */
  #prune(): void {
    const cutoff = this.#now() - this.#lifetimeMs;
    const excess = this.#tokens.size + 1 - MAX_TOKENS;
    let index = 0;
    for (const [token, record] of this.#tokens) {
      if (index++ < excess || record.expiresAt <= cutoff) this.#tokens.delete(token);
    }
    for (const [requestId, link] of this.#links) {
      if (!this.#tokens.has(link.token)) this.#links.delete(requestId);
    }
  }
}
