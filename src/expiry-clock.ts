/** The token's clock: warns once before the expiry and reports the expiry, on time even after a sleep. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** setTimeout overflows past 2^31-1 ms; longer waits are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;

export interface ExpiryClockHandlers {
  /** How long before the expiry the warning is due, in ms (read at each check; 0 = no warning). */
  warningMs(): number;
  expiring(expiresAt: number, remaining: number): void;
  expired(expiresAt: number): void;
}

/**
 * A reactive controller holding the expiry time, the timer, the warned flag and the page listeners that
 * re-check the clock when a sleeping tab or laptop wakes (`focus`, `visibilitychange`). Runs between `start()`
 * and `stop()` while the host is connected.
 */
export class ExpiryClock implements ReactiveController {
  #expiresAt?: number;
  #warned = false;
  #timer?: ReturnType<typeof setTimeout>;
  /** Bumped by every stop(), so a check interrupted by a listener knows the clock was reset meanwhile. */
  #generation = 0;

  #handlers: ExpiryClockHandlers;

  constructor(host: ReactiveControllerHost, handlers: ExpiryClockHandlers) {
    this.#handlers = handlers;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('focus', this.check);
    document.addEventListener('visibilitychange', this.check);
  }

  hostDisconnected(): void {
    window.removeEventListener('focus', this.check);
    document.removeEventListener('visibilitychange', this.check);
    this.stop();
  }

  /** Starts counting down to `expiresAt` (epoch ms); fires at once what is already due. */
  start(expiresAt: number): void {
    this.stop();
    this.#expiresAt = expiresAt;
    this.check();
  }

  /** Forgets the expiry: nothing fires until the next `start()`. */
  stop(): void {
    this.#expiresAt = undefined;
    this.#warned = false;
    this.#generation++;
    clearTimeout(this.#timer);
  }

  /** Fires the warning and the expiry when due, and arms the timer for the next of the two. */
  check = (): void => {
    const expiresAt = this.#expiresAt;
    if (expiresAt === undefined) return;
    const remaining = expiresAt - Date.now();
    const generation = this.#generation;
    if (remaining <= 0) {
      this.stop();
      return this.#handlers.expired(expiresAt);
    }
    const warning = this.#handlers.warningMs();
    if (!this.#warned && remaining <= warning) {
      this.#warned = true;
      this.#handlers.expiring(expiresAt, remaining);
      // The warning's listener may have stopped or restarted the clock.
      if (generation !== this.#generation) return;
    }
    clearTimeout(this.#timer);
    const wait = this.#warned ? remaining : remaining - warning;
    this.#timer = setTimeout(this.check, Math.min(wait, MAX_TIMER_MS));
  };
}
