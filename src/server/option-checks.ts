/**
 * The option checks every function of `veratad-verify/server` makes once, at creation: a `TypeError` whose message
 * names the function and the option, never a credential or an email.
 */

import { redactor, type Redactor } from './redact.js';

/** Veratad's documented endpoints, the defaults of the `endpoint` options. */
export const VERATAD_URLS = {
  tokenCreate: 'https://vx-be.idresponse.com/token/create',
  linkGenerate: 'https://vx-be.idresponse.com/link/generate',
  userStatus: 'https://vx-be.idresponse.com/user/status',
} as const;

export const DEFAULT_TIMEOUT_MS = 10_000;

/** What a call to Veratad needs: the account, where, how long, and with which fetch. */
export interface VeratadConnection {
  user: string;
  pass: string;
  /** The search for the credentials in Veratad's text (see redact.ts), made once. */
  credentials: Redactor;
  endpoint: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface ConnectionOptions {
  /**
   * Veratad API user name (or API key). Required: `undefined` or `''` throws a `TypeError` at once. Typed to take
   * `process.env.VERATAD_USER` as it is.
   */
  user: string | undefined;
  /** Veratad API password. Required, like `user`. */
  pass: string | undefined;
  endpoint?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type Fail = (message: string) => never;

export function failFor(owner: string): Fail {
  return (message) => {
    throw new TypeError(`${owner}: ${message}`);
  };
}

export function positive(fail: Fail, value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    fail(`\`${name}\` must be a positive number.`);
  return value;
}

export function httpUrl(fail: Fail, value: string | undefined, fallback: string, name: string): string {
  const url = value ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(`\`${name}\` must be an absolute URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') fail(`\`${name}\` must be an http(s) URL.`);
  return parsed.href;
}

/** `value` when it is a function or absent; a `TypeError` otherwise. */
export function optionalFunction<T>(fail: Fail, value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(`\`${name}\` must be a function.`);
  return value;
}

export function originSet(fail: Fail, origins: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (origins === undefined) return undefined;
  if (!Array.isArray(origins)) fail('`allowedOrigins` must be an array of origins.');
  return new Set(
    origins.map((origin: unknown) => {
      try {
        if (typeof origin !== 'string') throw new TypeError('not a string');
        return new URL(origin).origin;
      } catch {
        return fail(
          `\`allowedOrigins\` holds something that is not an origin: ${JSON.stringify(String(origin).slice(0, 100))}.`,
        );
      }
    }),
  );
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** The host's own request headers for a CORS preflight: header names, lower-cased; none by default. */
export function headerNames(fail: Fail, names: readonly string[] | undefined): readonly string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) fail('`allowedHeaders` must be an array of header names.');
  return names.map((name: unknown) => {
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      return fail(
        `\`allowedHeaders\` holds something that is not a header name: ${JSON.stringify(String(name).slice(0, 100))}.`,
      );
    }
    return name.toLowerCase();
  });
}

/** The Veratad account and how to reach it; `options` must already be known to be an object. */
export function connectionOf(fail: Fail, options: ConnectionOptions, defaultEndpoint: string): VeratadConnection {
  const { user, pass } = options;
  if (typeof user !== 'string' || user === '' || typeof pass !== 'string' || pass === '') {
    fail('`user` and `pass` (your Veratad API credentials) are required; read them from the server environment.');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail('no `fetch` is available; pass one in the options.');
  return {
    user,
    pass,
    credentials: redactor([user, pass], [[user, pass]]),
    endpoint: httpUrl(fail, options.endpoint, defaultEndpoint, 'endpoint'),
    timeoutMs: positive(fail, options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs'),
    fetch: fetchImpl,
  };
}
