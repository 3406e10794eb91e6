/**
 * A local stand-in for Veratad VX on its own port (so its origin differs from the page's): the three
 * server-to-server endpoints (Create Token, Generate Link, User Status), the Web SDK (`/js/initialize.js`,
 * `/styles/style.css`), a fake journey page (`/frame`) and the result callback to the host. Follows Veratad's
 * documented behaviour; see README.md here.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CallbackSender,
  DEFAULT_CALLBACK_TIMEOUT_MS,
  DEFAULT_RETRY_DELAYS_MS,
  realTimer,
  type CallbackTarget,
  type DeliveryAttempt,
} from './callback.js';
import { frameOutcome } from './frame-outcome.js';
import { TOO_LARGE, parseJson, readBody, sendJson, sendMethodNotAllowed, type JsonReply } from './http.js';
import { JourneyStore, type JourneyRecord, type JourneyStatus } from './journeys.js';
import {
  DEFAULT_PASS,
  DEFAULT_PURGE_AFTER_SECONDS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_USER,
  checkOptions,
  type SimulatorOptions,
} from './options.js';
import { STATIC_FILES, serveStatic } from './static-files.js';
import { SessionStore, type LinkRecord, type TokenRecord } from './store.js';
import { userStatus } from './user-status.js';
import { createToken, frameSession, generateLink } from './vx-api.js';

export { MAX_BODY_BYTES } from './http.js';
export {
  DEFAULT_PASS,
  DEFAULT_PURGE_AFTER_SECONDS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_USER,
  type SimulatorOptions,
} from './options.js';
export {
  DEFAULT_CALLBACK_TIMEOUT_MS,
  DEFAULT_RETRY_DELAYS_MS,
  type CallbackTarget,
  type DeliveryAttempt,
  type Timer,
} from './callback.js';
export { JOURNEY_STATUSES, type JourneyRecord, type JourneyStatus } from './journeys.js';

/** Read and steer what the simulator remembers (for tests and the demo). */
export interface SimulatorTokens {
  /** Every token still remembered (live or expired), oldest first. */
  list(): TokenRecord[];
  get(token: string): TokenRecord | undefined;
  /** True while the token can still be used. */
  isLive(token: string): boolean;
  /** Ends a token's life now (it then reads as expired, not unknown); false when the token is unknown. */
  expire(token: string): boolean;
  /** The link made for a `request_id`, whatever its state. */
  link(requestId: string): LinkRecord | undefined;
  /** Every link still remembered, oldest first. */
  links(): LinkRecord[];
}

/** The finished journeys (what `POST /user/status` answers from). */
export interface SimulatorJourneys {
  /** Every finished journey remembered, oldest first (personal fields purged where due). */
  list(): JourneyRecord[];
  /** By id: `link:<request_id>` or `sdk:<session>`. */
  get(id: string): JourneyRecord | undefined;
  /** The journey with this email that ended last, as `POST /user/status` finds it. */
  byEmail(email: string): JourneyRecord | undefined;
  /**
   * Changes a journey's status, as a manual review's decision would (a change sends a callback); undefined when
   * the journey is unknown.
   */
  setStatus(id: string, status: JourneyStatus): JourneyRecord | undefined;
}

/** The result callback: where it goes and what was delivered. */
export interface SimulatorCallbacks {
  /** Sets (or, with undefined, removes) the callback target from now on. Throws a RangeError for a bad one. */
  configure(target: CallbackTarget | undefined): void;
  /** The current target, without its password. */
  target(): { url: string; user?: string } | undefined;
  /** Every attempt so far (the newest 1000), oldest first. */
  deliveries(): DeliveryAttempt[];
  /** Resolves once every delivery started so far has succeeded or given up. */
  settled(): Promise<void>;
}

export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash): the endpoints are `${url}/token/create` etc. */
  url: string;
  /** The simulator's origin: the origin of `initialize.js`, of the frame page and of its messages. */
  origin: string;
  port: number;
  tokens: SimulatorTokens;
  journeys: SimulatorJourneys;
  callbacks: SimulatorCallbacks;
  /**
   * How many server-to-server calls to `path` (e.g. `/token/create`) it has answered, with `status` only those
   * answered with it: how a test proves what reached "Veratad".
   */
  calls(path: string, status?: number): number;
  /** Cancels pending callback retries, stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>;
}

/** Veratad's server-to-server calls and the frame page's own result report: POST only, no CORS headers. */
const POST_ROUTES = new Set(['/token/create', '/link/generate', '/user/status', '/frame/outcome']);

