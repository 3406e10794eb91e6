// A fake Veratad VX for the server-half tests: a node:http server on 127.0.0.1 that plays `POST /token/create`,
// `POST /link/generate` and `POST /user/status` (as Veratad's API documentation gives them), records every request it receives, and answers
// whatever the test asks for: the documented bodies, or the ways a real upstream can go wrong (non-JSON, wrong shape,
// HTML 500, a redirect, a dropped connection, an answer that never comes, one reset halfway, one that never ends, one
// of an exact size). `close()` also ends hanging sockets.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { documentedTokenSuccess, documentedUserStatus } from '../fixtures/veratad-documented.mjs';

/** One way to answer a request. */
export type FakeReply =
  /** A JSON body (any value, even one Veratad would never send) with a status (200 by default). */
  | { json: unknown; status?: number }
  /** Raw text with a content type (default `text/html; charset=utf-8`). */
  | { text: string; status?: number; contentType?: string }
  /** Read the request, then never answer. */
  | { hang: true }
  /** Send 200 and its headers, then never finish the body. */
  | { hangBody: true }
  /** Send 200, its headers and part of the body, then reset the connection. */
  | { resetBody: true }
  /** Send 200 and a JSON body that never ends, as fast as it is read, until the connection closes. */
  | { endless: true }
  /** A JSON object padded with spaces to exactly `size` bytes, with a Content-Length (`declared`) or chunked. */
  | { padded: object; size: number; declared: boolean }
  /** Drop the connection without any answer. */
  | { destroy: true }
  /** A 302 to another URL. */
  | { redirect: string };

/** A fixed reply, or one computed from the request (for example to echo what was sent). */
export type FakeBehaviour = FakeReply | ((request: RecordedRequest) => FakeReply);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body as text. */
  text: string;
  /** The body parsed as JSON, or `undefined` when it was not JSON. */
  json: unknown;
  /** Resolves when the connection carrying this request's answer is closed or the answer is finished. */
  closed: Promise<void>;
}

/** The documented bodies, exactly as Veratad's API documentation gives them. */
export const documented = {
  /** Create Token, 200. */
  tokenSuccess: documentedTokenSuccess,
  /** Create Token, 400: the four documented messages. */
  tokenRejectedMessages: [
    'Missing a required input',
    'Invalid age submitted. Must conform to age+ like 21+',
    'Invalid ruleset submitted. Please check the documentation',
    'Invalid store_on value. Must be PASS, FAIL or ALL',
  ] as const,
  tokenRejected: (message: string) => ({ result: 'Error', message, token: '' }),
  /** Create Token, 401. */
  tokenUnauthorized: { result: 'Error', message: 'Either your username or password is incorrect', token: '' },
  /** Generate Link, success. */
  linkPass: (link: string) => ({
    action: 'PASS',
    detail: 'Link Generated',
    link,
    email_sent: false,
    error_message: '',
    error_description: '',
  }),
  /** Generate Link, failure (`action: "ERROR"`; the error texts are not documented, these are examples). */
  /** User Status, 200 for a found user (the documented example). */
  userStatus: documentedUserStatus,
  /** User Status, 200 for an email Veratad does not know: not documented beyond `found`, so assumed to be this. */
  userStatusUnknown: { found: false },
  /** User Status, 400 and 401 (documented for the twin DCAMS endpoint, the same shapes as Create Token's). */
  userStatusRejected: { result: 'Error', message: 'Missing a required input' },
  userStatusUnauthorized: { result: 'Error', message: 'Either your username or password is incorrect' },
  linkError: (errorMessage: string, errorDescription: string) => ({
    action: 'ERROR',
    detail: '',
    link: '',
    email_sent: false,
    error_message: errorMessage,
    error_description: errorDescription,
  }),
};

/** The Create Token settings fields of `documented.tokenSuccess` (everything but result, message, token). */
export const DOCUMENTED_SETTINGS = (() => {
  const { result: _result, message: _message, token: _token, ...settings } = documented.tokenSuccess('x');
  return settings;
})();

export interface FakeVeratad {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  tokenUrl: string;
  linkUrl: string;
  userStatusUrl: string;
  /** Every request received since the last `reset()`, in order. */
  requests: RecordedRequest[];
  tokenRequests(): RecordedRequest[];
  linkRequests(): RecordedRequest[];
  userStatusRequests(): RecordedRequest[];
  /** What `/user/status` answers by default: email → body (200); an email not listed gets `userStatusUnknown`. */
  users: Map<string, unknown>;
  /** Tokens and links handed out by the default behaviours, never cleared (for leak scans). */
  issuedTokens: string[];
  issuedLinks: string[];
  /** How `/token/create` answers from now on (default: the documented success with a fresh UUID token). */
  onToken(behaviour: FakeBehaviour): void;
  /** How `/link/generate` answers from now on (default: the documented PASS with a fresh link). */
  onLink(behaviour: FakeBehaviour): void;
  /** How `/user/status` answers from now on (default: from `users`). */
  onUserStatus(behaviour: FakeBehaviour): void;
  /** Back to the default behaviours; forgets the recorded requests and the users. */
  reset(): void;
  /** Stops the server, destroying every open socket (hanging answers included). */
  close(): Promise<void>;
}

