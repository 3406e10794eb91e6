/**
 * A local stand-in for Veratad VX on its own port (so its origin differs from the page's): the two
 * server-to-server endpoints, the Web SDK (`/js/initialize.js`, `/styles/style.css`) and a fake journey
 * page (`/frame`). Follows Veratad's documented Create Token, Web SDK and link behaviour; see README.md here.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SessionStore, type LinkRecord, type TokenRecord } from './store.js';
import { UNPARSEABLE, createToken, frameSession, generateLink, type JsonReply } from './vx-api.js';

export interface SimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (the simulator is never meant to be reachable from elsewhere). */
  host?: string;
  /** The credentials `POST /token/create` accepts; default `demo-user` / `demo-pass`. */
  user?: string;
  pass?: string;
  /** How long a token (and every link made from it) lives, in seconds; default 21600 (Veratad: 6 hours). */
  tokenLifetimeSeconds?: number;
  /** The clock, in epoch milliseconds; default `Date.now`. Tests inject one to expire tokens without waiting. */
  now?: () => number;
}

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

export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash): the endpoints are `${url}/token/create` etc. */
  url: string;
  /** The simulator's origin: the origin of `initialize.js`, of the frame page and of its messages. */
  origin: string;
  port: number;
  tokens: SimulatorTokens;
  /** Stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>;
}

export const DEFAULT_USER = 'demo-user';
export const DEFAULT_PASS = 'demo-pass';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 21_600;
/** Request bodies larger than this get 413. */
export const MAX_BODY_BYTES = 64 * 1024;

const PUBLIC_DIR = new URL('./public/', import.meta.url);

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const SVG = 'image/svg+xml';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The frame page allows nothing inline, so a stray inline script or style would fail loudly in the tests.
 * `frame-ancestors *`: any host page may embed it, as Veratad's frame can be embedded by any customer site.
 */
const FRAME_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

interface StaticFile {
  file: string;
  type: string;
  headers?: Record<string, string>;
}

const STATIC_FILES: Record<string, StaticFile> = {
  '/js/initialize.js': { file: 'initialize.js', type: JS },
  '/styles/style.css': { file: 'style.css', type: CSS },
  // The frame URL carries the token (SDK mode): never send it on as a Referer.
  '/frame': {
    file: 'frame.html',
    type: HTML,
    headers: { 'Content-Security-Policy': FRAME_CSP, 'Referrer-Policy': 'no-referrer' },
  },
  '/frame/frame.js': { file: 'frame.js', type: JS },
  '/frame/frame.css': { file: 'frame.css', type: CSS },
  '/images/logo.svg': { file: 'logo.svg', type: SVG },
};

const POST_ROUTES = new Set(['/token/create', '/link/generate']);

function checkOptions(options: SimulatorOptions): void {
  const { port, tokenLifetimeSeconds, user, pass } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    throw new RangeError(`startSimulator: port must be an integer from 0 to 65535, got ${String(port)}.`);
  }
  if (tokenLifetimeSeconds !== undefined && !(Number.isFinite(tokenLifetimeSeconds) && tokenLifetimeSeconds > 0)) {
    throw new RangeError(
      `startSimulator: tokenLifetimeSeconds must be a positive number, got ${String(tokenLifetimeSeconds)}.`,
    );
  }
  if (user === '' || pass === '') throw new RangeError('startSimulator: user and pass must not be empty.');
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, reply: JsonReply, headers: Record<string, string> = {}): void {
  send(
    res,
    reply.status,
    { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...headers },
    JSON.stringify(reply.body),
  );
}

const notFound = (path: string): JsonReply => ({ status: 404, body: { error: 'Not Found', path } });

/**
 * Reads the body up to MAX_BODY_BYTES. Past the limit it stops keeping data but drains the rest, so the
 * client gets its 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length']) > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return UNPARSEABLE;
  }
}

/** Starts the simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const credentials = { user: options.user ?? DEFAULT_USER, pass: options.pass ?? DEFAULT_PASS };
  const store = new SessionStore(
    options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    options.now ?? Date.now,
  );
  let origin = '';

  const serveStatic = async (res: ServerResponse, entry: StaticFile): Promise<void> => {
    const content = await readFile(new URL(entry.file, PUBLIC_DIR));
    send(
      res,
      200,
      {
        'Content-Type': entry.type,
        'Cache-Control': 'no-cache',
        // Loaded by host pages on other origins (the SDK files) or embedded by them (the frame).
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        ...entry.headers,
      },
      content,
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (POST_ROUTES.has(path)) {
      // Server-to-server calls: deliberately no CORS headers, so a browser page cannot call them.
      if (method !== 'POST') {
        req.resume();
        return sendJson(res, { status: 405, body: { error: 'Method Not Allowed' } }, { Allow: 'POST' });
      }
      const bytes = await readBody(req);
      if (bytes === 'too-large') {
        return sendJson(
          res,
          { status: 413, body: { error: 'Payload Too Large', limit: MAX_BODY_BYTES } },
          { Connection: 'close' },
        );
      }
      const body = parseJson(bytes);
      const reply =
        path === '/token/create' ? createToken(store, credentials, origin, body) : generateLink(store, origin, body);
      return sendJson(res, reply);
    }

    const entry = STATIC_FILES[path];
    const isFrameSession = path === '/frame/session';
    if (!entry && !isFrameSession) {
      // Drain whatever was sent, so the client always reads the 404.
      req.resume();
      return sendJson(res, notFound(path));
    }
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      return sendJson(res, { status: 405, body: { error: 'Method Not Allowed' } }, { Allow: 'GET, HEAD' });
    }
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
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
