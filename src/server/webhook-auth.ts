/**
 * The webhook's digests and its HTTP Basic check, on Web Crypto (`crypto.subtle`: Node 20+, Fetch-style workers),
 * so the handler runs wherever the Fetch API does.
 */

const encoder = new TextEncoder();

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** The SHA-256 of `bytes` as lower-case hex. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  let hex = '';
  for (const byte of await sha256(bytes)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Compares two digests of equal length, taking the same time wherever they differ. */
function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

/** The user name and password of an `Authorization: Basic …` header, or `null` when it is missing or malformed. */
export function basicCredentials(header: string | null): { username: string; password: string } | null {
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '');
  if (!match) return null;
  let decoded: string;
  try {
    const binary = atob(match[1]);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * A check of `Authorization: Basic` against the configured pair. Both the user name and the password are hashed
 * and compared in full every time, so neither the answer's timing nor a short-circuit tells which part was wrong
 * or how much of it matched.
 */
export function basicCheck(username: string, password: string): (header: string | null) => Promise<boolean> {
  const expected = Promise.all([sha256(encoder.encode(username)), sha256(encoder.encode(password))]);
  return async (header) => {
    const given = basicCredentials(header);
    const [wantUser, wantPass] = await expected;
    const [gotUser, gotPass] = await Promise.all([
      sha256(encoder.encode(given?.username ?? '')),
      sha256(encoder.encode(given?.password ?? '')),
    ]);
    const userMatches = sameDigest(wantUser, gotUser);
    const passMatches = sameDigest(wantPass, gotPass);
    return given !== null && userMatches && passMatches;
  };
}
