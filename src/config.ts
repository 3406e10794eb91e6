/** Checks the element's settings and derives the token request and SDK parameters from them. Pure. */
import { VerifyError } from './events.js';
import type { TokenRequest } from './token-request.js';

/** Element property → Veratad Web SDK parameter ('' = the same name). The last four are booleans. */
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
type BooleanParam = 'international' | 'qr' | 'emailFallback' | 'bypassDesktopIntro';

export type ElementSettings = { [K in Exclude<SdkParam, BooleanParam>]?: string } & { [K in BooleanParam]?: boolean } & {
  tokenUrl?: string;
  journeyId?: string;
  settingsId?: string;
  brandingId?: string;
  tokenLifetime: number;
  expiryWarning: number;
  timeout: number;
  retries: number;
  credentials: string;
  sdkSrc: string;
  sdkCss: string;
  frameOrigins?: string;
  frameTimeout: number;
  fetchToken?: unknown;
};

const CREDENTIALS = ['omit', 'same-origin', 'include'];

function invalid(message: string): VerifyError {
  return new VerifyError('invalid-config', message);
}

function isCalendarDate(dob: string): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(dob);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkUrl(value: string, attribute: string): void {
  try {
    new URL(value, document.baseURI);
  } catch {
    throw invalid(`${attribute} is not a valid URL.`);
  }
}

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

/** Throws `invalid-config` with a message naming the attribute at fault. */
export function validateSettings(s: ElementSettings): void {
  if (!s.tokenUrl && typeof s.fetchToken !== 'function') throw invalid('token-url is required (or set the fetchToken property).');
  if (s.tokenUrl) checkUrl(s.tokenUrl, 'token-url');
  const numbers: [value: number, attribute: string, min: number][] = [
    [s.tokenLifetime, 'token-lifetime', 1e-3],
    [s.timeout, 'timeout', 1],
    [s.frameTimeout, 'frame-timeout', 1],
    [s.expiryWarning, 'expiry-warning', 0],
    [s.retries, 'retries', 0],
  ];
  for (const [value, name, min] of numbers) {
    if (!(Number.isFinite(value) && value >= min)) throw invalid(`${name} must be a number of at least ${min}.`);
  }
  if (!Number.isInteger(s.retries) || s.retries > 10) throw invalid('retries must be a whole number up to 10.');
  if (!CREDENTIALS.includes(s.credentials)) throw invalid('credentials must be omit, same-origin or include.');
  if (s.dob && !isCalendarDate(s.dob)) throw invalid('dob must be a date written YYYYMMDD.');
  checkUrl(s.sdkSrc, 'sdk-src');
  checkUrl(s.sdkCss, 'sdk-css');
  parseFrameOrigins(s.frameOrigins);
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
