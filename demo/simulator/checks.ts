/**
 * Small checks the simulator's server-to-server endpoints share: the shape of a parsed JSON body and the
 * comparison of the caller's credentials with the accepted ones.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  user: string;
  pass: string;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Compares two secrets without leaking where they differ (digests make the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * True when both match exactly (case-sensitive, no trimming). Both comparisons always run, so the answer's
 * timing does not say which of the two was wrong.
 */
export function credentialsMatch(given: Credentials, expected: Credentials): boolean {
  const userOk = sameSecret(given.user, expected.user);
  const passOk = sameSecret(given.pass, expected.pass);
  return userOk && passOk;
}
