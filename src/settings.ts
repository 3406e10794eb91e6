import { ReactiveElement, type PropertyDeclarations } from 'lit';
import { defineElement } from './define.js';
import type { FetchToken } from './token-request.js';

export const DEFAULT_SDK_SRC = 'https://vx-fe.idresponse.com/js/initialize.js';
export const DEFAULT_SDK_CSS = 'https://vx-fe.idresponse.com/styles/style.css';

/**
 * The public, configurable surface of `<veratad-verify>`: every attribute and JS-only property with its default,
 * and `define()`. The behaviour lives in `VeratadVerify` (veratad-verify.ts).
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
