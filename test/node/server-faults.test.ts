// The load and fault bench's faults (bench/server.mjs), at a small scale and asserted: Veratad resetting its answer
// halfway, hanging, or sending far too much; a hundred clients that leave mid-body or while Veratad is being asked,
// after which the process holds exactly the file descriptors it held before; and a client too slow to send its body.
// The token handler runs in this process under toNodeListener, so /proc/self/fd counts its sockets.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  createTokenHandler,
  toNodeListener,
  type HandlerEvent,
  type TokenHandlerOptions,
} from '../../src/server/index.js';
import { listen, startFakeVeratad, stop, type FakeVeratad, type RecordedRequest } from './fake-veratad.js';
import { EventLog, LIMIT, LONG_LIMIT, openRaw, parseRaw, requestHead, send } from './server-kit.js';

const CLIENTS = 100;

/** The file descriptors this process holds (Linux). */
const openFds = () => readdirSync('/proc/self/fd').length;

describe('faults, small scale', () => {
  let fake: FakeVeratad;
  const servers: Server[] = [];
  /** Every connection a handler's server accepted, closed or not. */
  const accepted: Promise<void>[] = [];
  /** How many requests the handlers' servers have received. */
  let arrived = 0;
  /** Resolves once more than `count` requests have arrived. */
  const arrivedAt = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (arrived > count ? resolve() : setImmediate(check));
      check();
    });

  /** The token handler on its own node:http server, in this process. */
  async function mountToken(options: Partial<TokenHandlerOptions> = {}) {
    const log = new EventLog<HandlerEvent>();
    const listener = toNodeListener(
      createTokenHandler({
        user: 'fault-user',
        pass: 'fault-pass',
        endpoint: fake.tokenUrl,
        onEvent: log.push,
        ...options,
      }),
    );
    const server = createServer((req, res) => {
      arrived += 1;
      void listener(req, res);
    });
    server.on('connection', (socket: Socket) => accepted.push(new Promise((resolve) => socket.once('close', resolve))));
    servers.push(server);
    return { url: `${await listen(server)}/token`, log };
  }

  before(async () => {
    fake = await startFakeVeratad();
  });
  beforeEach(() => fake.reset());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(stop));
  });
  after(() => fake.close());

  const errorCode = (json: unknown) => (json as { error?: { code?: string } } | undefined)?.error?.code;

  it(
    `${CLIENTS} clients leaving (mid-body, or while Veratad is asked) leave no file descriptor behind`,
    LONG_LIMIT,
    async () => {
      fake.onToken({ hang: true });
      const { url, log } = await mountToken();
      const before = openFds();
      const start = accepted.length;
      arrived = 0;
      const upstream: RecordedRequest[] = [];
      for (let client = 0; client < CLIENTS; client++) {
        const connection = await openRaw(url);
        const midBody = client % 2 === 0;
        const head = requestHead(url, { 'Content-Type': 'application/json', 'Content-Length': midBody ? '50' : '2' });
        connection.socket.write(`${head}${midBody ? '{"jour' : '{}'}`);
        if (!midBody) {
          // Wait until the handler is waiting on Veratad, then leave.
          await new Promise<void>((resolve) => {
            const check = () => (fake.tokenRequests().length > upstream.length ? resolve() : setImmediate(check));
            check();
          });
          upstream.push(fake.tokenRequests()[upstream.length]);
        } else {
          await arrivedAt(client);
        }
        connection.socket.destroy();
        await connection.closed;
      }
      const events = await log.waitFor(CLIENTS);
      assert.deepEqual([...new Set(events.map((event) => `${event.code} ${event.status}`))], ['client-closed 499']);
      // Every accepted socket, and every call to Veratad the handler gave up, is closed: then count.
      await Promise.all(accepted.slice(start));
      await Promise.all(upstream.map((request) => request.closed));
      assert.equal(upstream.length, CLIENTS / 2);
      assert.equal(openFds(), before);
    },
  );

  it('Veratad resetting its answer halfway: 502 upstream-unreachable', LIMIT, async () => {
    fake.onToken({ resetBody: true });
    const answer = await send((await mountToken()).url);
    assert.equal(answer.status, 502);
    assert.equal(errorCode(answer.json), 'upstream-unreachable');
  });

  it('Veratad never answering: 504 upstream-timeout, and the call to it is closed', LIMIT, async () => {
    fake.onToken({ hang: true });
    const answer = await send((await mountToken({ timeoutMs: 300 })).url);
    assert.equal(answer.status, 504);
    assert.equal(errorCode(answer.json), 'upstream-timeout');
    await fake.tokenRequests()[0].closed;
  });

  it('Veratad sending a 1 MB answer: 502 upstream-invalid, and the call to it is closed', LIMIT, async () => {
    fake.onToken({ padded: { result: 'Success', token: 'tok' }, size: 1024 * 1024, declared: false });
    const answer = await send((await mountToken()).url);
    assert.equal(answer.status, 502);
    assert.equal(errorCode(answer.json), 'upstream-invalid');
    await fake.tokenRequests()[0].closed;
  });

  it('a client too slow to send its body: 408 request-timeout, and the connection is closed', LIMIT, async () => {
    const { url: slowUrl } = await mountToken({ bodyTimeoutMs: 100 });
    const connection = await openRaw(slowUrl);
    connection.socket.write(`${requestHead(slowUrl, { 'Content-Type': 'application/json', 'Content-Length': '40' })}{`);
    await connection.serverGone;
    const answer = parseRaw(connection.received());
    assert.equal(answer.status, 408);
    assert.equal(errorCode(answer.json), 'request-timeout');
    assert.equal(answer.headers.connection, 'close');
    connection.socket.destroy();
  });
});
