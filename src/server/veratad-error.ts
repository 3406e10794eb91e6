/**
 * `VeratadApiError`: why a call to Veratad gave no usable answer. Its message is ours and fixed, never Veratad's text,
 * and never holds a credential; Veratad's own text for a refusal is `upstreamMessage`, scrubbed.
 */

/** The ways a call to Veratad can fail; the handlers answer them with the same codes (502, or 504 for a timeout). */
export const UPSTREAM_ERROR_CODES = [
  'upstream-unauthorized',
  'upstream-rejected',
  'upstream-invalid',
  'upstream-unreachable',
  'upstream-timeout',
] as const;

export type VeratadApiErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];

export class VeratadApiError extends Error {
  /** Veratad's HTTP status, when it answered at all. */
  readonly httpStatus: number | undefined;
  /**
   * Veratad's own message for a refusal (`upstream-rejected`, `upstream-unauthorized`), cut at 300 characters, with
   * the credentials, the token and the email replaced by `[redacted]` in any letter case, URL-encoded or in base64.
   * For your log; the token and status endpoints never send it to the browser.
   */
  readonly upstreamMessage: string | undefined;

  constructor(
    readonly code: VeratadApiErrorCode,
    message: string,
    options: ErrorOptions & { httpStatus?: number; upstreamMessage?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VeratadApiError';
    this.httpStatus = options.httpStatus;
    this.upstreamMessage = options.upstreamMessage;
  }
}
