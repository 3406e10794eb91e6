/** Every event `<veratad-verify>` fires: names, detail types and the global event-map entries, in one place. */

export type Mode = 'sdk' | 'link';

export type Phase = 'idle' | 'loading' | 'ready' | 'complete' | 'closed' | 'expired' | 'error';

export type ErrorCode =
  | 'invalid-config'
  | 'network'
  | 'timeout'
  | 'unauthorized'
  | 'rejected'
  | 'server'
  | 'invalid-response'
  | 'sdk-load'
  | 'frame-timeout'
  | 'frame-load'
  | 'bad-token'
  | 'velocity'
  | 'already-verified'
  | 'pending'
  | 'session'
  | 'bot-detected'
  | 'confirm-failed';

export type VerificationStatus = 'PASS' | 'FAIL' | 'PENDING' | 'REVIEW';

export interface VeratadTokenDetail {
  mode: Mode;
  /** Epoch milliseconds when the session stops being usable. */
  expiresAt: number;
  /** Non-secret settings Veratad returned with the token (age, rules, …). Never the token. */
  settings: Record<string, string>;
}
export interface VeratadReadyDetail {
  mode: Mode;
}
export interface VeratadStatusDetail {
  status: VerificationStatus;
  component?: string;
  source: 'sdk' | 'frame';
}
export interface VeratadStepDetail {
  step: string;
  component?: string;
}
export interface VeratadCloseDetail {
  source: 'user' | 'host';
}
export interface VeratadErrorDetail {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** The HTTP status, when an HTTP answer caused the error. */
  status?: number;
  /** Only for a failure of veratad-verify itself (a bug of ours): the original error. */
  cause?: unknown;
}
export interface VeratadExpiringDetail {
  expiresAt: number;
  /** Milliseconds left when the event fired. */
  remaining: number;
}
export interface VeratadExpiredDetail {
  expiresAt: number;
  reason: 'lifetime' | 'frame';
}
export interface VeratadConfirmedDetail {
  /** The host's server's word: Veratad's status (PASS, FAIL, REVIEW…), or PENDING when `confirm-timeout` passed first. */
  status: string;
  /** True only when the server confirmed the verification. */
  verified: boolean;
}
/** What the camera preflight found (see the docs' table for what each value means and what to do). */
export type CameraState = 'ok' | 'prompt' | 'denied' | 'blocked' | 'insecure' | 'unsupported' | 'no-device' | 'unknown';
export interface VeratadPreflightDetail {
  camera: CameraState;
  /** The in-app browser the page runs in (instagram, facebook, tiktok, snapchat, line, wechat), if any. */
  inApp?: string;
  /** Whether the page is a secure context (https or the local machine). */
  secure: boolean;
}
export interface VeratadMessageDetail {
  data: unknown;
  origin: string;
}

/** Each event's name and the type of its `detail`: the one list of the element's events. */
export interface VeratadEventDetails {
  'veratad-token': VeratadTokenDetail;
  'veratad-ready': VeratadReadyDetail;
  'veratad-status': VeratadStatusDetail;
  'veratad-step': VeratadStepDetail;
  'veratad-close': VeratadCloseDetail;
  'veratad-error': VeratadErrorDetail;
  'veratad-expiring': VeratadExpiringDetail;
  'veratad-expired': VeratadExpiredDetail;
  'veratad-message': VeratadMessageDetail;
  'veratad-confirmed': VeratadConfirmedDetail;
  'veratad-preflight': VeratadPreflightDetail;
}

export type VeratadEventName = keyof VeratadEventDetails;

/** The events as `CustomEvent`s, for the global event maps. */
export type VeratadEventMap = { [K in VeratadEventName]: CustomEvent<VeratadEventDetails[K]> };

declare global {
  // Typed listeners on the element, and on document and window too, since every event bubbles and is composed.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends VeratadEventMap {}
}

/** Every event name, in the order of `VeratadEventDetails` (the type check keeps the two in step). */
export const EVENT_NAMES = [
  'veratad-token',
  'veratad-ready',
  'veratad-status',
  'veratad-step',
  'veratad-close',
  'veratad-error',
  'veratad-expiring',
  'veratad-expired',
  'veratad-message',
  'veratad-confirmed',
  'veratad-preflight',
] as const satisfies readonly VeratadEventName[];

// Fails to compile when VeratadEventDetails gains an event that EVENT_NAMES lacks.
type Missing = Exclude<VeratadEventName, (typeof EVENT_NAMES)[number]>;
const everyEventListed: [Missing] extends [never] ? true : Missing = true;
void everyEventListed;

/** A failure with one of the documented codes; the element turns it into a `veratad-error` event. */
export class VerifyError extends Error {
  /** For retried failures: how long the server asked us to wait (ms), from `Retry-After`. */
  retryAfter?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'VerifyError';
  }

  toDetail(): VeratadErrorDetail {
    const detail: VeratadErrorDetail = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.status !== undefined) detail.status = this.status;
    if (this.cause !== undefined) detail.cause = this.cause;
    return detail;
  }
}

/**
 * The error for anything thrown that is not a `VerifyError`: a bug in veratad-verify itself. It keeps the public
 * code `invalid-response`, says it is unexpected, and keeps the original as `cause` (its text may hold data, so
 * the message names only its type).
 */
export function unexpectedError(error: unknown): VerifyError {
  if (error instanceof VerifyError) return error;
  const kind = error instanceof Error ? error.name : typeof error;
  return new VerifyError(
    'invalid-response',
    `veratad-verify failed unexpectedly (${kind}; a bug: see the error's cause).`,
    false,
    undefined,
    { cause: error },
  );
}
