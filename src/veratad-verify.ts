import type { PropertyValues } from 'lit';
import { confirmResult } from './confirm.js';
import { parseFrameOrigins, sessionKeyOf, tokenRequestOf, validateSettings } from './config.js';
import {
  VerifyError,
  unexpectedError,
  type Mode,
  type Phase,
  type VeratadErrorDetail,
  type VeratadEventDetails,
  type VeratadPreflightDetail,
  type VeratadEventName,
} from './events.js';
import { ExpiryClock } from './expiry-clock.js';
import { sessionError, type SessionSignal } from './messages.js';
import { checkCamera } from './preflight.js';
import { showScreen, type Screen } from './screen.js';
import type { Session } from './session.js';
import { startSession } from './start-session.js';
import { styles } from './styles.js';
import { VeratadVerifySettings } from './settings.js';
import { requestToken } from './token-request.js';
import type { TokenSession } from './token-response.js';
import { preloadVeratad, warmUp, type PreloadOptions } from './warm-up.js';

/**
 * Runs a Veratad VX identity or age verification: fetches a fresh token from the host's backend on every
 * mount, shows the session (Veratad's Web SDK, or a link in an iframe) and reports everything as events.
 * Front-end results route the user only: confirm the verification on your server.
 *
 * @summary Drop-in Veratad VX verification.
 * @tag veratad-verify
 *
 * The attributes, events, slots, parts and custom properties are listed on `VeratadVerifySettings` (settings.ts).
 */
export class VeratadVerify extends VeratadVerifySettings {
  static override styles = styles;

  // What the view shows; #setPhase requests the render (also for the error, which is always set just before).
  #phase: Phase = 'idle';
  #error?: VeratadErrorDetail;

