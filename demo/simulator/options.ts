/**
 * What `startSimulator()` takes, its defaults, and the check that refuses options it cannot honour.
 */
import { checkTarget, type DeliveryAttempt, type Timer } from './callback.js';

export interface SimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (the simulator is never meant to be reachable from elsewhere). */
  host?: string;
  /** The credentials `POST /token/create` and `POST /user/status` accept; default `demo-user` / `demo-pass`. */
  user?: string;
  pass?: string;
  /** How long a token (and every link made from it) lives, in seconds; default 21600 (Veratad: 6 hours). */
  tokenLifetimeSeconds?: number;
  /**
   * The clock, in epoch milliseconds; default `Date.now`. Tests inject one to expire tokens and purge personal
   * fields without waiting.
   */
  now?: () => number;
  /** How long a finished journey's personal fields are kept, in seconds; default 7200 (Veratad: 2 hours). */
  purgeAfterSeconds?: number;
  /** Veratad's "storage on" account setting: personal fields are never purged. Default false. */
  storageOn?: boolean;
  /** Where to POST results (the host's webhook); none by default. `sim.callbacks.configure()` changes it later. */
  callbackUrl?: string;
  /** HTTP Basic credentials for the callback; set both or neither. */
  callbackUser?: string;
  callbackPass?: string;
  /** Waits before each retry of a failed delivery, in milliseconds; default `[1000, 5000, 25000]`. */
  callbackRetryDelaysMs?: readonly number[];
  /** An attempt with no answer after this many milliseconds fails; default 10000. */
  callbackTimeoutMs?: number;
  /** Called after every delivery attempt (its errors are ignored). */
  onDelivery?: (attempt: DeliveryAttempt) => void;
  /**
   * The timer behind retries and attempt timeouts; default `setTimeout` (unref'd). Tests inject one to retry and
   * time out without waiting.
   */
  timer?: Timer;
}

export const DEFAULT_USER = 'demo-user';
export const DEFAULT_PASS = 'demo-pass';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 21_600;
export const DEFAULT_PURGE_AFTER_SECONDS = 7_200;

const positive = (value: number | undefined) => value === undefined || (Number.isFinite(value) && value > 0);

/** Throws a RangeError naming the first option that cannot be honoured. */
export function checkOptions(options: SimulatorOptions): void {
  const { port, tokenLifetimeSeconds, purgeAfterSeconds, user, pass } = options;
  const refuse = (message: string): never => {
    throw new RangeError(`startSimulator: ${message}`);
  };
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    refuse(`port must be an integer from 0 to 65535, got ${String(port)}.`);
  }
  if (!positive(tokenLifetimeSeconds)) {
    refuse(`tokenLifetimeSeconds must be a positive number, got ${String(tokenLifetimeSeconds)}.`);
  }
  if (!positive(purgeAfterSeconds)) {
    refuse(`purgeAfterSeconds must be a positive number, got ${String(purgeAfterSeconds)}.`);
  }
  if (user === '' || pass === '') refuse('user and pass must not be empty.');
  const delays = options.callbackRetryDelaysMs;
  if (delays !== undefined && !delays.every((delay) => Number.isFinite(delay) && delay >= 0)) {
    refuse('callbackRetryDelaysMs must be numbers of milliseconds, 0 or more.');
  }
  if (!positive(options.callbackTimeoutMs)) {
    refuse(`callbackTimeoutMs must be a positive number, got ${String(options.callbackTimeoutMs)}.`);
  }
  const { callbackUrl: url, callbackUser, callbackPass } = options;
  if (url === undefined) {
    if (callbackUser !== undefined || callbackPass !== undefined)
      refuse('callbackUser and callbackPass need a callbackUrl.');
    return;
  }
  try {
    checkTarget({ url, user: callbackUser, pass: callbackPass });
  } catch (error) {
    refuse((error as Error).message);
  }
}
