/** Asks the host's backend for a fresh token: one POST per attempt, timeouts, error classes, retries. No DOM. */
import { VerifyError } from './events.js';
import { backoffDelay, parseRetryAfter, sleep } from './retry.js';
import { errorMessage, parseTokenResponse, type TokenSession } from './token-response.js';

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

const RETRYABLE = ['network', 'timeout', 'server'];
const MAX_BODY_CHARS = 65_536;

/** Resolves with a validated session or rejects with a `VerifyError` (or the abort reason when aborted). */
export async function requestToken(options: TokenRequestOptions): Promise<TokenSession> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(options);
    } catch (error) {
      const retry = error instanceof VerifyError && RETRYABLE.includes(error.code) && attempt < options.retries;
      if (options.signal.aborted || !retry) throw error;
      await sleep(error.retryAfter ?? backoffDelay(attempt), options.signal);
    }
  }
}

function attemptOnce(options: TokenRequestOptions): Promise<TokenSession> {
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', forwardAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  // Settles when the attempt is aborted, so a fetchToken that ignores its signal cannot hang us.
  const aborted = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
  );
  aborted.catch(() => {});
  const guard = <T>(work: Promise<T>): Promise<T> => {
    work.catch(() => {});
    return Promise.race([work, aborted]);
  };

  return (async () => {
    try {
      const answer = await guard(send(options, controller.signal));
      if (answer instanceof Response) return await readResponse(answer, options.lifetimeSeconds, guard);
      return parseTokenResponse(answer, Date.now(), options.lifetimeSeconds);
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      if (timedOut)
        throw new VerifyError('timeout', `The token request timed out after ${options.timeoutMs} ms.`, true);
      if (error instanceof VerifyError) throw error;
      throw new VerifyError('network', 'The token endpoint could not be reached.', true);
    } finally {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', forwardAbort);
    }
  })();
}

/** Starts the request synchronously, so the POST leaves in the caller's task. */
function send(options: TokenRequestOptions, signal: AbortSignal): Promise<unknown> {
  try {
    if (options.fetchToken) return Promise.resolve(options.fetchToken({ ...options.request }, signal));
    return fetch(options.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...options.headers },
      body: JSON.stringify(options.request),
      credentials: options.credentials,
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    return Promise.reject(error);
  }
}

async function readResponse(
  response: Response,
  lifetimeSeconds: number,
  guard: <T>(work: Promise<T>) => Promise<T>,
): Promise<TokenSession> {
  const { status } = response;
  const text = await guard(response.text());
  let body: unknown;
  try {
    body = text.length <= MAX_BODY_CHARS ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const message = errorMessage(body);
  if (status === 401 || status === 403) {
    throw new VerifyError(
      'unauthorized',
      message ?? `The token endpoint refused the request (HTTP ${status}).`,
      false,
      status,
    );
  }
  if (status >= 500 || status === 429) {
    const error = new VerifyError('server', message ?? `The token endpoint failed (HTTP ${status}).`, true, status);
    error.retryAfter = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
    throw error;
  }
  if (status < 200 || status > 299) {
    if (message !== undefined) throw new VerifyError('rejected', message, false, status);
    throw new VerifyError('invalid-response', `The token endpoint answered HTTP ${status}.`, false, status);
  }
  if (body === undefined)
    throw new VerifyError('invalid-response', 'The token endpoint did not answer with JSON.', false, status);
  return parseTokenResponse(body, Date.now(), lifetimeSeconds, status);
}
