/**
 * The one way this package calls Veratad: a JSON POST under a deadline, never following a redirect, with every way
 * it can fail turned into a `VeratadApiError` whose message holds no credential.
 */
import { HandlerError } from './responses.js';
import { VeratadApiError } from './veratad-error.js';

const MAX_MESSAGE = 300;

/** Tells whether the time for Veratad ran out (the signal alone cannot tell a timeout from a caller leaving). */
export interface Deadline {
  readonly aborted: boolean;
}

/** The signal for one request's calls to Veratad and the deadline behind it. */
export interface UpstreamSignals {
  signal: AbortSignal;
  deadline: Deadline;
  dispose(): void;
}

/**
 * One signal that aborts when the caller goes away or when the deadline passes, whichever comes first, and a
 * `deadline` that tells which (one AbortController per request: each costs several microseconds).
 */
export function upstreamSignals(callerSignal: AbortSignal | undefined, timeoutMs: number): UpstreamSignals {
  const controller = new AbortController();
  const deadline = { aborted: false };
  const timer = setTimeout(() => {
    deadline.aborted = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  if (callerSignal?.aborted) controller.abort();
  return {
    deadline,
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** What Veratad answered: its HTTP status and its body when that is a JSON object. */
export interface UpstreamAnswer {
  status: number;
  body: Record<string, unknown> | undefined;
}

/** Forbidden strings (credentials, a token, an email) never leave in a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  let clean = message;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join('[redacted]');
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/** POSTs JSON under the shared deadline. */
export async function postJson(
  fetchImpl: typeof fetch,
  url: string,
  payload: unknown,
  { signal, deadline }: Pick<UpstreamSignals, 'signal' | 'deadline'>,
): Promise<UpstreamAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(payload),
      signal,
      // Never follow a redirect: a 3xx is not a documented answer (upstream-invalid). 'manual', not 'error',
      // because some Fetch runtimes (Cloudflare's workerd) refuse 'error' before sending anything.
      redirect: 'manual',
    });
  } catch (error) {
    throw whyNoAnswer(signal, deadline, error);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw whyNoAnswer(signal, deadline, error);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  return { status: response.status, body: isObject ? (body as Record<string, unknown>) : undefined };
}

/** A call that got no answer: the deadline passed, the caller went away, or Veratad could not be reached. */
function whyNoAnswer(signal: AbortSignal, deadline: Deadline, cause: unknown): Error {
  if (deadline.aborted) return new VeratadApiError('upstream-timeout', 'Veratad did not answer in time.');
  // Nobody reads this answer; the code is for `onEvent`.
  if (signal.aborted) return new HandlerError(499, 'client-closed', 'The caller closed the request.');
  // The network error (refused, unknown host, reset) says which; it is kept as the cause, for onEvent only.
  return new VeratadApiError('upstream-unreachable', 'Veratad could not be reached.', { cause });
}

export function unauthorized(status: number): VeratadApiError {
  return new VeratadApiError(
    'upstream-unauthorized',
    'Veratad refused the server’s credentials; check the user and pass this server is configured with.',
    { httpStatus: status },
  );
}

export function invalidAnswer(what: string, status: number, detail = ''): VeratadApiError {
  return new VeratadApiError(
    'upstream-invalid',
    `Veratad’s ${what} answer (HTTP ${status}) was not in the documented shape${detail}.`,
    { httpStatus: status },
  );
}

/** Veratad said no: its own message (cut, with the secrets replaced), or `fallback` when it gave none. */
export function rejected(why: unknown, fallback: string, secrets: readonly string[], status: number): VeratadApiError {
  const message = typeof why === 'string' && why !== '' ? why : fallback;
  return new VeratadApiError('upstream-rejected', scrub(message, secrets), { httpStatus: status });
}
