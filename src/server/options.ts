/** The options `createTokenHandler` takes, their defaults, and the checks made once at creation. */

/** Where the browser may choose ids: only ids listed here are passed on to Veratad. */
export interface AllowedIds {
  journeyIds?: readonly string[];
  settingsIds?: readonly string[];
  brandingIds?: readonly string[];
}

/** User fields for Veratad's Generate Link (`fn`, `ln`, `dob`, `email`, … as in the Web SDK). */
export type LinkFields = Record<string, string | number | boolean | undefined>;

/** What the handler reports to `onEvent`: outcome codes and timings, never credentials or tokens. */
export interface TokenHandlerEvent {
  /** `ok`, or the error code answered to the browser. */
  code: string;
  /** The HTTP status answered to the browser. */
  status: number;
  /** Time spent in the handler, in milliseconds. */
  durationMs: number;
  /** Time spent waiting for Veratad (both calls in link mode), when it was called. */
  upstreamMs?: number;
  /** True when a link was generated. */
  link?: boolean;
  /**
   * The error behind a failure, when one was thrown: what `link()` threw (`internal-error`), the network error
   * behind `upstream-unreachable`, or the bug behind any other `internal-error`. The original object, for the
   * host's own log; the handler never puts the Veratad credentials or a token into an error it makes.
   */
  cause?: unknown;
}

export interface TokenHandlerOptions {
  /** Veratad API user name (or API key). Required. */
  user: string;
  /** Veratad API password. Required. */
  pass: string;
  /** Ids sent to Veratad when the browser sends none. */
  journeyId?: string;
  settingsId?: string;
  brandingId?: string;
  /** Ids the browser may choose; an id not listed here gets 400. */
  allow?: AllowedIds;
  /** When set, only requests whose `Origin` is listed are served (others get 403), and CORS is answered for them. */
  allowedOrigins?: readonly string[];
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

export const DEFAULT_ENDPOINT = 'https://vx-be.idresponse.com/token/create';
export const DEFAULT_LINK_ENDPOINT = 'https://vx-be.idresponse.com/link/generate';

export interface ResolvedOptions {
  user: string;
  pass: string;
  defaults: { journey_id?: string; settings_id?: string; branding_id?: string };
  allow: { journey_id?: ReadonlySet<string>; settings_id?: ReadonlySet<string>; branding_id?: ReadonlySet<string> };
  allowedOrigins?: ReadonlySet<string>;
  endpoint: string;
  link?: TokenHandlerOptions['link'];
  linkEndpoint: string;
  timeoutMs: number;
  lifetimeSeconds: number;
  fetch: typeof fetch;
  onEvent?: TokenHandlerOptions['onEvent'];
}

function fail(message: string): never {
  throw new TypeError(`createTokenHandler: ${message}`);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    fail(`\`${name}\` must be a positive number.`);
  return value;
}

function httpUrl(value: string | undefined, fallback: string, name: string): string {
  const url = value ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(`\`${name}\` must be an absolute URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') fail(`\`${name}\` must be an http(s) URL.`);
  return parsed.href;
}

function idSet(ids: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return ids ? new Set(ids) : undefined;
}

function originSet(origins: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (origins === undefined) return undefined;
  if (!Array.isArray(origins)) fail('`allowedOrigins` must be an array of origins.');
  return new Set(
    origins.map((origin: unknown) => {
      try {
        if (typeof origin !== 'string') throw new TypeError('not a string');
        return new URL(origin).origin;
      } catch {
        return fail(
          `\`allowedOrigins\` holds something that is not an origin: ${JSON.stringify(String(origin).slice(0, 100))}.`,
        );
      }
    }),
  );
}

/** Checks the options once; the messages name the option, never its value (except for origins, which are public). */
export function resolveOptions(options: TokenHandlerOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') fail('options are required: { user, pass }.');
  const { user, pass } = options;
  if (typeof user !== 'string' || user === '' || typeof pass !== 'string' || pass === '') {
    fail('`user` and `pass` (your Veratad API credentials) are required; read them from the server environment.');
  }
  if (options.link !== undefined && typeof options.link !== 'function') fail('`link` must be a function.');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail('no `fetch` is available; pass one in the options.');
  return {
    user,
    pass,
    defaults: { journey_id: options.journeyId, settings_id: options.settingsId, branding_id: options.brandingId },
    allow: {
      journey_id: idSet(options.allow?.journeyIds),
      settings_id: idSet(options.allow?.settingsIds),
      branding_id: idSet(options.allow?.brandingIds),
    },
    allowedOrigins: originSet(options.allowedOrigins),
    endpoint: httpUrl(options.endpoint, DEFAULT_ENDPOINT, 'endpoint'),
    link: options.link,
    linkEndpoint: httpUrl(options.linkEndpoint, DEFAULT_LINK_ENDPOINT, 'linkEndpoint'),
    timeoutMs: positive(options.timeoutMs, 10_000, 'timeoutMs'),
    lifetimeSeconds: positive(options.lifetimeSeconds, 21_600, 'lifetimeSeconds'),
    fetch: fetchImpl,
    onEvent: options.onEvent,
  };
}
