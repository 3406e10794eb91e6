/**
 * What the endpoints the browser calls (token, status) share: POST only, the origin check and CORS, the JSON
 * content type, one deadline for the calls to Veratad, the mapping of failures to answers, and one `onEvent` line
 * per request. Each endpoint supplies only what it does with an accepted request.
 */
import { isJsonContentType } from './request-body.js';
import { HandlerError, errorAnswer, jsonAnswer, unexpectedFailure, type PlainAnswer } from './responses.js';
import { reporter, type HandlerEvent } from './report.js';
import type { DirectEntry, RequestSource } from './source.js';
import { upstreamSignals, type UpstreamSignals } from './veratad-api.js';
import { VeratadApiError } from './veratad-error.js';

/** The request headers the handlers read; a preflight allows these and the host's own `allowedHeaders`, no more. */
const READ_HEADERS = ['Content-Type', 'Accept'];

export interface BrowserEndpointConfig<E extends HandlerEvent> {
  /** Names the endpoint in the message of an unexpected failure ("The token endpoint failed unexpectedly."). */
  name: string;
  /** Says who may not call it, in the 403 message ("This origin may not request verification tokens."). */
  forbidden: string;
  allowedOrigins?: ReadonlySet<string>;
  /** The host's own request headers a preflight may be granted. */
  allowedHeaders: readonly string[];
  onEvent?: (event: E) => void;
}

/** Runs an endpoint's calls to Veratad under one deadline and times them for `onEvent`. */
export type VeratadCalls = <T>(
  timeoutMs: number,
  calls: (signals: Pick<UpstreamSignals, 'signal' | 'deadline'>) => Promise<T>,
) => Promise<T>;

export interface Served<E> {
  /** The 200 answer's body. */
  body: unknown;
  /** Fields the endpoint adds to its `ok` event. */
  event?: Omit<E, keyof HandlerEvent>;
}

/** A failure as the answer it gets: Veratad's failures become 502 (504 for a timeout) with the same code. */
export function toHandlerError(error: unknown, endpoint: string): HandlerError {
  if (error instanceof HandlerError) return error;
  if (error instanceof VeratadApiError) {
    const status = error.code === 'upstream-timeout' ? 504 : 502;
    const options = error.cause === undefined ? undefined : { cause: error.cause };
    return new HandlerError(status, error.code, error.message, {}, options);
  }
  return unexpectedFailure(error, endpoint);
}

/** The preflight's answer: always the same list, whatever the browser asks for (it refuses what is not granted). */
function preflight(cors: Record<string, string>, allowHeaders: string): PlainAnswer {
  return jsonAnswer(204, null, {
    ...cors,
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': allowHeaders,
    'Access-Control-Max-Age': '600',
  });
}

export function browserEndpoint<E extends HandlerEvent>(
  config: BrowserEndpointConfig<E>,
  serve: (source: RequestSource, veratad: VeratadCalls) => Promise<Served<E>>,
): DirectEntry {
  const { allowedOrigins } = config;
  const allowHeader = allowedOrigins ? 'POST, OPTIONS' : 'POST';
  const preflightHeaders = [...READ_HEADERS, ...config.allowedHeaders].join(', ');
  const report = reporter(config.onEvent);

  return async (source) => {
    const started = Date.now();
    let upstream: { started: number; ended?: number } | undefined;
    let cors: Record<string, string> = {};
    const timings = () => ({
      durationMs: Date.now() - started,
      ...(upstream ? { upstreamMs: (upstream.ended ?? Date.now()) - upstream.started } : {}),
    });
    const veratad: VeratadCalls = async (timeoutMs, calls) => {
      const signals = upstreamSignals(source.signal, timeoutMs);
      const timing: { started: number; ended?: number } = { started: Date.now() };
      upstream = timing;
      try {
        return await calls(signals);
      } finally {
        timing.ended = Date.now();
        signals.dispose();
      }
    };
    try {
      const method = source.method.toUpperCase();
      if (method !== 'POST' && !(method === 'OPTIONS' && allowedOrigins)) {
        throw new HandlerError(405, 'method-not-allowed', 'Only POST is allowed.', { Allow: allowHeader });
      }
      if (allowedOrigins) {
        const origin = source.header('origin');
        if (!origin || !allowedOrigins.has(origin)) throw new HandlerError(403, 'forbidden-origin', config.forbidden);
        cors = { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
        if (method === 'OPTIONS') {
          report({ code: 'preflight', status: 204, ...timings() } as E);
          return preflight(cors, preflightHeaders);
        }
      }
      if (!isJsonContentType(source.header('content-type'))) {
        throw new HandlerError(415, 'unsupported-media-type', 'The request body must be application/json.');
      }
      const { body, event } = await serve(source, veratad);
      report({ code: 'ok', status: 200, ...timings(), ...event } as E);
      return jsonAnswer(200, body, cors);
    } catch (error) {
      const known = toHandlerError(error, config.name);
      // Veratad's own words about a refusal go to the log only; the browser gets the fixed message.
      const upstreamMessage = error instanceof VeratadApiError ? error.upstreamMessage : undefined;
      report({
        code: known.code,
        status: known.status,
        ...timings(),
        ...(known.cause === undefined ? {} : { cause: known.cause }),
        ...(upstreamMessage === undefined ? {} : { upstreamMessage }),
      } as E);
      return errorAnswer(known, cors);
    }
  };
}
