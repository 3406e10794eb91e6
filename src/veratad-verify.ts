import { html, nothing } from 'lit';
import { parseFrameOrigins, sdkParamsOf, tokenRequestOf, validateSettings } from './config.js';
import {
  VerifyError,
  type Mode,
  type Phase,
  type VeratadErrorDetail,
  type VeratadEventDetails,
  type VeratadEventName,
} from './events.js';
import { parseFrameMessage, sessionError, type SessionSignal } from './messages.js';
import { claimSdk, loadSdk, openSdkSession, releaseSdk, type SdkSession } from './sdk-session.js';
import { styles } from './styles.js';
import { VeratadVerifySettings } from './settings.js';
import { requestToken, type FetchToken, type TokenRequest } from './token-request.js';
import type { TokenSession } from './token-response.js';

/** Text and button label of the built-in views, by phase (the error view shows the error's own message). */
const VIEWS: Partial<Record<Phase, [text: string, button?: string]>> = {
  loading: ['Loading verification…'],
  error: ['', 'Try again'],
  expired: ['This verification session has expired.', 'Start again'],
  closed: ['Verification closed.', 'Start again'],
};
/** setTimeout overflows past 2^31-1 ms; longer waits are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Runs a Veratad VX identity or age verification: fetches a fresh token from the host's backend on every
 * mount, shows the session (Veratad's Web SDK, or a link in an iframe) and reports everything as events.
 * Front-end results route the user only: confirm the verification on your server.
 *
 * @summary Drop-in Veratad VX verification.
 * @tag veratad-verify
 *
 * @attr {string} phase - Read-only, reflected: idle, loading, ready, complete, closed, expired or error.
 *
 * @fires {CustomEvent<VeratadTokenDetail>} veratad-token - A valid token arrived (the token itself is never exposed).
 * @fires {CustomEvent<VeratadReadyDetail>} veratad-ready - The session is visible.
 * @fires {CustomEvent<VeratadStatusDetail>} veratad-status - The session reported PASS, FAIL, PENDING or REVIEW. Confirm on your server.
 * @fires {CustomEvent<VeratadStepDetail>} veratad-step - The user moved on (EMAIL, QR, NEXT, REATTEMPT).
 * @fires {CustomEvent<VeratadCloseDetail>} veratad-close - The session was closed by the user or by `close()`.
 * @fires {CustomEvent<VeratadErrorDetail>} veratad-error - Something failed; `detail.code` says what.
 * @fires {CustomEvent<VeratadExpiringDetail>} veratad-expiring - Once, `expiry-warning` seconds before the token expires.
 * @fires {CustomEvent<VeratadExpiredDetail>} veratad-expired - The token's lifetime is over, or the frame said LINK EXPIRED.
 * @fires {CustomEvent<VeratadMessageDetail>} veratad-message - Every accepted frame message, raw (diagnostics).
 *
 * @slot - Holds the Web SDK's `#veratad-frame` in SDK mode.
 * @slot loading - Replaces the built-in loading view.
 * @slot error - Replaces the built-in error view.
 * @slot expired - Replaces the built-in expired view.
 * @slot closed - Replaces the built-in closed view.
 *
 * @csspart frame - The link-mode iframe.
 * @csspart status - The loading, error, expired and closed views.
 *
 * @cssprop [--veratad-verify-width=100%] - Width of the element.
 * @cssprop [--veratad-verify-height=670px] - Height of the link-mode iframe.
 */
export class VeratadVerify extends VeratadVerifySettings {
  static override styles = styles;

  // Lit inherits the public properties declared in VeratadVerifySettings.
  static override properties = {
    _phase: { state: true },
    _mode: { state: true },
    _link: { state: true },
    _error: { state: true },
  };

  private _phase: Phase = 'idle';
  private _mode?: Mode;
  private _link?: string;
  private _error?: VeratadErrorDetail;

  #run = 0;
  #startedKey?: string;
  #abort?: AbortController;
  #sdk?: SdkSession;
  #frameOrigins: string[] = [];
  #frameTimer?: ReturnType<typeof setTimeout>;
  #expiryTimer?: ReturnType<typeof setTimeout>;
  #expiresAt?: number;
  #warned = false;
  #settled: Array<() => void> = [];

