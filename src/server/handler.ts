/**
 * `createTokenHandler`: the host's token endpoint as a Fetch-API handler. It holds the Veratad credentials, checks
 * the browser's request, calls Create Token (and Generate Link in link mode) and answers only what the element needs.
 */
import { resolveOptions, type LinkFields, type ResolvedOptions, type TokenHandlerOptions } from './options.js';
import { ID_FIELDS, isJsonContentType, parseRequestedIds, readLimited, type RequestedIds } from './request-body.js';
import { HandlerError, errorAnswer, jsonAnswer, toResponse, unexpectedFailure, type PlainAnswer } from './responses.js';
import { createToken, generateLink } from './upstream.js';

export type TokenHandler = (request: Request) => Promise<Response>;

/**
 * What the handler reads from a request. Made from a Fetch `Request` here, or straight from Node's request by
 * `toNodeListener`, which then skips building a `Request` and a `Response` for every call (see DIRECT_ENTRY).
 */
export interface RequestSource {
  method: string;
  /** A header's value, as `Headers.get` would give it; `name` is lower case. */
  header(name: string): string | null;
  /** The body's bytes; rejects with the 413 `HandlerError` as soon as there are more than MAX_BODY_BYTES. */
  body(): Promise<Uint8Array>;
  /** Aborts when the browser goes away. */
  signal: AbortSignal | undefined;
  /** The request as a Fetch `Request`, for `link()`. */
  request(): Request;
}

/** The handler's answer without the `Response` wrapper; `toNodeListener` finds it on handlers made here. */
export type DirectEntry = (source: RequestSource) => Promise<PlainAnswer>;
export const DIRECT_ENTRY: unique symbol = Symbol('veratad-verify direct entry');

function fromFetch(request: Request): RequestSource {
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  return {
    method: request.method,
    header: (name) => request.headers.get(name),
    body: async () => (bytes = await readLimited(request)),
    signal: request.signal,
    // The handler has read the body by then: link() gets a copy it can read again, as under toNodeListener.
    request: () => (bytes ? new Request(request, { body: bytes }) : request),
  };
}

/** The 200 body: what `<veratad-verify>` reads as its normalized answer shape. */
export interface TokenAnswer {
  token: string;
  /** ISO time the token stops being valid, counted from just before Create Token was called. */
  expires_at: string;
  /** Veratad's other, non-secret Create Token fields (age, rules, …). */
  settings: Record<string, string>;
  link?: string;
}

const FIELD_OPTIONS = {
  journey_id: 'allow.journeyIds',
  settings_id: 'allow.settingsIds',
  branding_id: 'allow.brandingIds',
} as const;
/** Header names a preflight may ask for; anything else is not echoed back. */
const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

/** The ids sent to Veratad: the browser's when listed in `allow`, else the configured defaults. */
function chooseIds(options: ResolvedOptions, requested: RequestedIds): Record<string, string | undefined> {
  const ids: Record<string, string | undefined> = { ...options.defaults };
  for (const field of ID_FIELDS) {
    const value = requested[field];
    if (value === undefined) continue;
    if (!options.allow[field]?.has(value)) {
      throw new HandlerError(
        400,
        'invalid-request',
        `${field} is not one this endpoint allows (see ${FIELD_OPTIONS[field]}).`,
      );
    }
    ids[field] = value;
  }
  return ids;
}

function corsHeaders(origin: string | null, options: ResolvedOptions): Record<string, string> {
  if (!options.allowedOrigins || !origin) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

function preflight(source: RequestSource, cors: Record<string, string>): PlainAnswer {
  const asked = source.header('access-control-request-headers');
  return jsonAnswer(204, null, {
    ...cors,
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': asked && HEADER_LIST.test(asked) ? asked : 'Content-Type, Accept',
    'Access-Control-Max-Age': '600',
  });
}

/**
 * One signal that aborts when the browser goes away or when the deadline passes, whichever comes first, and a
 * `deadline` that tells which (one AbortController per request: each costs several microseconds).
 */
function upstreamSignals(clientSignal: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  const deadline = { aborted: false };
  const timer = setTimeout(() => {
    deadline.aborted = true;
    controller.abort();
  }, timeoutMs);
  const onClientAbort = () => controller.abort();
  clientSignal?.addEventListener('abort', onClientAbort, { once: true });
  if (clientSignal?.aborted) controller.abort();
  return {
    deadline,
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientAbort);
    },
  };
}

