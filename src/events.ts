/** Every event `<veratad-verify>` fires: names, detail types and the global event-map entries. */

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
  | 'bad-token'
  | 'velocity'
  | 'already-verified'
  | 'pending'
  | 'session'
  | 'bot-detected';

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
export interface VeratadMessageDetail {
  data: unknown;
  origin: string;
}

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
}

export type VeratadEventName = keyof VeratadEventDetails;

declare global {
  interface GlobalEventHandlersEventMap {
    'veratad-token': CustomEvent<VeratadTokenDetail>;
    'veratad-ready': CustomEvent<VeratadReadyDetail>;
    'veratad-status': CustomEvent<VeratadStatusDetail>;
    'veratad-step': CustomEvent<VeratadStepDetail>;
    'veratad-close': CustomEvent<VeratadCloseDetail>;
    'veratad-error': CustomEvent<VeratadErrorDetail>;
    'veratad-expiring': CustomEvent<VeratadExpiringDetail>;
    'veratad-expired': CustomEvent<VeratadExpiredDetail>;
    'veratad-message': CustomEvent<VeratadMessageDetail>;
  }
}

/** A failure with one of the documented codes; the element turns it into a `veratad-error` event. */
export class VerifyError extends Error {
  /** For retried failures: how long the server asked us to wait (ms), from `Retry-After`. */
  retryAfter?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'VerifyError';
  }

  toDetail(): VeratadErrorDetail {
    const detail: VeratadErrorDetail = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.status !== undefined) detail.status = this.status;
    return detail;
  }
}