  /** Bumped by every teardown: whatever an older attempt still has in flight checks it and does nothing. */
  #run = 0;
  #startedKey?: string;
  #abort?: AbortController;
  #session?: Session;
  #mode?: Mode;
  #frameTimer?: ReturnType<typeof setTimeout>;
  /** The run whose confirmation has started (one per session). */
  #confirming?: number;
  #settled: Array<() => void> = [];
  #screen?: Screen;
  /** The current run's camera preflight, once it has answered. */
  #preflight?: VeratadPreflightDetail;
  /** A run whose `veratad-ready` waits for its preflight (which answers in ms; else `frame-timeout` ends the wait). */
  #readyAfterPreflight?: number;
  #clock = new ExpiryClock(this, {
    warningMs: () => this.expiryWarning * 1000,
    expiring: (expiresAt, remaining) => this.#emit('veratad-expiring', { expiresAt, remaining }),
    expired: (expiresAt) => this.#expire('lifetime', expiresAt),
  });

  /** Where the verification is: idle, loading, ready, complete, closed, expired or error. */
  get phase(): Phase {
    return this.#phase;
  }

  /** Starts the Web SDK's downloads before any element exists (`preloadVeratad`): resolves when ready, never rejects. */
  static preload(options?: PreloadOptions): Promise<void> {
    return preloadVeratad(options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.deferHydration) this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#teardown();
    this.#startedKey = undefined;
    // An element that never started (it waited for defer-hydration) keeps no phase attribute either.
    if (this.hasAttribute('phase')) this.#setPhase('idle');
  }

  /** Tears the session down, fetches a fresh token and builds a new one. Resolves when that attempt settles. */
  restart(): Promise<void> {
    if (!this.isConnected || this.deferHydration) return Promise.resolve();
    const settled = new Promise<void>((resolve) => this.#settled.push(resolve));
    this.#start();
    return settled;
  }

  /** Tears the session down and shows the closed view; fires `veratad-close` with source `host`. */
  close(): void {
    if (!this.isConnected || this.#phase === 'closed') return;
    this.#closeSession('host');
  }

  protected override willUpdate(): void {
    // Attribute changes are batched by Lit into one update: at most one (re)start per task. It is also where a
    // start deferred by defer-hydration happens, once the attribute is gone.
    if (!this.isConnected || this.deferHydration) return;
    if (this.#startedKey === undefined || sessionKeyOf(this) !== this.#startedKey) this.#start();
  }

  #start(): void {
    this.#teardown();
    const run = this.#run;
    this.#startedKey = sessionKeyOf(this);
    this.#error = undefined;
    this.#setPhase('loading');
    let frameOrigins: string[];
    try {
      validateSettings(this);
      frameOrigins = parseFrameOrigins(this.frameOrigins);
    } catch (error) {
      // Reported after the first render, so listeners attached right after insertion hear it,
      // and dropped if an attribute set in the same task fixes the configuration.
      void this.updateComplete.then(() => this.#fail(run, error));
      return;
    }
    warmUp(this, frameOrigins);
    requestToken({
      ...this.#requestOptions(new AbortController()),
      url: this.tokenUrl ?? '',
      request: tokenRequestOf(this),
      lifetimeSeconds: this.tokenLifetime,
      fetchToken: this.fetchToken,
    })
      .then((token) => this.#onToken(run, token, frameOrigins))
      // Also catches a throw in #onToken (a bug of ours): reported with its cause, never unhandled.
      .catch((error: unknown) => this.#fail(run, error));
    // After the request has left: the checks run alongside it.
    void checkCamera().then((detail) => this.#onPreflight(run, detail));
  }

  #onPreflight(run: number, detail: VeratadPreflightDetail): void {
    if (run !== this.#run) return;
    this.#preflight = detail;
    this.requestUpdate();
    this.#emit('veratad-preflight', detail);
    if (this.#readyAfterPreflight === run) this.#onReady(run);
  }

  /** What both backend requests share; `abort` becomes the attempt's, aborted by the next teardown. */
  #requestOptions(abort: AbortController) {
    this.#abort = abort;
    const { requestHeaders: headers, credentials, timeout: timeoutMs, retries } = this;
    return { headers, credentials, timeoutMs, retries, signal: abort.signal };
  }

  #onToken(run: number, token: TokenSession, frameOrigins: string[]): void {
    if (run !== this.#run) return;
    this.#mode = token.mode;
    this.#emit('veratad-token', { mode: token.mode, expiresAt: token.expiresAt, settings: token.settings });
    if (run !== this.#run) return;
    this.#clock.start(token.expiresAt);
    if (run !== this.#run) return;
    this.#frameTimer = setTimeout(() => {
      const message = `The verification session was not ready within ${this.frameTimeout} ms.`;
      this.#fail(run, new VerifyError('frame-timeout', message, true));
    }, this.frameTimeout);
    this.#session = this.#openSession(run, token, frameOrigins);
  }

  /** Starts the session in the token's mode; its callbacks stop the moment it is destroyed. */
  #openSession(run: number, token: TokenSession, frameOrigins: string[]): Session {
    const source = token.link ? 'frame' : 'sdk';
    return startSession(this, this.renderRoot, token, frameOrigins, {
      ready: () => this.#onReady(run),
      signal: (signal) => this.#onSignal(run, signal, source),
      fail: (error) => this.#fail(run, error),
      message: (detail) => this.#emit('veratad-message', detail),
    });
  }

  #onReady(run: number): void {
    if (run !== this.#run || this.#phase !== 'loading') return;
    // veratad-preflight comes first (its checks answer in milliseconds, almost always long before the session).
    if (!this.#preflight) return void (this.#readyAfterPreflight = run);
    clearTimeout(this.#frameTimer);
    this.#setPhase('ready');
    this.#emit('veratad-ready', { mode: this.#mode ?? 'sdk' });
  }

  #onSignal(run: number, signal: SessionSignal, source: 'sdk' | 'frame'): void {
    if (run !== this.#run) return;
    switch (signal.kind) {
      case 'status': {
        const final = signal.status !== 'PENDING';
        if (final) {
          clearTimeout(this.#frameTimer);
          this.#clock.stop();
          this.#setPhase('complete');
        }
        const { kind: _kind, ...detail } = signal;
        this.#emit('veratad-status', { ...detail, source });
        if (final && run === this.#run) this.#confirm(run);
        return;
      }
      case 'step': {
        const { kind: _kind, ...detail } = signal;
        this.#emit('veratad-step', detail);
        return;
      }
      case 'close':
        this.#closeSession('user');
        return;
      case 'expired':
        this.#expire('frame', Date.now());
        return;
      case 'error': {
        const error = sessionError(signal.code);
        if (signal.code === 'bad-token') this.#fail(run, error);
        else this.#emit('veratad-error', error.toDetail());
      }
    }
  }

  /** Asks `confirm-url` for the server's word, once per session; the request is aborted by any teardown. */
  #confirm(run: number): void {
    if (!this.confirmUrl || this.#confirming === run) return;
    this.#confirming = run;
    confirmResult({
      ...this.#requestOptions(new AbortController()),
      url: this.confirmUrl,
      deadlineMs: this.confirmTimeout,
    }).then(
      (detail) => run === this.#run && this.#emit('veratad-confirmed', detail),
      // The session stays as it is: the person has finished; the page decides what a failed check means.
      (error: unknown) => run === this.#run && this.#emit('veratad-error', unexpectedError(error).toDetail()),
    );
  }

  #closeSession(source: 'user' | 'host'): void {
    this.#teardown();
    this.#setPhase('closed');
    this.#emit('veratad-close', { source });
  }

  #expire(reason: 'lifetime' | 'frame', expiresAt: number): void {
    this.#teardown();
    this.#setPhase('expired');
    const run = this.#run;
    this.#emit('veratad-expired', { expiresAt, reason });
    if (this.autoRestart && run === this.#run && this.isConnected) this.#start();
  }

  #fail(run: number, error: unknown): void {
    if (run !== this.#run || !this.isConnected) return;
    const detail = unexpectedError(error).toDetail();
    this.#teardown();
    this.#error = detail;
    this.#setPhase('error');
    this.#emit('veratad-error', detail);
  }

  /**
   * Ends the current attempt: aborts the request, stops the clocks and destroys the session. A new run number
   * makes whatever that attempt still has in flight (a request, a timer) a no-op.
   */
  #teardown(): void {
    this.#run++;
    this.#preflight = undefined;
    this.#abort?.abort();
    this.#abort = undefined;
    // Stop the expiry clock before the session's destroy(): the vendor may hand focus back synchronously, and
    // the clock's `focus` listener must not re-check (and expire again) the session being torn down.
    this.#clock.stop();
    clearTimeout(this.#frameTimer);
    this.#session?.destroy();
    this.#session = undefined;
  }

  #setPhase(phase: Phase): void {
    this.#phase = phase;
    this.setAttribute('phase', phase);
    this.requestUpdate();
    if (phase !== 'loading') this.#settled.splice(0).forEach((resolve) => resolve());
  }

  #emit<K extends VeratadEventName>(name: K, detail: VeratadEventDetails[K]): void {
    if (this.isConnected) this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #restartFromView = (): void => void this.restart();

  protected override update(changed: PropertyValues): void {
    super.update(changed);
    const state = {
      phase: this.#phase,
      error: this.#error,
      preflight: this.#preflight,
      restart: this.#restartFromView,
    };
    this.#screen = showScreen(this.renderRoot, this.#screen, this, state);
  }
}