  /** Where the verification is: idle, loading, ready, complete, closed, expired or error. */
  get phase(): Phase {
    return this._phase;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.#onMessage);
    window.addEventListener('focus', this.#checkExpiry);
    document.addEventListener('visibilitychange', this.#checkExpiry);
    this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('message', this.#onMessage);
    window.removeEventListener('focus', this.#checkExpiry);
    document.removeEventListener('visibilitychange', this.#checkExpiry);
    this.#teardown();
    this.#setPhase('idle');
  }

  /** Tears the session down, fetches a fresh token and builds a new one. Resolves when that attempt settles. */
  restart(): Promise<void> {
    if (!this.isConnected) return Promise.resolve();
    const settled = new Promise<void>((resolve) => this.#settled.push(resolve));
    this.#start();
    return settled;
  }

  /** Tears the session down and shows the closed view; fires `veratad-close` with source `host`. */
  close(): void {
    if (!this.isConnected || this._phase === 'closed') return;
    this.#closeSession('host');
  }

  protected override willUpdate(): void {
    // Attribute changes are batched by Lit into one update: at most one restart per task.
    if (this.isConnected && this.#startedKey !== undefined && this.#sessionKey() !== this.#startedKey) this.#start();
  }

  /** What a session is built from: changing any of it while connected restarts. */
  #sessionKey(): string {
    return JSON.stringify([this.tokenUrl, tokenRequestOf(this), sdkParamsOf(this), typeof this.fetchToken]);
  }

  #start(): void {
    this.#teardown();
    const run = this.#run;
    this.#startedKey = this.#sessionKey();
    this._error = undefined;
    this.#setPhase('loading');
    try {
      validateSettings(this);
      this.#frameOrigins = parseFrameOrigins(this.frameOrigins);
    } catch (error) {
      // Reported after the first render, so listeners attached right after insertion hear it,
      // and dropped if an attribute set in the same task fixes the configuration.
      void this.updateComplete.then(() => this.#fail(run, error));
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    requestToken({
      url: this.tokenUrl ?? '',
      request: tokenRequestOf(this),
      headers: this.requestHeaders,
      credentials: this.credentials,
      timeoutMs: this.timeout,
      retries: this.retries,
      lifetimeSeconds: this.tokenLifetime,
      signal: abort.signal,
      fetchToken: this.fetchToken,
    }).then(
      (session) => this.#onToken(run, session),
      (error: unknown) => this.#fail(run, error),
    );
  }

  #onToken(run: number, session: TokenSession): void {
    if (run !== this.#run) return;
    this.#expiresAt = session.expiresAt;
    this.#warned = false;
    this._mode = session.mode;
    this.#emit('veratad-token', { mode: session.mode, expiresAt: session.expiresAt, settings: session.settings });
    if (run !== this.#run) return;
    this.#checkExpiry();
    if (run !== this.#run) return;
    this.#frameTimer = setTimeout(() => {
      this.#fail(
        run,
        new VerifyError(
          'frame-timeout',
          `The verification session was not ready within ${this.frameTimeout} ms.`,
          true,
        ),
      );
    }, this.frameTimeout);
    if (session.link) {
      this._link = session.link;
      this.#frameOrigins.push(new URL(session.link).origin);
    } else {
      void this.#openSdk(run, session);
    }
  }

  async #openSdk(run: number, session: TokenSession): Promise<void> {
    try {
      claimSdk(this);
      const Modal = await loadSdk(this.sdkSrc, this.sdkCss);
      if (run !== this.#run) return;
      const options = { ...this.sdkOptions, ...sdkParamsOf(this), ...session.options, token: session.token };
      this.#sdk = openSdkSession(this, Modal, options, {
        ready: () => this.#onReady(run),
        signal: (signal) => this.#onSignal(run, signal, 'sdk'),
      });
    } catch (error) {
      this.#fail(run, error);
    }
  }

  #onReady(run: number): void {
    if (run !== this.#run || this._phase !== 'loading') return;
    clearTimeout(this.#frameTimer);
    this.#setPhase('ready');
    this.#emit('veratad-ready', { mode: this._mode ?? 'sdk' });
  }

  #onFrameLoad = (event: Event): void => {
    if ((event.target as HTMLIFrameElement).src === this._link) this.#onReady(this.#run);
  };

  #onMessage = (event: MessageEvent): void => {
    const frame = this.renderRoot.querySelector<HTMLIFrameElement>('iframe[part="frame"]');
    if (!this._link || !frame || event.source !== frame.contentWindow || !this.#frameOrigins.includes(event.origin)) {
      return;
    }
    const signals = parseFrameMessage(event.data);
    if (!signals.length) return;
    const run = this.#run;
    this.#emit('veratad-message', { data: event.data, origin: event.origin });
    for (const signal of signals) {
      if (run !== this.#run || !this._link) return;
      this.#onSignal(run, signal, 'frame');
    }
  };

  #onSignal(run: number, signal: SessionSignal, source: 'sdk' | 'frame'): void {
    if (run !== this.#run) return;
    switch (signal.kind) {
      case 'status': {
        if (signal.status !== 'PENDING') {
          this.#stopTimers();
          this.#setPhase('complete');
        }
        const { kind: _kind, ...detail } = signal;
        this.#emit('veratad-status', { ...detail, source });
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

  #closeSession(source: 'user' | 'host'): void {
    this.#teardown();
    this.#setPhase('closed');
    this.#emit('veratad-close', { source });
  }

  /** Fires the warning and the expiry when due; called by its own timer and when the page wakes or regains focus. */
  #checkExpiry = (): void => {
    const expiresAt = this.#expiresAt;
    if (expiresAt === undefined || (this._phase !== 'loading' && this._phase !== 'ready')) return;
    const run = this.#run;
    const remaining = expiresAt - Date.now();
    if (remaining <= 0) return this.#expire('lifetime', expiresAt);
    const warning = this.expiryWarning * 1000;
    if (!this.#warned && remaining <= warning) {
      this.#warned = true;
      this.#emit('veratad-expiring', { expiresAt, remaining });
      if (run !== this.#run) return;
    }
    clearTimeout(this.#expiryTimer);
    const wait = this.#warned ? remaining : remaining - warning;
    this.#expiryTimer = setTimeout(this.#checkExpiry, Math.min(wait, MAX_TIMER_MS));
  };

  #expire(reason: 'lifetime' | 'frame', expiresAt: number): void {
    this.#teardown();
    this.#setPhase('expired');
    const run = this.#run;
    this.#emit('veratad-expired', { expiresAt, reason });
    if (this.autoRestart && run === this.#run && this.isConnected) this.#start();
  }

  #fail(run: number, error: unknown): void {
    if (run !== this.#run || !this.isConnected) return;
    const failure =
      error instanceof VerifyError
        ? error
        : new VerifyError('invalid-response', 'The verification could not be started.');
    this.#teardown();
    this._error = failure.toDetail();
    this.#setPhase('error');
    this.#emit('veratad-error', failure.toDetail());
  }

  #stopTimers(): void {
    clearTimeout(this.#frameTimer);
    clearTimeout(this.#expiryTimer);
  }

  /**
   * Ends the current attempt: aborts the request, clears timers, destroys the SDK modal and drops the iframe. A new
   * run number makes whatever that attempt still has in flight (a request, the SDK script, a timer) a no-op.
   */
  #teardown(): void {
    this.#run++;
    this.#abort?.abort();
    this.#abort = undefined;
    // Forget the expiry before the vendor's destroy(): it may hand focus back synchronously, and the window
    // `focus` listener must not re-check (and expire again) the session being torn down.
    this.#expiresAt = undefined;
    this.#stopTimers();
    this.#sdk?.destroy();
    this.#sdk = undefined;
    releaseSdk(this);
    this._link = undefined;
  }

  #setPhase(phase: Phase): void {
    this._phase = phase;
    this.setAttribute('phase', phase);
    if (phase !== 'loading') this.#settled.splice(0).forEach((resolve) => resolve());
  }

  #emit<K extends VeratadEventName>(name: K, detail: VeratadEventDetails[K]): void {
    if (this.isConnected) this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #restartFromView = (): void => {
    void this.restart();
  };

  protected override render() {
    const link = this._link;
    const frame = link
      ? html`<iframe
          part="frame"
          class=${this._phase === 'loading' ? 'waiting' : ''}
          src=${link}
          title=${this.frameTitle}
          allow=${this.frameAllow}
          @load=${this.#onFrameLoad}
        ></iframe>`
      : nothing;
    return html`${frame}<slot></slot>${this.#renderView()}`;
  }

  #renderView() {
    const phase = this._phase;
    const error = this._error;
    const view = VIEWS[phase];
    if (!view) return nothing;
    const [text, button] = phase === 'error' ? [error?.message, error?.retryable && view[1]] : view;
    return html`<div part="status" role=${phase === 'error' ? 'alert' : 'status'} aria-busy=${phase === 'loading'}>
      <slot name=${phase}
        ><p>${text}</p>
        ${button ? html`<button type="button" @click=${this.#restartFromView}>${button}</button>` : nothing}</slot
      >
    </div>`;
  }
}

export type { TokenRequest, FetchToken };
