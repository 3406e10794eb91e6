/** The options `createTokenHandler` takes, their defaults, and the checks made once at creation. */
import {
  VERATAD_URLS,
  connectionOf,
  failFor,
  headerNames,
  httpUrl,
  optionalFunction,
  originSet,
  positive,
  type Fail,
  type VeratadConnection,
} from './option-checks.js';
import type { HandlerEvent } from './report.js';
import { DEFAULT_BODY_TIMEOUT_MS } from './request-body.js';

/** Where the browser may choose ids: only ids listed here are passed on to Veratad. */
export interface AllowedIds {
  journeyIds?: readonly string[];
  settingsIds?: readonly string[];
  brandingIds?: readonly string[];
}

/** User fields for Veratad's Generate Link (`fn`, `ln`, `dob`, `email`, … as in the Web SDK). */
export type LinkFields = Record<string, string | number | boolean | undefined>;

/**
 * What the token handler reports to `onEvent`. Its `cause` is what `link()` threw (`internal-error`), the network
 * error behind `upstream-unreachable`, or the bug behind any other `internal-error`.
 */
export interface TokenHandlerEvent extends HandlerEvent {
  /** True when a link was generated. */
  link?: boolean;
}

export interface TokenHandlerOptions {
  /**
   * Veratad API user name (or API key). Required: `undefined` or `''` throws a `TypeError` at creation. Typed to
   * take `process.env.VERATAD_USER` as it is.
   */
  user: string | undefined;
  /** Veratad API password. Required, like `user`. */
  pass: string | undefined;
  /** Ids sent to Veratad when the browser sends none. */
  journeyId?: string;
  settingsId?: string;
  brandingId?: string;
  /** Ids the browser may choose; an id not listed here gets 400. */
  allow?: AllowedIds;
  /** When set, only requests whose `Origin` is listed are served (others get 403), and CORS is answered for them. */
  allowedOrigins?: readonly string[];
  /**
   * Request headers of your own a cross-origin page may send (a CSRF header, say), allowed in the CORS preflight
   * besides `Content-Type` and `Accept`.
   */
  allowedHeaders?: readonly string[];
  /** Time allowed for the browser's request body to arrive, in milliseconds (then 408). */
  bodyTimeoutMs?: number;
  /** Veratad's Create Token URL. */
  endpoint?: string;
  /**
   * Link mode: return the signed-in user's fields (at least `fn` and `ln`) to have the handler also call
   * Generate Link, or `null` for an SDK-mode answer. Read the user from your session, never from the browser's body.
   */
  link?: (request: Request) => Promise<LinkFields | null> | LinkFields | null;
  /** Veratad's Generate Link URL. */
  linkEndpoint?: string;
  /** Time allowed for all calls to Veratad in one request, in milliseconds. */
  timeoutMs?: number;
  /** The token lifetime the answer's `expires_at` is based on, in seconds (Veratad: 6 hours). */
  lifetimeSeconds?: number;
  /** The fetch used to reach Veratad. */
  fetch?: typeof fetch;
  /** Logging hook. Exceptions it throws are ignored. */
  onEvent?: (event: TokenHandlerEvent) => void;
}

export interface ResolvedOptions extends VeratadConnection {
  defaults: { journey_id?: string; settings_id?: string; branding_id?: string };
  allow: { journey_id?: ReadonlySet<string>; settings_id?: ReadonlySet<string>; branding_id?: ReadonlySet<string> };
  allowedOrigins?: ReadonlySet<string>;
  allowedHeaders: readonly string[];
  bodyTimeoutMs: number;
  link?: TokenHandlerOptions['link'];
  linkEndpoint: string;
  lifetimeSeconds: number;
  onEvent?: TokenHandlerOptions['onEvent'];
}

const fail: Fail = failFor('createTokenHandler');

function idSet(ids: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return ids ? new Set(ids) : undefined;
}

/** Checks the options once; the messages name the option, never its value (except for origins, which are public). */
export function resolveOptions(options: TokenHandlerOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') fail('options are required: { user, pass }.');
  const connection = connectionOf(fail, options, VERATAD_URLS.tokenCreate);
  return {
    ...connection,
    defaults: { journey_id: options.journeyId, settings_id: options.settingsId, branding_id: options.brandingId },
    allow: {
      journey_id: idSet(options.allow?.journeyIds),
      settings_id: idSet(options.allow?.settingsIds),
      branding_id: idSet(options.allow?.brandingIds),
    },
    allowedOrigins: originSet(fail, options.allowedOrigins),
    allowedHeaders: headerNames(fail, options.allowedHeaders),
    bodyTimeoutMs: positive(fail, options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS, 'bodyTimeoutMs'),
    link: optionalFunction(fail, options.link, 'link'),
    linkEndpoint: httpUrl(fail, options.linkEndpoint, VERATAD_URLS.linkGenerate, 'linkEndpoint'),
    lifetimeSeconds: positive(fail, options.lifetimeSeconds, 21_600, 'lifetimeSeconds'),
    onEvent: optionalFunction(fail, options.onEvent, 'onEvent'),
  };
}