const notFound = (path: string): JsonReply => ({ status: 404, body: { error: 'Not Found', path } });

/**
 * The frame page reports results as JSON only: a cross-origin page cannot send that without a CORS preflight,
 * which the simulator never grants.
 */
const NOT_JSON: JsonReply = { status: 415, body: { error: 'Unsupported Media Type', expected: 'application/json' } };

/** Starts the simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const credentials = { user: options.user ?? DEFAULT_USER, pass: options.pass ?? DEFAULT_PASS };
  const store = new SessionStore(options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS, now);
  const sender = new CallbackSender({
    target: options.callbackUrl
      ? { url: options.callbackUrl, user: options.callbackUser, pass: options.callbackPass }
      : undefined,
    retryDelaysMs: options.callbackRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.callbackTimeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS,
    timer: options.timer ?? realTimer,
    now,
    onDelivery: options.onDelivery,
  });
  const journeys = new JourneyStore({
    now,
    purgeAfterMs: (options.purgeAfterSeconds ?? DEFAULT_PURGE_AFTER_SECONDS) * 1000,
    storageOn: options.storageOn ?? false,
    onStatusChange: (journey) => sender.send(journey),
  });
  let origin = '';
  /** `${path} ${status}` → calls answered so (a handful of routes and statuses: it stays small). */
  const answered = new Map<string, number>();

  const answerPost = (path: string, body: unknown): JsonReply => {
    switch (path) {
      case '/token/create':
        return createToken(store, credentials, origin, body);
      case '/link/generate':
        return generateLink(store, origin, body);
      case '/user/status':
        return userStatus(journeys, credentials, body);
      default:
        return frameOutcome(store, journeys, body);
    }
  };

  const handlePost = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    // Server-to-server calls: deliberately no CORS headers, so a browser page cannot call them.
    if (req.method !== 'POST') return sendMethodNotAllowed(req, res, 'POST');
    if (path === '/frame/outcome' && !/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      return sendJson(res, NOT_JSON);
    }
    const bytes = await readBody(req);
    if (bytes === 'too-large') return sendJson(res, TOO_LARGE, { Connection: 'close' });
    const reply = answerPost(path, parseJson(bytes));
    const key = `${path} ${reply.status}`;
    answered.set(key, (answered.get(key) ?? 0) + 1);
    return sendJson(res, reply);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    if (POST_ROUTES.has(path)) return handlePost(req, res, path);

    const entry = STATIC_FILES[path];
    const isFrameSession = path === '/frame/session';
    if (!entry && !isFrameSession) {
      // Drain whatever was sent, so the client always reads the 404.
      req.resume();
      return sendJson(res, notFound(path));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(req, res, 'GET, HEAD');
    if (isFrameSession) {
      // Same-origin only (the frame page asks its own server): no CORS header.
      return sendJson(res, { status: 200, body: { ...frameSession(store, url.searchParams) } });
    }
    return serveStatic(res, entry);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, { status: 500, body: { error: 'Internal Server Error' } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  origin = `http://${hostInUrl}:${port}`;

  let closing: Promise<void> | undefined;
  const tokens: SimulatorTokens = {
    list: () => store.tokens(),
    get: (token) => {
      const found = store.lookupToken(token);
      return found.state === 'unknown' ? undefined : found.record;
    },
    isLive: (token) => store.lookupToken(token).state === 'live',
    expire: (token) => store.expireToken(token),
    link: (requestId) => store.link(requestId),
    links: () => store.links(),
  };

  return {
    url: origin,
    origin,
    port,
    tokens,
    journeys: {
      list: () => journeys.list(),
      get: (id) => journeys.get(id),
      byEmail: (email) => journeys.byEmail(email),
      setStatus: (id, status) => journeys.setStatus(id, status),
    },
    callbacks: {
      configure: (target) => sender.configure(target),
      target: () => sender.target(),
      deliveries: () => sender.deliveries(),
      settled: () => sender.settled(),
    },
    calls: (path, status) =>
      [...answered].reduce((sum, [key, count]) => {
        const [keyPath, keyStatus] = key.split(' ');
        return keyPath === path && (status === undefined || Number(keyStatus) === status) ? sum + count : sum;
      }, 0),
    close() {
      closing ??= Promise.all([
        sender.close(),
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}
