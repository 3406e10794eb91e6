/** Asks the host's backend for a fresh token (a `postJson` to `token-url`, or the host's own `fetchToken`). No DOM. */
import { postJson } from './post-json.js';
import { parseTokenResponse, type TokenSession } from './token-response.js';

/** What the element sends to the backend (ids that are not set are omitted). */
export interface TokenRequest {
  journey_id?: string;
  settings_id?: string;
  branding_id?: string;
}

/** Replaces the built-in POST; may resolve to a `Response` or to the parsed answer body. */
export type FetchToken = (request: TokenRequest, signal: AbortSignal) => Promise<unknown>;

export interface TokenRequestOptions {
  url: string;
  request: TokenRequest;
  headers?: Record<string, string>;
  credentials: RequestCredentials;
  timeoutMs: number;
  retries: number;
  lifetimeSeconds: number;
  signal: AbortSignal;
  fetchToken?: FetchToken;
}

/** Resolves with a validated session or rejects with a `VerifyError` (or the abort reason when aborted). */
export function requestToken(options: TokenRequestOptions): Promise<TokenSession> {
  const { fetchToken, request, lifetimeSeconds } = options;
  return postJson({
    ...options,
    name: 'token',
    body: request,
    send: fetchToken && ((signal) => fetchToken({ ...request }, signal)),
    parse: (body, status) => parseTokenResponse(body, Date.now(), lifetimeSeconds, status),
  });
}
