/**
 * POSTs JSON to the host's backend (the token or the confirm endpoint): one request per attempt, a timeout per
 * attempt, the error classes, retries with backoff. No DOM.
 */
import { VerifyError } from './events.js';
import { backoffDelay, parseRetryAfter, sleep } from './retry.js';
import { errorMessage, saysFinal } from './token-response.js';

export interface PostJsonOptions<T> {
  /** The endpoint's name in messages: "The token endpoint could not be reached." */
  name: 'token' | 'confirm';
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  credentials: RequestCredentials;
  timeoutMs: number;
  retries: number;
  signal: AbortSignal;
  /** Replaces the built-in fetch (the token's `fetchToken`): may resolve to a `Response` or to the answer body. */
  send?: (signal: AbortSignal) => Promise<unknown>;
  /** Turns a 2xx answer body into the result, or throws a `VerifyError`. */
  parse(body: unknown, status?: number): T;
}

const MAX_BODY_CHARS = 65_536;

/** Resolves with the parsed answer or rejects with a `VerifyError` (or the abort reason when aborted). */
export async function postJson<T>(options: PostJsonOptions<T>): Promise<T> {
  if (!options.send) checkHeaders(options.headers);
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(options);
    } catch (error) {
      // Only `network`, `timeout` and `server` failures are retryable here.
      const retry = error instanceof VerifyError && error.retryable && attempt < options.retries;
      if (options.signal.aborted || !retry) throw error;
      await sleep(error.retryAfter ?? backoffDelay(attempt), options.signal);
    }
  }
}

/** `requestHeaders` that fetch would refuse are the page's mistake (`invalid-config`), not a network failure. */
function checkHeaders(headers: Record<string, string> | undefined): void {
  let bad: boolean;
  try {
    bad = Object.values(headers ?? {}).some((value) => /[\r\n\0]/.test(value));
    new Headers(headers);
  } catch {
    bad = true;
  }
  if (bad) {
    throw new VerifyError(
      'invalid-config',
      'requestHeaders has a header fetch cannot send (a line break, a bad name).',
    );
  }
}

/** The answer the host's own code handed over (`fetchToken`) could not be read: its mistake, not the network's. */
const unreadable = (options: PostJsonOptions<unknown>) =>
  new VerifyError('invalid-response', `The ${options.name} answer could not be read.`);

function attemptOnce<T>(options: PostJsonOptions<T>): Promise<T> {
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', forwardAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  // Settles when the attempt is aborted, so a `send` that ignores its signal cannot hang us.
  const aborted = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
  );
  aborted.catch(() => {});
  const guard = <R>(work: Promise<R>): Promise<R> => {
    work.catch(() => {});
    return Promise.race([work, aborted]);
  };

  return (async () => {
    try {
      const answer = await guard(send(options, controller.signal));
      let response: Response;
      try {
        if (!(answer instanceof Response)) return options.parse(answer);
        response = answer;
      } catch (error) {
        // A getter or a Proxy of `fetchToken`'s answer threw while it was validated.
        throw error instanceof VerifyError ? error : unreadable(options);
      }
      return await readResponse(options, response, guard);
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      if (timedOut) {
        throw new VerifyError('timeout', `The ${options.name} request timed out after ${options.timeoutMs} ms.`, true);
      }
      if (error instanceof VerifyError) throw error;
      throw new VerifyError('network', `The ${options.name} endpoint could not be reached.`, true);
    } finally {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', forwardAbort);
    }
  })();
}

/** Starts the request synchronously, so the POST leaves in the caller's task. */
function send<T>(options: PostJsonOptions<T>, signal: AbortSignal): Promise<unknown> {
  try {
    if (options.send) return Promise.resolve(options.send(signal));
    return fetch(options.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      credentials: options.credentials,
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    return Promise.reject(error);
  }
}

async function readResponse<T>(
  options: PostJsonOptions<T>,
  response: Response,
  guard: <R>(work: Promise<R>) => Promise<R>,
): Promise<T> {
  let status: number;
  let retryAfter: string | null;
  let body: unknown;
  let reading: Promise<string>;
  try {
    // A wrapped or already read Response from `fetchToken` fails here, in the host's code, not on the network.
    if (response.bodyUsed) throw unreadable(options);
    ({ status } = response);
    retryAfter = response.headers.get('Retry-After');
    reading = response.text();
  } catch {
    throw unreadable(options);
  }
  const endpoint = `The ${options.name} endpoint`;
  const text = await guard(reading);
  try {
    body = text.length <= MAX_BODY_CHARS ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const message = errorMessage(body);
  if (status === 401 || status === 403) {
    throw new VerifyError(
      'unauthorized',
      message ?? `${endpoint} refused the request (HTTP ${status}).`,
      false,
      status,
    );
  }
  if (status >= 500 || status === 429) {
    const retryable = !saysFinal(body);
    const error = new VerifyError('server', message ?? `${endpoint} failed (HTTP ${status}).`, retryable, status);
    error.retryAfter = parseRetryAfter(retryAfter, Date.now());
    throw error;
  }
  if (status < 200 || status > 299) {
    if (message !== undefined) throw new VerifyError('rejected', message, false, status);
    throw new VerifyError('invalid-response', `${endpoint} answered HTTP ${status}.`, false, status);
  }
  if (body === undefined)
    throw new VerifyError('invalid-response', `${endpoint} did not answer with JSON.`, false, status);
  return options.parse(body, status);
}
