/** The handlers' answers: JSON with safe headers, and the error codes they can answer. */
import type { VeratadApiErrorCode } from './veratad-error.js';

export type HandlerErrorCode =
  | 'invalid-request'
  | 'forbidden-origin'
  | 'method-not-allowed'
  | 'payload-too-large'
  /** The request body did not arrive within the handler's `bodyTimeoutMs`. */
  | 'request-timeout'
  | 'unsupported-media-type'
  /** No signed-in user (status handler), or missing or wrong credentials (webhook). */
  | 'unauthenticated'
  | VeratadApiErrorCode
  | 'internal-error'
  /** Webhook only: the host's `onResult` threw or rejected. */
  | 'handler-failed'
  /** Only reported to `onEvent`: the caller went away before the answer was ready. */
  | 'client-closed';

/**
 * An answer the handler gives instead of its result. Its message is safe to show to the caller; its `cause`, when
 * a thrown error led to it, is only ever reported to `onEvent`.
 */
export class HandlerError extends Error {
  constructor(
    readonly status: number,
    readonly code: HandlerErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'HandlerError';
  }
}

/** The answer to a failure nobody planned for (a bug): its message says nothing, its `cause` keeps the error. */
export const unexpectedFailure = (cause: unknown, endpoint = 'token') =>
  new HandlerError(500, 'internal-error', `The ${endpoint} endpoint failed unexpectedly.`, {}, { cause });

const BASE_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** A finished answer before it becomes a `Response`: `toNodeListener` writes it to Node's response directly. */
export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  /** JSON text; `null` for a 204. */
  body: string | null;
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): PlainAnswer {
  return { status, headers: { ...BASE_HEADERS, ...headers }, body: status === 204 ? null : JSON.stringify(body) };
}

/**
 * Codes no retry can fix (Veratad refused the server's credentials or its request): their answer says
 * `"retryable": false`, so the element neither retries nor offers the person "Try again".
 */
const FINAL_CODES: readonly HandlerErrorCode[] = ['upstream-unauthorized', 'upstream-rejected'];

export function errorAnswer(error: HandlerError, headers: Record<string, string> = {}): PlainAnswer {
  const { code, message } = error;
  const body = FINAL_CODES.includes(code) ? { code, message, retryable: false } : { code, message };
  return jsonAnswer(error.status, { error: body }, { ...headers, ...error.headers });
}

export function toResponse(answer: PlainAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
