// The limits on what a caller sends, over real sockets: the body deadline (`bodyTimeoutMs`, on a fake clock: a body
// still trickling in when it passes gets 408 `request-timeout`, and its connection is closed), and a body refused as
// too large (413) ends its connection instead of being read to its end, chunked or declared.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_WEBHOOK_BODY_TIMEOUT_MS,
  createStatusHandler,
  createTokenHandler,
  createWebhookHandler,
  toNodeListener,
  type FetchHandler,
  type HandlerEvent,
} from '../../src/server/index.js';
import { listen, startFakeVeratad, stop, type FakeVeratad } from './fake-veratad.js';
import { installClock, type NodeClock } from './node-clock.js';
import { EventLog, LIMIT, openRaw, parseRaw, requestHead, type RawConnection } from './server-kit.js';

const KINDS = ['token', 'status', 'webhook'] as const;
type Kind = (typeof KINDS)[number];
const DEFAULTS: Record<Kind, number> = {
  token: DEFAULT_BODY_TIMEOUT_MS,
  status: DEFAULT_BODY_TIMEOUT_MS,
  webhook: DEFAULT_WEBHOOK_BODY_TIMEOUT_MS,
};
const JSON_HEAD = { 'Content-Type': 'application/json' };

let fake: FakeVeratad;
const servers: Server[] = [];
let clock: NodeClock | undefined;
before(async () => (fake = await startFakeVeratad()));
afterEach(async () => {
  clock?.uninstall();
  clock = undefined;
  await Promise.all(servers.splice(0).map(stop));
});
after(() => fake.close());

function handlerOf(kind: Kind, log: EventLog<HandlerEvent>, bodyTimeoutMs?: number): FetchHandler {
  const common = { user: 'u-limits', pass: 'p-limits', onEvent: log.push, bodyTimeoutMs };
  if (kind === 'token') return createTokenHandler({ ...common, endpoint: fake.tokenUrl });
  if (kind === 'status') {
    return createStatusHandler({
      ...common,
      endpoint: fake.userStatusUrl,
      identify: () => ({ email: 'a@example.com' }),
    });
  }
  return createWebhookHandler({ verify: () => true, onResult: () => {}, onEvent: log.push, bodyTimeoutMs });
}

async function mountNode(handler: FetchHandler): Promise<string> {
  const listener = toNodeListener(handler);
  const server = createServer((req, res) => void listener(req, res));
  servers.push(server);
  return `${await listen(server)}/endpoint`;
}