/** A fresh documented success body; the token is remembered in `issuedTokens`. */
function defaultToken(fake: FakeVeratad): FakeReply {
  const token = randomUUID();
  fake.issuedTokens.push(token);
  return { json: documented.tokenSuccess(token) };
}

function defaultLink(fake: FakeVeratad): FakeReply {
  const link = `https://frontend.dcams.app?request_id=${randomUUID()}`;
  fake.issuedLinks.push(link);
  return { json: documented.linkPass(link) };
}

function defaultUserStatus(fake: FakeVeratad, request: RecordedRequest): FakeReply {
  const email = (request.json as { email?: unknown } | undefined)?.email;
  const known = typeof email === 'string' ? fake.users.get(email) : undefined;
  return { json: known ?? documented.userStatusUnknown };
}

function answer(res: ServerResponse, reply: FakeReply): void {
  if ('hang' in reply) return;
  if ('destroy' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('hangBody' in reply) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"result":"Succ');
    return;
  }
  if ('resetBody' in reply) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"result":"Success","token":"', () => res.socket?.resetAndDestroy());
    return;
  }
  if ('endless' in reply) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"result":"Success","filler":"');
    const piece = 'x'.repeat(16 * 1024);
    const more = () => {
      while (!res.destroyed && res.write(piece));
    };
    res.on('drain', more);
    more();
    return;
  }
  if ('padded' in reply) {
    const json = JSON.stringify(reply.padded);
    const text = `${json.slice(0, -1)}${' '.repeat(reply.size - Buffer.byteLength(json))}}`;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      ...(reply.declared ? { 'Content-Length': Buffer.byteLength(text) } : {}),
    });
    if (reply.declared) {
      res.end(text);
      return;
    }
    // Chunked, in pieces: the size is only known by counting.
    for (let at = 0; at < text.length; at += 8192) res.write(text.slice(at, at + 8192));
    res.end();
    return;
  }
  if ('redirect' in reply) {
    res.writeHead(302, { Location: reply.redirect, 'Content-Type': 'application/json' });
    res.end('{}');
    return;
  }
  if ('json' in reply) {
    res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(reply.json));
    return;
  }
  res.writeHead(reply.status ?? 200, { 'Content-Type': reply.contentType ?? 'text/html; charset=utf-8' });
  res.end(reply.text);
}

export async function startFakeVeratad(): Promise<FakeVeratad> {
  const sockets = new Set<Socket>();
  let tokenBehaviour: FakeBehaviour | undefined;
  let linkBehaviour: FakeBehaviour | undefined;
  let userStatusBehaviour: FakeBehaviour | undefined;

  const server: Server = createServer((req, res) => {
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const recorded: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, text, json, closed };
      fake.requests.push(recorded);
      let behaviour: FakeBehaviour | undefined;
      if (req.method === 'POST' && path === '/token/create') behaviour = tokenBehaviour ?? (() => defaultToken(fake));
      else if (req.method === 'POST' && path === '/link/generate')
        behaviour = linkBehaviour ?? (() => defaultLink(fake));
      else if (req.method === 'POST' && path === '/user/status')
        behaviour = userStatusBehaviour ?? ((request) => defaultUserStatus(fake, request));
      else behaviour = { json: { error: 'not found' }, status: 404 };
      answer(res, typeof behaviour === 'function' ? behaviour(recorded) : behaviour);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const origin = await listen(server);

  const fake: FakeVeratad = {
    origin,
    tokenUrl: `${origin}/token/create`,
    linkUrl: `${origin}/link/generate`,
    userStatusUrl: `${origin}/user/status`,
    requests: [],
    tokenRequests: () => fake.requests.filter((r) => r.path === '/token/create'),
    linkRequests: () => fake.requests.filter((r) => r.path === '/link/generate'),
    userStatusRequests: () => fake.requests.filter((r) => r.path === '/user/status'),
    users: new Map(),
    issuedTokens: [],
    issuedLinks: [],
    onToken(behaviour) {
      tokenBehaviour = behaviour;
    },
    onLink(behaviour) {
      linkBehaviour = behaviour;
    },
    onUserStatus(behaviour) {
      userStatusBehaviour = behaviour;
    },
    reset() {
      tokenBehaviour = undefined;
      linkBehaviour = undefined;
      userStatusBehaviour = undefined;
      fake.users.clear();
      fake.requests = [];
    },
    async close() {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await done;
    },
  };
  return fake;
}

/** Starts `server` on 127.0.0.1 and an ephemeral port; resolves with its origin. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Stops `server` at once, ending its open connections (idle keep-alive ones included). */
export async function stop(server: Server): Promise<void> {
  if (!server.listening) return;
  const done = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await done;
}

/** An http URL on 127.0.0.1 where nothing listens (a port that was just open and is closed again). */
export async function closedPortUrl(path = '/token/create'): Promise<string> {
  const server = createServer();
  const origin = await listen(server);
  await stop(server);
  return `${origin}${path}`;
}
