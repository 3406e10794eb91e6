/** `VeratadApiError`: why a call to Veratad gave no usable answer. Its message never holds a credential. */

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

  constructor(
    readonly code: VeratadApiErrorCode,
    message: string,
    options: ErrorOptions & { httpStatus?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VeratadApiError';
    this.httpStatus = options.httpStatus;
  }
}
