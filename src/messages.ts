/** Turns Veratad frame messages into the element's vocabulary. Pure: no DOM, no events. */
import { VerifyError, type ErrorCode, type VerificationStatus } from './events.js';

export type SessionSignal =
  | { kind: 'status'; status: VerificationStatus; component?: string }
  | { kind: 'step'; step: string; component?: string }
  | { kind: 'close' }
  | { kind: 'error'; code: ErrorCode }
  | { kind: 'expired' };

const MAX_MESSAGE_CHARS = 16_384;
const MAX_FIELD = 64;

export const status = (value: VerificationStatus): SessionSignal => ({ kind: 'status', status: value });
export const error = (code: ErrorCode): SessionSignal => ({ kind: 'error', code });
export const step = (name: string): SessionSignal => ({ kind: 'step', step: name });
export const CLOSE: SessionSignal = { kind: 'close' };

/** Shape 3: the documented bare strings. */
const STRING_SIGNALS: Record<string, SessionSignal> = {
  PASS: status('PASS'),
  FAIL: status('FAIL'),
  'ALREADY VERIFIED': error('already-verified'),
  ERROR: error('session'),
  'LINK EXPIRED': { kind: 'expired' },
  'BOT DETECTED': error('bot-detected'),
  CLOSE,
};
/** Shape 1 `status`. */
const STATUS_SIGNALS: Record<string, SessionSignal> = {
  PASS: status('PASS'),
  FAIL: status('FAIL'),
  PENDING: status('PENDING'),
};
/** Shape 1 `error`. */
const ERROR_SIGNALS: Record<string, SessionSignal> = {
  ERROR: error('session'),
  VELOCITY: error('velocity'),
  'BAD TOKEN': error('bad-token'),
  'ALREADY VERIFIED': error('already-verified'),
  PENDING: error('pending'),
};
/** Shape 1 and shape 2 `event`. */
const EVENT_SIGNALS: Record<string, SessionSignal> = {
  REATTEMPT: step('REATTEMPT'),
  NEXT: step('NEXT'),
  EMAIL: step('EMAIL'),
  QR: step('QR'),
  CLOSE,
  CLOSED: CLOSE,
  ERROR: error('session'),
  COMPLETE: status('PASS'),
  'COMPLETE AND IN REVIEW': status('REVIEW'),
};

const SESSION_ERRORS: Record<string, [message: string, retryable: boolean]> = {
  'bad-token': ['The verification session is no longer valid.', true],
  velocity: ['Too many attempts. Please try again later.', false],
  'already-verified': ['This person is already verified.', false],
  pending: ['A verification for this person is already pending.', false],
  session: ['The verification service reported an error.', true],
  'bot-detected': ['The session was flagged as automated.', false],
};

/** The `VerifyError` for an error reported by the Veratad session itself. */
export function sessionError(code: ErrorCode): VerifyError {
  const [message, retryable] = SESSION_ERRORS[code] ?? SESSION_ERRORS.session;
  return new VerifyError(code, message, retryable);
}

/** Documented values are short upper-case words; anything long is not one of them. */
const lookup = (table: Record<string, SessionSignal>, value: string | undefined) =>
  value && value.length <= MAX_FIELD ? table[value.trim().toUpperCase()] : undefined;

/**
 * The one rule for every field of an object message: a string of at most 64 characters counts, anything else
 * (missing, another type, too long) counts as absent. One bad field never costs the message its other fields.
 */
function field(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value.length <= MAX_FIELD ? value : undefined;
}

function fromObject(data: unknown, secrets: readonly string[]): SessionSignal[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const read = (key: string) => field(data as Record<string, unknown>, key);
  // The one field passed on as written: never when it holds the token or the link.
  const name = [read('component'), read('app')].find((value) => value && !holdsSecret(value, secrets));
  const signals = [
    lookup(STATUS_SIGNALS, read('status')),
    lookup(ERROR_SIGNALS, read('error')),
    lookup(EVENT_SIGNALS, read('event')),
  ].filter((signal) => signal !== undefined);
  return signals.map((signal) =>
    name && (signal.kind === 'status' || signal.kind === 'step') ? { ...signal, component: name } : signal,
  );
}

/**
 * Whether a frame message holds one of `secrets` anywhere, read as JSON text (a message JSON cannot write counts
 * as holding one): such a message is acted on but not handed to the page raw.
 */
export function holdsSecret(data: unknown, secrets: readonly string[]): boolean {
  try {
    const text = typeof data === 'string' ? data : (JSON.stringify(data) ?? '');
    return secrets.some((secret) => text.includes(secret));
  } catch {
    return true;
  }
}

/**
 * The signals in one frame message, in the order status, error, event; `[]` for anything that is not one of
 * the three documented shapes (objects, bare strings, or either of them sent as a JSON string). A component
 * name that contains one of `secrets` (the session's token and link) is left out.
 */
export function parseFrameMessage(data: unknown, secrets: readonly string[] = []): SessionSignal[] {
  if (typeof data !== 'string') return fromObject(data, secrets);
  if (data.length > MAX_MESSAGE_CHARS) return [];
  const direct = lookup(STRING_SIGNALS, data);
  if (direct) return [direct];
  try {
    const decoded: unknown = JSON.parse(data);
    if (typeof decoded !== 'string') return fromObject(decoded, secrets);
    const signal = lookup(STRING_SIGNALS, decoded);
    return signal ? [signal] : [];
  } catch {
    return [];
  }
}
