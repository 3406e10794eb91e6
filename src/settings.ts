import { ReactiveElement, type PropertyDeclarations } from 'lit';
import { defineElement } from './define.js';
import type { VeratadStrings } from './strings.js';
import type { FetchToken } from './token-request.js';

export const DEFAULT_SDK_SRC = 'https://vx-fe.idresponse.com/js/initialize.js';
export const DEFAULT_SDK_CSS = 'https://vx-fe.idresponse.com/styles/style.css';

/**
 * The public, configurable surface of `<veratad-verify>`: every attribute and JS-only property with its default,
 * the events, slots, parts and custom properties, and `define()`. The behaviour lives in `VeratadVerify`
 * (veratad-verify.ts).
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
 * @fires {CustomEvent<VeratadConfirmedDetail>} veratad-confirmed - With `confirm-url`: the server's word on the finished session (PENDING if `confirm-timeout` passed first).
 * @fires {CustomEvent<VeratadPreflightDetail>} veratad-preflight - Once per session, before `veratad-ready`: what the browser says about the camera (never asking the person).
 *
 * @slot - Holds the Web SDK's `#veratad-frame` in SDK mode.
 * @slot loading - Replaces the built-in loading view.
 * @slot error - Replaces the built-in error view.
 * @slot expired - Replaces the built-in expired view.
 * @slot closed - Replaces the built-in closed view.
 * @slot advice - Replaces the built-in camera advice line.
 *
 * @csspart frame - The link-mode iframe.
 * @csspart status - The loading, error, expired and closed views.
 * @csspart button - The views' buttons (Try again, Start again).
 * @csspart advice - The camera advice line shown above the session when the preflight finds a problem.
 * @csspart dialog - The `<dialog>` that holds the link-mode frame with `display="modal"`.
 * @csspart close - The modal's close button.
 *
 * @cssprop [--veratad-verify-width=100%] - Width of the element (and of the modal panel on a wide screen, where it defaults to 30rem).
 * @cssprop [--veratad-verify-height=670px] - Height of the link-mode iframe (and of the modal panel on a wide screen).
 * @cssprop [--veratad-verify-accent=#1a56db] - Background of the buttons and colour of the progress indicator.
 * @cssprop [--veratad-verify-on-accent=#fff] - Text colour of the buttons.
 */
export class VeratadVerifySettings extends ReactiveElement {
  static override properties: PropertyDeclarations = {
    tokenUrl: { attribute: 'token-url' },
    journeyId: { attribute: 'journey-id' },
    settingsId: { attribute: 'settings-id' },
    brandingId: { attribute: 'branding-id' },
    tokenLifetime: { attribute: 'token-lifetime', type: Number },
    expiryWarning: { attribute: 'expiry-warning', type: Number },
    timeout: { type: Number },
    retries: { type: Number },
    credentials: {},
    autoRestart: { attribute: 'auto-restart', type: Boolean },
    sdkSrc: { attribute: 'sdk-src' },
    sdkCss: { attribute: 'sdk-css' },
    frameOrigins: { attribute: 'frame-origins' },
    frameAllow: { attribute: 'frame-allow' },
    frameTitle: { attribute: 'frame-title' },
    frameTimeout: { attribute: 'frame-timeout', type: Number },
    confirmUrl: { attribute: 'confirm-url' },
    confirmTimeout: { attribute: 'confirm-timeout', type: Number },
    firstName: { attribute: 'first-name' },
    lastName: { attribute: 'last-name' },
    address: {},
    city: {},
    state: {},
    zip: {},
    dob: {},
    email: {},
    phone: {},
    country: {},
    reference: {},
    language: {},
    styleToken: { attribute: 'style-token' },
    international: { type: Boolean },
    qr: { type: Boolean },
    emailFallback: { attribute: 'email-fallback', type: Boolean },
    bypassDesktopIntro: { attribute: 'bypass-desktop-intro', type: Boolean },
    sdkOptions: { attribute: false },
    requestHeaders: { attribute: false },
    fetchToken: { attribute: false },
    deferHydration: { attribute: 'defer-hydration', type: Boolean },
    preload: { type: Boolean },
    preflight: {},
    display: {},
    strings: { attribute: false },
  };

  /** Registers the element as `tagName` (same name and class again: nothing; a name another class holds: an error). */
  static define(tagName = 'veratad-verify', registry: CustomElementRegistry = customElements): void {
    defineElement(this, tagName, registry);
  }

