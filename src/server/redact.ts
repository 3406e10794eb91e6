/**
 * Finding secrets (the credentials, a token, an email, a person's fields) in text that came from Veratad, whatever
 * their letter case, and in the forms an echo most often takes: URL encoding (`%40`, `+` for a space), and base64
 * and base64url, alone, as `user:pass` (HTTP Basic) or inside a longer base64 text.
 */

const REDACTED = '[redacted]';
/** A base64 fragment shorter than this is not searched for: it would match unrelated text by chance. */
const MIN_FRAGMENT = 6;

const utf8 = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const toBase64Url = (text: string) => text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The base64 forms of `secret`: its own encoding, and the characters that encode it wherever it starts inside a longer
 * text (three alignments; the characters at either end also carry the neighbours' bits, so they are left out).
 */
function base64Forms(secret: string): string[] {
  const bytes = utf8.encode(secret);
  const forms = [base64(bytes)];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.byteLength);
    padded.set(bytes, offset);
    const encoded = base64(padded);
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.byteLength) * 8) / 6);
    const fragment = encoded.slice(first, last);
    if (fragment.length >= MIN_FRAGMENT) forms.push(fragment);
  }
  return forms.flatMap((form) => [form, toBase64Url(form)]);
}

/** Every form of each secret searched for; `pairs` are also searched as `a:b`, the way HTTP Basic encodes them. */
function secretForms(secrets: readonly string[], pairs: readonly (readonly [string, string])[] = []): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    // encodeURIComponent leaves !'()* as they are; other encoders escape everything but letters, digits and -._~.
    const url = encodeURIComponent(secret);
    const strict = url.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
    for (const form of [secret, url, strict, ...[url, strict].map((encoded) => encoded.replace(/%20/g, '+'))]) {
      forms.add(form);
    }
    for (const form of base64Forms(secret)) forms.add(form);
  }
  for (const [user, pass] of pairs) for (const form of base64Forms(`${user}:${pass}`)) forms.add(form);
  return [...forms];
}

/** A search for secrets in Veratad's text, in any letter case. */
export interface Redactor {
  /** True when `text` holds any of the forms. */
  finds(text: string): boolean;
  /** `text` with every form replaced by `[redacted]`. */
  redact(text: string): string;
  /** This search and `secrets` too (a token known only per request): the forms already made are kept. */
  with(secrets: readonly string[]): Redactor;
}

/** `text` lower-cased character by character, keeping its length (a character whose lower case is longer stays). */
function fold(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  return Array.from(text, (char) => {
    const folded = char.toLowerCase();
    return folded.length === char.length ? folded : char;
  }).join('');
}

/** Where the forms occur in `text`, as sorted, merged [start, end) ranges. A plain search: secrets can be long. */
function rangesOf(text: string, forms: readonly string[]): [number, number][] {
  const folded = fold(text);
  const ranges: [number, number][] = [];
  for (const form of forms) {
    for (let at = folded.indexOf(form); at >= 0; at = folded.indexOf(form, at + 1)) ranges.push([at, at + form.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

function searchFor(folded: readonly string[]): Redactor {
  return {
    finds(text) {
      const haystack = fold(text);
      return folded.some((form) => haystack.includes(form));
    },
    redact(text) {
      let clean = '';
      let from = 0;
      for (const [start, end] of rangesOf(text, folded)) {
        clean += `${text.slice(from, start)}${REDACTED}`;
        from = end;
      }
      return clean + text.slice(from);
    },
    with: (secrets) => searchFor([...new Set([...folded, ...secretForms(secrets).map(fold)])]),
  };
}

/** A search for `secrets` (and `pairs`, as `a:b`) in every form `secretForms` gives, in any letter case. */
export function redactor(secrets: readonly string[], pairs: readonly (readonly [string, string])[] = []): Redactor {
  return searchFor([...new Set(secretForms(secrets, pairs).map(fold))]);
}