/** Writes `text` as one chunk of a chunked body. */
function writeChunk(connection: RawConnection, text: string): void {
  connection.socket.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`);
}

function assertRequestTimeout(connection: RawConnection, log: EventLog<HandlerEvent>, label: string): void {
  const answer = parseRaw(connection.received());
  assert.equal(answer.status, 408, label);
  assert.equal((answer.json as { error: { code: string } }).error.code, 'request-timeout', label);
  assert.equal(answer.headers.connection, 'close', label);
  assert.deepEqual(
    log.events.map((event) => `${event.code} ${event.status}`),
    ['request-timeout 408'],
    label,
  );
}

describe('the body deadline (bodyTimeoutMs), on a fake clock', () => {
  for (const kind of KINDS) {
    it(
      `${kind} handler under toNodeListener: 408 request-timeout for a body still trickling in at the deadline, and the connection is closed`,
      LIMIT,
      async () => {
        const log = new EventLog<HandlerEvent>();
        const url = await mountNode(handlerOf(kind, log, 3000));
        clock = installClock();
        const connection = await openRaw(url);
        connection.socket.write(requestHead(url, { ...JSON_HEAD, 'Transfer-Encoding': 'chunked' }));
        assert.equal(await clock.armed(), 3000, 'the deadline is armed when reading starts');
        // One byte a second: data keeps coming, but the deadline is for the whole body.
        for (const byte of '{"a"') {
          writeChunk(connection, byte);
          await clock.tick(1000);
        }
        await connection.serverGone;
        assertRequestTimeout(connection, log, kind);
        assert.equal(fake.requests.length, 0, 'Veratad is never called');
      },
    );

    it(`${kind} handler: the deadline is ${DEFAULTS[kind]} ms by default`, LIMIT, async () => {
      const log = new EventLog<HandlerEvent>();
      const url = await mountNode(handlerOf(kind, log));
      clock = installClock();
      const connection = await openRaw(url);
      connection.socket.write(`${requestHead(url, { ...JSON_HEAD, 'Content-Length': '20' })}{"a":`);
      assert.equal(await clock.armed(), DEFAULTS[kind]);
      await clock.tick(DEFAULTS[kind] - 1);
      assert.equal(log.events.length, 0, 'still waiting one millisecond before the deadline');
      await clock.tick(1);
      await connection.serverGone;
      assertRequestTimeout(connection, log, kind);
    });

    it(`${kind} handler on a Fetch runtime: 408 request-timeout for a body that never ends`, LIMIT, async () => {
      const log = new EventLog<HandlerEvent>();
      const handler = handlerOf(kind, log, 2000);
      clock = installClock();
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new TextEncoder().encode('{"a":')),
        pull: () => new Promise(() => {}),
      });
      const answered = handler(
        new Request('http://127.0.0.1/endpoint', {
          method: 'POST',
          headers: JSON_HEAD,
          body,
          duplex: 'half',
        } as RequestInit),
      );
      assert.equal(await clock.armed(), 2000);
      await clock.tick(2000);
      const response = await answered;
      assert.equal(response.status, 408);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'request-timeout');
      assert.deepEqual(
        log.events.map((event) => event.code),
        ['request-timeout'],
      );
    });
  }

  it('refuses a bodyTimeoutMs that is not a positive number, at creation', LIMIT, () => {
    for (const bodyTimeoutMs of [0, -1, Number.NaN, '5000']) {
      const options = { user: 'u', pass: 'p', bodyTimeoutMs } as unknown as Parameters<typeof createTokenHandler>[0];
      assert.throws(() => createTokenHandler(options), /createTokenHandler: `bodyTimeoutMs`/);
      assert.throws(
        () => createStatusHandler({ ...options, identify: () => null }),
        /createStatusHandler: `bodyTimeoutMs`/,
      );
      assert.throws(
        () => createWebhookHandler({ verify: () => true, onResult: () => {}, bodyTimeoutMs } as never),
        /createWebhookHandler: `bodyTimeoutMs`/,
      );
    }
  });
});

describe('a body refused as too large ends its connection instead of being read to its end', () => {
  /**
   * Sends body bytes as a client that reads early answers does: until the server's answer arrives (or the server
   * goes). Without the close this would run until the test's time limit, the server reading forever.
   */
  async function sendUntilAnswered(connection: RawConnection, chunk: () => void): Promise<void> {
    let gone = false;
    void connection.serverGone.then(() => (gone = true));
    while (!gone && connection.received() === '') {
      chunk();
      if (connection.socket.writableNeedDrain) {
        await Promise.race([new Promise((resolve) => connection.socket.once('drain', resolve)), connection.serverGone]);
      } else {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await connection.serverGone;
    // What it had not sent yet can never leave: drop it rather than keep the server lingering.
    connection.socket.destroy();
  }

  for (const kind of KINDS) {
    it(`${kind} handler: 413 with Connection: close to a chunked body that never ends`, LIMIT, async () => {
      const log = new EventLog<HandlerEvent>();
      const url = await mountNode(handlerOf(kind, log));
      const connection = await openRaw(url);
      connection.socket.write(requestHead(url, { ...JSON_HEAD, 'Transfer-Encoding': 'chunked' }));
      const piece = ' '.repeat(64 * 1024);
      await sendUntilAnswered(connection, () => writeChunk(connection, piece));
      const answer = parseRaw(connection.received());
      assert.equal(answer.status, 413);
      assert.equal(answer.headers.connection, 'close');
      assert.equal((answer.json as { error: { code: string } }).error.code, 'payload-too-large');
      assert.deepEqual(
        (await log.waitFor(1)).map((event) => event.code),
        ['payload-too-large'],
      );
    });
  }

  it('token handler: 413 with Connection: close to a declared 1 GB body, from its Content-Length', LIMIT, async () => {
    const log = new EventLog<HandlerEvent>();
    const url = await mountNode(handlerOf('token', log));
    const connection = await openRaw(url);
    connection.socket.write(requestHead(url, { ...JSON_HEAD, 'Content-Length': String(2 ** 30) }));
    const piece = ' '.repeat(64 * 1024);
    await sendUntilAnswered(connection, () => connection.socket.write(piece));
    const answer = parseRaw(connection.received());
    assert.equal(answer.status, 413);
    assert.equal(answer.headers.connection, 'close');
  });
});
