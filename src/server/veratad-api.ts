/**
 * The one way this package calls Veratad: a JSON POST under a deadline, never following a redirect, with every way
 * it can fail turned into a `VeratadApiError` whose message holds no credential.
 */
import type { Redactor } from './redact.js';
import { joinChunks } from './request-body.js';
import { HandlerError } from './responses.js';
import { VeratadApiError } from './veratad-error.js';

const MAX_MESSAGE = 300;

/**
 * The most bytes read of any answer from Veratad (its documented answers weigh under 2 KB). Past it, reading stops,
 * the rest is cancelled and the answer is `upstream-invalid`.
 */
export const MAX_UPSTREAM_BYTES = 65_536;

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

/** Veratad's text with every secret `redactor` finds replaced, cut at 300 characters. */
export function scrub(message: string, redactor: Redactor): string {
  const clean = redactor.redact(message);
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/** Veratad's own text, when it gave one, scrubbed; for `onEvent` and the host, never for the browser. */
function upstreamText(why: unknown, redactor: Redactor): string | undefined {
  return typeof why === 'string' && why !== '' ? scrub(why, redactor) : undefined;
}

/** POSTs JSON under the shared deadline; `what` names the call in messages ("Create Token"). */
export async function postJson(
  fetchImpl: typeof fetch,
  url: string,
  payload: unknown,
  { signal, deadline }: Pick<UpstreamSignals, 'signal' | 'deadline'>,
  what: string,
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
  const text = await readCapped(response, what, (cause) => whyNoAnswer(signal, deadline, cause));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  return { status: response.status, body: isObject ? (body as Record<string, unknown>) : undefined };
}

/** The answer's text, read up to `MAX_UPSTREAM_BYTES`: past it (declared or counted) the body is cancelled. */
async function readCapped(response: Response, what: string, noAnswer: (cause: unknown) => Error): Promise<string> {
  const tooLarge = () =>
    new VeratadApiError(
      'upstream-invalid',
      `Veratad’s ${what} answer (HTTP ${response.status}) was larger than ${MAX_UPSTREAM_BYTES} bytes.`,
      { httpStatus: response.status },
    );
  if (!response.body) return '';
  if (Number(response.headers.get('content-length')) > MAX_UPSTREAM_BYTES) {
    void response.body.cancel().catch(() => {});
    throw tooLarge();
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (error) {
      throw noAnswer(error);
    }
    if (step.done) break;
    size += step.value.byteLength;
    if (size > MAX_UPSTREAM_BYTES) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(step.value);
  }
  // As `Response.text()` decodes: UTF-8, invalid bytes replaced, a BOM dropped.
  return new TextDecoder().decode(joinChunks(chunks, size));
}

/** A call that got no answer: the deadline passed, the caller went away, or Veratad could not be reached. */
function whyNoAnswer(signal: AbortSignal, deadline: Deadline, cause: unknown): Error {
  if (deadline.aborted) return new VeratadApiError('upstream-timeout', 'Veratad did not answer in time.');
  // Nobody reads this answer; the code is for `onEvent`.
  if (signal.aborted) return new HandlerError(499, 'client-closed', 'The caller closed the request.');
  // The network error (refused, unknown host, reset) says which; it is kept as the cause, for onEvent only.
  return new VeratadApiError('upstream-unreachable', 'Veratad could not be reached.', { cause });
}

/** Veratad answered 401: a fixed message; what Veratad said, scrubbed, as `upstreamMessage`. */
export function unauthorized(status: number, why: unknown, redactor: Redactor): VeratadApiError {
  return new VeratadApiError(
    'upstream-unauthorized',
    'Veratad refused the server’s credentials; check the user and pass this server is configured with.',
    { httpStatus: status, upstreamMessage: upstreamText(why, redactor) },
  );
}

export function invalidAnswer(what: string, status: number, detail = ''): VeratadApiError {
  return new VeratadApiError(
    'upstream-invalid',
    `Veratad’s ${what} answer (HTTP ${status}) was not in the documented shape${detail}.`,
    { httpStatus: status },
  );
}

/** Veratad said no: the fixed `message`; its own text, scrubbed, as `upstreamMessage`. */
export function rejected(why: unknown, message: string, redactor: Redactor, status: number): VeratadApiError {
  return new VeratadApiError('upstream-rejected', message, {
    httpStatus: status,
    upstreamMessage: upstreamText(why, redactor),
  });
}
