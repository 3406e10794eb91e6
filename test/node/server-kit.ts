// What the tests of the status handler, the webhook receiver and getUserStatus share: sending a request over real
// HTTP and reading the answer, bodies of an exact size (declared or chunked), mounting a handler with
// toNodeListener on its own node:http server, and the scan for secrets and personal data.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { documentedUserStatus } from '../fixtures/veratad-documented.mjs';
import { listen, stop } from './fake-veratad.js';
import { toNodeListener } from '../../src/server/index.js';

/** Per test: a regression that hangs (a stuck connection, a lost abort) fails here instead of stalling the run. */
export const LIMIT = { timeout: 5000 };
/** The same, for a test that opens a hundred connections or more one after another (a loaded machine is slow at it). */
export const LONG_LIMIT = { timeout: 30_000 };

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, `undefined` when there is none. */
  json: Record<string, unknown> | undefined;
}

export type Body = string | Uint8Array<ArrayBuffer> | (() => ReadableStream<Uint8Array>);

export interface Send {
  method?: string;
  /** Sent on POST only; `null` sends none. Default `application/json`. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Default `{}`; a function makes a fresh stream, sent chunked without Content-Length. */
  body?: Body | null;
  signal?: AbortSignal;
}

/** A stream of `bytes` in 1000-byte chunks: fetch sends it with `Transfer-Encoding: chunked`. */
export function chunked(text: string | Uint8Array): () => ReadableStream<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.byteLength; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
        controller.close();
      },
    });
}

/** `body` as JSON padded with spaces before its closing brace to exactly `size` bytes. */
export function padded(size: number, body: object = {}): string {
  const json = JSON.stringify(body);
  const text = `${json.slice(0, -1)}${' '.repeat(size - Buffer.byteLength(json))}}`;
  assert.equal(Buffer.byteLength(text), size);
  return text;
}

/** Sends one request with fetch and reads the answer. */
export async function send(
  url: string,
  { method = 'POST', contentType = 'application/json', headers, body = '{}', signal }: Send = {},
): Promise<Answer> {
  const init: RequestInit & { duplex?: 'half' } = {
    method,
    headers: { ...(method === 'POST' && contentType !== null ? { 'Content-Type': contentType } : {}), ...headers },
    signal,
  };
  if (body !== null && method !== 'GET' && method !== 'HEAD') {
    if (typeof body === 'function') {
      init.body = body();
      init.duplex = 'half';
    } else {
      init.body = body;
    }
  }
  return read(await fetch(url, init));
}

export async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

export function assertSafeHeaders(answer: Answer, label = `${answer.status}`): void {
  assert.equal(answer.headers.get('cache-control'), 'no-store', `${label}: Cache-Control`);
  assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8', `${label}: Content-Type`);
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', `${label}: X-Content-Type-Options`);
}

/** Servers started by `mount`, stopped by `unmountAll`. */
const mounted: Server[] = [];

/** `handler` under toNodeListener on its own node:http server; resolves with its URL. */
export async function mount(handler: (request: Request) => Promise<Response>, path = '/api/endpoint'): Promise<string> {
  const listener = toNodeListener(handler);
  const server = createServer((req, res) => void listener(req, res));
  mounted.push(server);
  return `${await listen(server)}${path}`;
}

export async function unmountAll(): Promise<void> {
  await Promise.all(mounted.splice(0).map(stop));
}

/**
 * The personal data of Veratad's documented result, and a stand-in image: none of it may reach a browser, an
 * error message or an `onEvent` line.
 */
export const PERSONAL_DATA: readonly string[] = (() => {
  const { fn, ln, addr, city, zip, dob, email } = documentedUserStatus();
  return [fn, ln, addr, city, zip, dob, email];
})();

/** A document image as a callback may carry it (base64 JPEG bytes of our own). */
export const IMAGE = `data:image/jpeg;base64,${Buffer.from('\xff\xd8\xff\xe0 not really a photo of TIM SMITH').toString('base64')}`;

/** Fails when `text` holds any of `forbidden` (the label says where the text came from). */
export function assertNoneOf(text: string, forbidden: readonly string[], label: string): void {
  for (const secret of forbidden)
    assert.ok(!text.includes(secret), `${label} holds "${secret}": ${text.slice(0, 200)}`);
}

/** An event as text, its cause's name, message and stack included. */
export function eventText(event: object): string {
  const { cause, ...fields } = event as { cause?: unknown };
  const causeText = cause instanceof Error ? `${cause.name} ${cause.message} ${cause.stack ?? ''}` : String(cause);
  return `${JSON.stringify(fields)} ${causeText}`;
}

/** A connection opened by `openRaw`: what the server sent so far, and whether it closed the connection. */
export interface RawConnection {
  socket: Socket;
  /** Everything the server sent, as text. */
  received(): string;
  /** Resolves once the connection is closed (by either side). */
  closed: Promise<void>;
  /** Resolves once the server ended or reset its side: it stopped reading this connection. */
  serverGone: Promise<void>;
}

/** A plain TCP connection to `url`'s host, for requests fetch cannot send (half a body, a body that never ends). */
export async function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  // A reset while the test still writes is how a server that stops reading may end it: not a failure here.
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const serverGone = new Promise<void>((resolve) => {
    socket.once('end', () => resolve());
    socket.once('close', () => resolve());
  });
  return { socket, received: () => text, closed, serverGone };
}

/** The head of a POST to `url`'s path with `headers` (`Host` added), ready to write on a raw connection. */
export function requestHead(url: string, headers: Record<string, string>): string {
  const { host, pathname } = new URL(url);
  const lines = Object.entries({ Host: host, ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `POST ${pathname} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** The first answer in `text` (one HTTP/1.1 response, Content-Length framed). */
export function parseRaw(text: string): { status: number; headers: Record<string, string>; json: unknown } {
  const split = text.indexOf('\r\n\r\n');
  assert.ok(split > 0, `an HTTP answer: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = text.slice(split + 4, split + 4 + length);
  return { status: Number(statusLine.split(' ')[1]), headers, json: body ? JSON.parse(body) : undefined };
}

/** `onEvent` lines collected in order, with a wait for the nth one (no polling, no sleeping). */
export class EventLog<E> {
  readonly events: E[] = [];
  #waiters: { count: number; resolve: () => void }[] = [];

  readonly push = (event: E): void => {
    this.events.push(event);
    for (const waiter of this.#waiters.filter((w) => this.events.length >= w.count)) waiter.resolve();
    this.#waiters = this.#waiters.filter((w) => this.events.length < w.count);
  };

  /** Resolves once `count` events have been logged. */
  async waitFor(count: number): Promise<E[]> {
    if (this.events.length < count) await new Promise<void>((resolve) => this.#waiters.push({ count, resolve }));
    return this.events;
  }
}
