/** Expiry arithmetic: pure functions, no timers and no DOM. */

/** The numeric `exp` claim (epoch seconds) of a JWT, or undefined when the token is not a JWT with one. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    // atob is forgiving about missing '=' padding; base64url only swaps two characters.
    const payload: unknown = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** `expires_at` as epoch ms: an ISO date string, or a number of epoch seconds. */
export function parseExpiresAt(value: string | number): number | undefined {
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

export interface ExpiryInputs {
  now: number;
  token: string;
  lifetimeSeconds: number;
  /** Epoch ms. */
  expiresAt?: number;
  expiresIn?: number;
}

/**
 * When a token stops being usable (epoch ms): the earliest of the server's `expires_at`, now + `expires_in`,
 * the JWT's `exp`, and now + the configured lifetime (Veratad: 6 h).
 */
export function computeExpiry({ now, token, lifetimeSeconds, expiresAt, expiresIn }: ExpiryInputs): number {
  const candidates = [now + lifetimeSeconds * 1000];
  if (expiresAt !== undefined) candidates.push(expiresAt);
  if (expiresIn !== undefined) candidates.push(now + expiresIn * 1000);
  const exp = jwtExpiry(token);
  if (exp !== undefined) candidates.push(exp * 1000);
  return Math.min(...candidates);
}