  /** The host backend's token endpoint (POSTed to on every mount). Required unless `fetchToken` is set. */
  tokenUrl?: string;
  /** Sent to the backend as `journey_id`. */
  journeyId?: string;
  /** Sent to the backend as `settings_id`. */
  settingsId?: string;
  /** Sent to the backend as `branding_id`. */
  brandingId?: string;
  /** Upper bound of a token's life, in seconds (Veratad: 6 h). */
  tokenLifetime = 21600;
  /** Seconds before expiry at which `veratad-expiring` fires; 0 turns the warning off. */
  expiryWarning = 300;
  /** Token request timeout per attempt, in ms. */
  timeout = 15000;
  /** Retries for `network`, `timeout` and `server` failures. */
  retries = 2;
  /** Fetch credentials mode of the token request: omit, same-origin or include. */
  credentials: RequestCredentials = 'same-origin';
  /** On expiry, start a fresh session at once instead of showing the expired view. */
  autoRestart = false;
  /** URL of Veratad's `initialize.js`. */
  sdkSrc = DEFAULT_SDK_SRC;
  /** URL of Veratad's `style.css`. */
  sdkCss = DEFAULT_SDK_CSS;
  /**
   * Starts downloading `sdk-src` and `sdk-css` in the task that sends the token request, so in SDK mode the two
   * overlap (costs a download in link mode, which never needs the SDK).
   */
  preload = false;
  /**
   * The camera preflight's advice line: `advise` shows it above the session when the camera will not work,
   * `silent` only fires `veratad-preflight`.
   */
  preflight: 'advise' | 'silent' = 'advise';
  /**
   * Link mode's frame `inline` in the page, or in a `modal` dialog (full screen under 600 px wide); read when a
   * session starts. In SDK mode Veratad's script draws its own overlay, so this has no effect there.
   */
  display: 'inline' | 'modal' = 'inline';
  /** Replaces any of the texts shown to the person (e.g. a locale from `veratad-verify/locales/*`). */
  strings?: Partial<VeratadStrings>;
  /** Extra origins (space-separated) allowed to post messages in link mode; read when a session starts. */
  frameOrigins?: string;
  /** The link-mode iframe's `allow`. */
  frameAllow = 'camera; fullscreen';
  /** The iframe's accessible name. */
  frameTitle = 'Identity verification';
  /** The session must be ready within this many ms. */
  frameTimeout = 30000;
  /**
   * Your backend's confirmation endpoint (e.g. `createStatusHandler`). When set, the element asks it for the
   * server's word once the session reports PASS, FAIL or REVIEW, and fires `veratad-confirmed`.
   */
  confirmUrl?: string;
  /** How long to keep asking the confirm endpoint while it says "not yet", in ms; then `veratad-confirmed` says PENDING. */
  confirmTimeout = 60000;

  /** Web SDK `fn`. */
  firstName?: string;
  /** Web SDK `ln`. */
  lastName?: string;
  /** Web SDK `addr`. */
  address?: string;
  /** Web SDK `city`. */
  city?: string;
  /** Web SDK `state`. */
  state?: string;
  /** Web SDK `zip`. */
  zip?: string;
  /** Web SDK `dob`, written YYYYMMDD. */
  dob?: string;
  /** Web SDK `email`. */
  email?: string;
  /** Web SDK `phone`. */
  phone?: string;
  /** Web SDK `country`. */
  country?: string;
  /** Web SDK `reference`. */
  reference?: string;
  /** Web SDK `language`, e.g. `en`. */
  language?: string;
  /** Web SDK `styleToken`. */
  styleToken?: string;
  /** Web SDK `international`. */
  international = false;
  /** Web SDK `qr`. */
  qr = false;
  /** Web SDK `email_fallback`. */
  emailFallback = false;
  /** Web SDK `bypassDesktopIntro`. */
  bypassDesktopIntro = false;

  /** Merged into the Web SDK options (e.g. `resultMessages`, `additionalData`); attributes and the server's `options` win. */
  sdkOptions?: Record<string, unknown>;
  /** Extra headers for the token POST, e.g. a CSRF header. */
  requestHeaders?: Record<string, string>;
  /** Replaces the built-in POST; may resolve to a `Response` or to the answer body, validated the same way. */
  fetchToken?: FetchToken;
  /**
   * While present, the element waits: no request, no phase attribute, no event. Server-rendered markup carries
   * it until the framework has set the element's properties (the React component removes it then).
   */
  deferHydration = false;
}
