// Shared by the simulator's journey, status and callback tests: JSON over real HTTP, journeys driven through the
// simulator's own API (as its frame page drives them), a callback receiver, and a timer the test fires by hand.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator, Timer } from '../../demo/simulator/server.js';

export const USER = 'demo-user';
export const PASS = 'demo-pass';

export interface Reply {
  status: number;
  type: string | null;
  body: Record<string, unknown>;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

export async function newToken(sim: Simulator): Promise<string> {
  const reply = await post(`${sim.url}/token/create`, { user: USER, pass: PASS });
  assert.equal(reply.status, 200);
  return reply.body.token as string;
}

/** The query string of the frame URL the simulator's initialize.js builds for one `open()`. */
export function sdkSearch(
  token: string,
  fields: Record<string, string>,
  session: string = crypto.randomUUID(),
): string {
  return `?${new URLSearchParams({ mode: 'sdk', session, token, ...fields }).toString()}`;
}

/** A link from POST /link/generate: its frame URL's query string and its request_id. */
export async function newLink(
  sim: Simulator,
  fields: Record<string, unknown>,
): Promise<{ token: string; search: string; requestId: string }> {
  const token = await newToken(sim);
  const reply = await post(`${sim.url}/link/generate`, { token, options: { send_email: false }, ...fields });
  assert.equal(reply.body.action, 'PASS', JSON.stringify(reply.body));
  const link = new URL(reply.body.link as string);
  return { token, search: link.search, requestId: link.searchParams.get('request_id') ?? '' };
}

/** What the frame page does when a button with a result is pressed (status PASS, FAIL or PENDING). */
export const finish = (sim: Simulator, search: string, status: string) =>
  post(`${sim.url}/frame/outcome`, { search, status });

export const userStatus = (sim: Simulator, body: unknown) => post(`${sim.url}/user/status`, body);

export interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A host's webhook endpoint: records every request and answers each with what `answer(n)` says (n from 1). */
export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves once n requests have arrived. */
  count(n: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(answer: (n: number) => number | 'hang' = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      for (const wake of waiters.splice(0)) wake();
      const status = answer(received.length);
      if (status === 'hang') hanging.push(res);
      else res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    received,
    async count(n) {
      while (received.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (the port was free a moment ago): connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/webhook`;
}

interface Scheduled {
  delayMs: number;
  run: () => void;
  state: 'waiting' | 'fired' | 'cancelled';
}

/** A timer that only fires when the test says so; it remembers every wait asked of it. */
export class ManualTimer {
  readonly scheduled: Scheduled[] = [];
  #waiters: Array<() => void> = [];

  readonly timer: Timer = (run, delayMs) => {
    const entry: Scheduled = { delayMs, run, state: 'waiting' };
    this.scheduled.push(entry);
    for (const wake of this.#waiters.splice(0)) wake();
    return () => {
      if (entry.state === 'waiting') entry.state = 'cancelled';
    };
  };

  waiting(delayMs: number): Scheduled[] {
    return this.scheduled.filter((entry) => entry.state === 'waiting' && entry.delayMs === delayMs);
  }

  /** Resolves once a wait of `delayMs` is pending, and returns it. */
  async next(delayMs: number): Promise<Scheduled> {
    for (;;) {
      const [entry] = this.waiting(delayMs);
      if (entry) return entry;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Fires the pending wait of `delayMs` (waiting for it to be asked first). */
  async fire(delayMs: number): Promise<void> {
    const entry = await this.next(delayMs);
    entry.state = 'fired';
    entry.run();
  }
}

/** Collects `onDelivery` calls; `count(n)` resolves once n attempts have been seen. */
export class DeliveryWatch<T> {
  readonly seen: T[] = [];
  #waiters: Array<() => void> = [];

  readonly onDelivery = (attempt: T): void => {
    this.seen.push(attempt);
    for (const wake of this.#waiters.splice(0)) wake();
  };

  async count(n: number): Promise<T[]> {
    while (this.seen.length < n) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.seen;
  }
}