/** The user fields the host's `link()` gives for this request, or `null` for an SDK-mode answer. */
async function linkFieldsFor(
  link: NonNullable<ResolvedOptions['link']>,
  source: RequestSource,
): Promise<LinkFields | null> {
  let fields: unknown;
  try {
    fields = await link(source.request());
  } catch (cause) {
    throw new HandlerError(500, 'internal-error', 'The link step failed on the server.', {}, { cause });
  }
  if (fields === null || fields === undefined) return null;
  if (typeof fields !== 'object' || Array.isArray(fields)) {
    throw new HandlerError(500, 'internal-error', 'The link step returned something other than an object or null.');
  }
  return fields as LinkFields;
}

/**
 * Creates the token endpoint. Throws a `TypeError` at once when `user` or `pass` is missing or an option is malformed.
 *
 * @example
 * const handler = createTokenHandler({ user: process.env.VERATAD_USER, pass: process.env.VERATAD_PASS });
 * export const POST = handler; // a Next.js route, a worker's fetch, or toNodeListener(handler) for node:http
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const resolved = resolveOptions(options);
  const allowHeader = resolved.allowedOrigins ? 'POST, OPTIONS' : 'POST';

  const report = (
    code: string,
    status: number,
    started: number,
    upstreamMs?: number,
    link?: boolean,
    cause?: unknown,
  ) => {
    if (!resolved.onEvent) return;
    try {
      resolved.onEvent({
        code,
        status,
        durationMs: Date.now() - started,
        ...(upstreamMs === undefined ? {} : { upstreamMs }),
        ...(link ? { link } : {}),
        ...(cause === undefined ? {} : { cause }),
      });
    } catch {
      // A logging hook must not break the endpoint.
    }
  };

  const handle: DirectEntry = async (source) => {
    const started = Date.now();
    let upstreamStarted: number | undefined;
    let cors: Record<string, string> = {};
    try {
      const method = source.method.toUpperCase();
      if (method !== 'POST' && !(method === 'OPTIONS' && resolved.allowedOrigins)) {
        throw new HandlerError(405, 'method-not-allowed', 'Only POST is allowed.', { Allow: allowHeader });
      }
      if (resolved.allowedOrigins) {
        const origin = source.header('origin');
        if (!origin || !resolved.allowedOrigins.has(origin)) {
          throw new HandlerError(403, 'forbidden-origin', 'This origin may not request verification tokens.');
        }
        cors = corsHeaders(origin, resolved);
        if (method === 'OPTIONS') {
          report('preflight', 204, started);
          return preflight(source, cors);
        }
      }
      if (!isJsonContentType(source.header('content-type'))) {
        throw new HandlerError(415, 'unsupported-media-type', 'The request body must be application/json.');
      }
      const ids = chooseIds(resolved, parseRequestedIds(await source.body()));
      const fields = resolved.link ? await linkFieldsFor(resolved.link, source) : null;

      const signals = upstreamSignals(source.signal, resolved.timeoutMs);
      upstreamStarted = Date.now();
      try {
        const created = await createToken(resolved, ids, signals.signal, signals.deadline);
        const answer: TokenAnswer = {
          token: created.token,
          expires_at: new Date(upstreamStarted + resolved.lifetimeSeconds * 1000).toISOString(),
          settings: created.settings,
        };
        if (fields) answer.link = await generateLink(resolved, created.token, fields, signals.signal, signals.deadline);
        report('ok', 200, started, Date.now() - upstreamStarted, Boolean(answer.link));
        return jsonAnswer(200, answer, cors);
      } finally {
        signals.dispose();
      }
    } catch (error) {
      const known = error instanceof HandlerError ? error : unexpectedFailure(error);
      report(
        known.code,
        known.status,
        started,
        upstreamStarted === undefined ? undefined : Date.now() - upstreamStarted,
        undefined,
        known.cause,
      );
      return errorAnswer(known, cors);
    }
  };

  const handler: TokenHandler = async function veratadTokenHandler(request: Request): Promise<Response> {
    return toResponse(await handle(fromFetch(request)));
  };
  Object.defineProperty(handler, DIRECT_ENTRY, { value: handle });
  return handler;
}
