/** Checks the element's settings and derives the token request and SDK parameters from them. Pure. */
import { VerifyError } from './events.js';
import type { VeratadVerifySettings } from './settings.js';
import type { TokenRequest } from './token-request.js';

/** Element property → Veratad Web SDK parameter ('' = the same name). */
export const SDK_PARAMS = {
  firstName: 'fn',
  lastName: 'ln',
  address: 'addr',
  city: '',
  state: '',
  zip: '',
  dob: '',
  email: '',
  phone: '',
  country: '',
  reference: '',
  language: '',
  styleToken: '',
  international: '',
  qr: '',
  emailFallback: 'email_fallback',
  bypassDesktopIntro: '',
} as const;

type SdkParam = keyof typeof SDK_PARAMS;

/** What the functions below read of the element: its public settings, typed from the class itself. */
export type ElementSettings = Partial<Pick<VeratadVerifySettings, SdkParam>> &
  Pick<
    VeratadVerifySettings,
    | 'tokenUrl'
    | 'journeyId'
    | 'settingsId'
    | 'brandingId'
    | 'tokenLifetime'
    | 'expiryWarning'
    | 'timeout'
    | 'retries'
    | 'credentials'
    | 'sdkSrc'
    | 'sdkCss'
    | 'frameOrigins'
    | 'frameTimeout'
    | 'confirmUrl'
    | 'confirmTimeout'
    | 'fetchToken'
    | 'sdkOptions'
  >;

const CREDENTIALS = ['omit', 'same-origin', 'include'];

function invalid(message: string): VerifyError {
  return new VerifyError('invalid-config', message);
}

/** YYYYMMDD with a month of 01-12 and a day of 01-31 (Veratad checks the calendar itself). */
const DOB = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** The origins listed in `frame-origins`, normalised; throws `invalid-config` on anything that is not one. */
export function parseFrameOrigins(value: string | undefined): string[] {
  const origins: string[] = [];
  for (const item of (value ?? '').split(/\s+/).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (!url || url.origin === 'null' || url.origin !== item.replace(/\/$/, '')) {
      throw invalid(`frame-origins: "${item.slice(0, 80)}" is not an origin.`);
    }
    origins.push(url.origin);
  }
  return origins;
}

/** Throws `invalid-config` with a message naming the attribute at fault (`frame-origins`: see parseFrameOrigins). */
export function validateSettings(s: ElementSettings): void {
  if (!s.tokenUrl && typeof s.fetchToken !== 'function')
    throw invalid('token-url is required (or set the fetchToken property).');
  for (const [url, attribute] of [
    [s.tokenUrl, 'token-url'],
    [s.confirmUrl, 'confirm-url'],
  ]) {
    try {
      if (url) new URL(url, document.baseURI);
    } catch {
      throw invalid(`${attribute} is not a valid URL.`);
    }
  }
  const numbers: [value: number, attribute: string, positive: boolean][] = [
    [s.tokenLifetime, 'token-lifetime', true],
    [s.timeout, 'timeout', true],
    [s.frameTimeout, 'frame-timeout', true],
    [s.confirmTimeout, 'confirm-timeout', true],
    [s.expiryWarning, 'expiry-warning', false],
    [s.retries, 'retries', false],
  ];
  for (const [value, name, positive] of numbers) {
    if (!Number.isFinite(value) || value < 0 || (positive && !value)) {
      throw invalid(`${name} must be a number ${positive ? 'above' : 'of at least'} zero.`);
    }
  }
  if (!Number.isInteger(s.retries) || s.retries > 10) throw invalid('retries must be a whole number up to 10.');
  if (!CREDENTIALS.includes(s.credentials)) throw invalid('credentials must be omit, same-origin or include.');
  if (s.dob && !DOB.test(s.dob)) throw invalid('dob must be a date written YYYYMMDD.');
}

/** The JSON body of the token request: the ids that are set. */
export function tokenRequestOf(s: ElementSettings): TokenRequest {
  const request: TokenRequest = {};
  if (s.journeyId) request.journey_id = s.journeyId;
  if (s.settingsId) request.settings_id = s.settingsId;
  if (s.brandingId) request.branding_id = s.brandingId;
  return request;
}

/** The SDK parameters set through attributes (absent ones omitted, booleans only when true). */
export function sdkParamsOf(s: ElementSettings): Record<string, string | boolean> {
  const params: Record<string, string | boolean> = {};
  for (const [prop, param] of Object.entries(SDK_PARAMS)) {
    const value = s[prop as SdkParam];
    if (value) params[param || prop] = value;
  }
  return params;
}

/** Numbers the sdkOptions objects that JSON cannot write, so that they are told apart by identity. */
const unwritable = new WeakMap<object, number>();
let unwritableCount = 0;

/**
 * What a session is built from, as one string: changing any of it while connected restarts. sdkOptions count by
 * value (a framework that passes an equal new object on every render restarts nothing).
 */
export function sessionKeyOf(s: ElementSettings): string {
  const inputs = [s.tokenUrl, tokenRequestOf(s), sdkParamsOf(s), typeof s.fetchToken];
  try {
    return JSON.stringify([...inputs, s.sdkOptions]);
  } catch {
    // A cycle or a BigInt: compared by identity instead.
    const options = s.sdkOptions as object;
    let id = unwritable.get(options);
    if (id === undefined) unwritable.set(options, (id = ++unwritableCount));
    return `${JSON.stringify(inputs)}#${id}`;
  }
}
