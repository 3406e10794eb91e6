/**
 * The result callback: on every status change of a journey the simulator POSTs the result (JSON, HTTP Basic
 * when credentials are set) to the host's endpoint, as Veratad does. Retrying a failed delivery is our policy
 * (Veratad documents none): see DEFAULT_RETRY_DELAYS_MS. Deliveries never block a journey; close() cancels the
 * retries still waiting and aborts the attempts under way.
 */
import type { JourneyRecord, JourneyStatus } from './journeys.js';
import { callbackBody } from './result-body.js';

/** Where results go. `user` and `pass` are both set (HTTP Basic) or both left out. */
export interface CallbackTarget {
  url: string;
  user?: string;
  pass?: string;
}

/** One delivery attempt, as logged and passed to `onDelivery`. */
export interface DeliveryAttempt {
  journeyId: string;
  /** The status this delivery reports. */
  status: JourneyStatus;
  url: string;
  /** 1 for the first try of a delivery, 2 for its first retry, … */
  attempt: number;
  /** True when the endpoint answered 2xx. */
  ok: boolean;
  /** The endpoint's HTTP status, when it answered. */
  httpStatus?: number;
  /** Why the attempt failed without an answer (refused, timed out, …). */
  error?: string;
  /** When another attempt follows: in how many milliseconds. Absent after success or the last attempt. */
  retryInMs?: number;
  /** The body sent (the same on every attempt of a delivery). */
  body: Record<string, unknown>;
  /** The simulator's clock when the attempt ended. */
  at: number;
}

/** Starts `run` after `delayMs`; returns a function that cancels it. */
export type Timer = (run: () => void, delayMs: number) => () => void;

/** Our retry policy: after a failed attempt, wait 1 s, then 5 s, then 25 s; four attempts in all. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 25_000];
/** An attempt with no answer after this long is aborted and counts as failed. */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 10_000;
/** The log keeps this many attempts, the newest. */
const MAX_LOGGED = 1_000;

export const realTimer: Timer = (run, delayMs) => {
  const handle = setTimeout(run, delayMs);
  handle.unref();
  return () => clearTimeout(handle);
};

export interface CallbackSenderOptions {
  target?: CallbackTarget;
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  timer: Timer;
  now: () => number;
  onDelivery?: (attempt: DeliveryAttempt) => void;
}

/** Throws a RangeError for a target that cannot be used. */
export function checkTarget(target: CallbackTarget): void {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new RangeError(`the callback URL must be an absolute http(s) URL, got "${target.url}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`the callback URL must be http or https, got "${target.url}".`);
  }
  if ((target.user === undefined) !== (target.pass === undefined)) {
    throw new RangeError('the callback user and pass go together: set both or neither.');
  }
  if (target.user === '' || target.user?.includes(':')) {
    throw new RangeError('the callback user must be non-empty and contain no ":" (HTTP Basic).');
  }
}

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
}

export class CallbackSender {
  readonly #options: CallbackSenderOptions;
  #target: CallbackTarget | undefined;
  readonly #log: DeliveryAttempt[] = [];
  /** Per journey, the end of its delivery chain: a journey's deliveries go out in the order of its changes. */
  readonly #chains = new Map<string, Promise<void>>();
  readonly #waits = new Set<() => void>();
  readonly #inFlight = new Set<AbortController>();
  #closed = false;

  constructor(options: CallbackSenderOptions) {
    this.#options = options;
    if (options.target) this.configure(options.target);
  }

  /** Sets where results go from now on (`undefined`: nowhere); retries already waiting keep their target. */
  configure(target: CallbackTarget | undefined): void {
    if (target) checkTarget(target);
    this.#target = target && { ...target };
  }

  /** Where results go, without the password. */
  target(): { url: string; user?: string } | undefined {
    const target = this.#target;
    return target && (target.user === undefined ? { url: target.url } : { url: target.url, user: target.user });
  }

  deliveries(): DeliveryAttempt[] {
    return [...this.#log];
  }

  /** Resolves once every delivery started so far has succeeded or given up (or close() stopped it). */
  async settled(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all(this.#chains.values());
  }

  /** Queues the delivery of a journey's current status; returns at once. Does nothing without a target. */
  send(journey: JourneyRecord): void {
    const target = this.#target;
    if (!target || this.#closed) return;
    const body = callbackBody(journey);
    const previous = this.#chains.get(journey.id) ?? Promise.resolve();
    const chain = previous.then(() => this.#deliver(target, journey.id, journey.status, body));
    this.#chains.set(journey.id, chain);
    void chain.finally(() => {
      if (this.#chains.get(journey.id) === chain) this.#chains.delete(journey.id);
    });
  }

  /** Cancels every waiting retry, aborts the attempts under way and resolves once they have stopped. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const cancel of this.#waits) cancel();
    for (const controller of this.#inFlight) controller.abort();
    await this.settled();
  }

  async #deliver(target: CallbackTarget, journeyId: string, status: JourneyStatus, body: Record<string, unknown>) {
    for (let attempt = 1; !this.#closed; attempt += 1) {
      const answer = await this.#attempt(target, body);
      if (this.#closed) return; // stopped by close(): the aborted attempt is not logged
      const retryInMs = answer.ok ? undefined : this.#options.retryDelaysMs[attempt - 1];
      this.#record({
        journeyId,
        status,
        url: target.url,
        attempt,
        ...answer,
        ...(retryInMs === undefined ? {} : { retryInMs }),
        body,
        at: this.#options.now(),
      });
      if (retryInMs === undefined || !(await this.#wait(retryInMs))) return;
    }
  }

  async #attempt(
    target: CallbackTarget,
    body: Record<string, unknown>,
  ): Promise<{ ok: boolean; httpStatus?: number; error?: string }> {
    const controller = new AbortController();
    this.#inFlight.add(controller);
    const { timeoutMs } = this.#options;
    const stopTimeout = this.#options.timer(
      () => controller.abort(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (target.user !== undefined && target.pass !== undefined) headers.Authorization = basic(target.user, target.pass);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined); // frees the connection
      return { ok: response.status >= 200 && response.status < 300, httpStatus: response.status };
    } catch (error) {
      // fetch rejects with the abort reason, or with "fetch failed" whose cause says why (ECONNREFUSED, …).
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return { ok: false, error: cause instanceof Error ? cause.message : String(cause) };
    } finally {
      stopTimeout();
      this.#inFlight.delete(controller);
    }
  }

  /** Waits on the timer; false when close() cancelled the wait. */
  #wait(delayMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let done = false;
      let cancel = () => {};
      const stop = () => {
        cancel();
        finish(false);
      };
      const finish = (proceed: boolean) => {
        if (done) return;
        done = true;
        this.#waits.delete(stop);
        resolve(proceed);
      };
      cancel = this.#options.timer(() => finish(true), delayMs);
      if (!done) this.#waits.add(stop);
    });
  }

  #record(attempt: DeliveryAttempt): void {
    this.#log.push(attempt);
    if (this.#log.length > MAX_LOGGED) this.#log.shift();
    try {
      this.#options.onDelivery?.(attempt);
    } catch {
      // Documented: an error thrown by onDelivery is ignored, so an observer cannot stop deliveries.
    }
  }
}
