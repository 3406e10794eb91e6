// A caller that goes away while its body is still arriving is logged as `client-closed` (499) by all three
// handlers, never as a 500: under toNodeListener (a socket closed mid-body, before or while the handler reads it)
// and as a Fetch handler (a body stream that errors, or a request whose signal aborts while its body is pending).
// Each case runs many times, so a result that depended on which of the close events came first would show.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  createStatusHandler,
  createTokenHandler,
  createWebhookHandler,
  toNodeListener,
  type FetchHandler,
  type HandlerEvent,
} from '../../src/server/index.js';
import { listen, startFakeVeratad, stop, type FakeVeratad } from './fake-veratad.js';
import { EventLog, LONG_LIMIT, openRaw, requestHead } from './server-kit.js';

const ROUNDS = 40;
const PARTIAL = '{"journey_id":';
const KINDS = ['token', 'status', 'webhook'] as const;
type Kind = (typeof KINDS)[number];

let fake: FakeVeratad;
before(async () => (fake = await startFakeVeratad()));
after(() => fake.close());

function handlerOf(kind: Kind, log: EventLog<HandlerEvent>): FetchHandler {
  const onEvent = log.push;
  if (kind === 'token') return createTokenHandler({ user: 'u-cc', pass: 'p-cc', endpoint: fake.tokenUrl, onEvent });
  if (kind === 'status') {
    const identify = () => ({ email: 'someone@example.com' });
    return createStatusHandler({ user: 'u-cc', pass: 'p-cc', endpoint: fake.userStatusUrl, identify, onEvent });
  }
  return createWebhookHandler({ verify: () => true, onResult: () => {}, onEvent });
}

function assertAllClientClosed(events: HandlerEvent[], label: string): void {
  const seen = events.map((event) => `${event.code} ${event.status}`);
  assert.deepEqual(seen, Array<string>(seen.length).fill('client-closed 499'), label);
  assert.equal(fake.requests.length, 0, 'Veratad is never called for a body that did not arrive');
}

describe('a caller that leaves mid-body is client-closed (499), never internal-error', () => {
  for (const kind of KINDS) {
    it(`${kind} handler under toNodeListener: a socket closed mid-body, ${ROUNDS} times`, LONG_LIMIT, async () => {
      const log = new EventLog<HandlerEvent>();
      const listener = toNodeListener(handlerOf(kind, log));
      let arrived = () => {};
      const server = createServer((req, res) => {
        arrived();
        void listener(req, res);
      });
      const url = `${await listen(server)}/endpoint`;
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const connection = await openRaw(url);
          const reached = new Promise<void>((resolve) => (arrived = resolve));
          const head = { 'Content-Type': 'application/json', 'Content-Length': '100' };
          connection.socket.write(requestHead(url, head) + PARTIAL);
          await reached;
          // Half the rounds close at once, before the handler has read anything; the others a turn later.
          if (round % 2) await new Promise((resolve) => setImmediate(resolve));
          connection.socket.destroy();
          await log.waitFor(round + 1);
        }
        assertAllClientClosed(log.events, kind);
      } finally {
        await stop(server);
      }
    });

    it(`${kind} handler on a Fetch runtime: a body stream that errors, ${ROUNDS} times`, LONG_LIMIT, async () => {
      const log = new EventLog<HandlerEvent>();
      const handler = handlerOf(kind, log);
      for (let round = 0; round < ROUNDS; round++) {
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(new TextEncoder().encode(PARTIAL)),
          pull: (controller) => controller.error(new Error('the connection was reset')),
        });
        const request = new Request('http://127.0.0.1/endpoint', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit);
        const response = await handler(request);
        assert.equal(response.status, 499);
      }
      assertAllClientClosed(await log.waitFor(ROUNDS), kind);
    });

    it(
      `${kind} handler on a Fetch runtime: the request's signal aborts while its body is pending`,
      LONG_LIMIT,
      async () => {
        const log = new EventLog<HandlerEvent>();
        const handler = handlerOf(kind, log);
        for (let round = 0; round < ROUNDS; round++) {
          const caller = new AbortController();
          const body = new ReadableStream<Uint8Array>({
            start: (controller) => controller.enqueue(new TextEncoder().encode(PARTIAL)),
            // The rest never comes: only the abort can end this request.
            pull: () => new Promise(() => {}),
          });
          const request = new Request('http://127.0.0.1/endpoint', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
            duplex: 'half',
            signal: caller.signal,
          } as RequestInit);
          const answered = handler(request);
          if (round % 2) await new Promise((resolve) => setImmediate(resolve));
          caller.abort();
          assert.equal((await answered).status, 499);
        }
        assertAllClientClosed(await log.waitFor(ROUNDS), kind);
      },
    );
  }
});
