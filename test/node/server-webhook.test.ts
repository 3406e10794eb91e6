// createWebhookHandler mounted with toNodeListener on a real node:http server (and under Express, and as a plain
// Fetch handler): every status and code, HTTP Basic refused in every malformed or wrong form without onResult ever
// running, the verify hook on the exact raw bytes, the body limits, the documented bodies mapped, deliveryKey for a
// repeated delivery, and a scan of every answer and event for credentials and personal data.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { after, afterEach, describe, it } from 'node:test';
import express from 'express';
import {
  createWebhookHandler,
  toNodeListener,
  type WebhookEvent,
  type WebhookHandlerOptions,
  type WebhookResult,
} from '../../src/server/index.js';
import { documentedCallback } from '../fixtures/veratad-documented.mjs';
import { listen, stop } from './fake-veratad.js';
import {
  IMAGE,
  LIMIT,
  PERSONAL_DATA,
  assertNoneOf,
  assertSafeHeaders,
  chunked,
  eventText,
  mount,
  padded,
  send,
  unmountAll,
  type Answer,
  type Send,
} from './server-kit.js';

const HOOK_USER = 'veratad-hook-Jx3-do-not-leak';
const HOOK_PASS = 'hook-pass-P0q!:-do-not-leak';
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const GOOD = basic(HOOK_USER, HOOK_PASS);
const CHALLENGE = 'Basic realm="veratad-webhook"';
const TEN_MIB = 10 * 1024 * 1024;

/** The newer platform's additions: only their key names are documented; the inner shapes here are ours. */
function newerPlatformCallback() {
  return {
    ...documentedCallback(),
    status: 'pass',
    request_id: '5b7f3c1e-2d4a-4e8b-9f60-1a2b3c4d5e6f',
    journey: { stops: [{ component: 'DCAMS', status: 'PASS' }], duration: 93 },
    dcams_plus: { ...documentedCallback().dcams_plus, output: { front: IMAGE } },
    documents: [{ side: 'front', image: IMAGE }],
  };
}

const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

/** Everything answered and logged in this file, scanned at the end. */
const answered: Answer[] = [];
const logged: WebhookEvent[] = [];

interface Hook {
  url: string;
  results: WebhookResult[];
  requests: Request[];
  events: WebhookEvent[];
}

function hookOptions(hook: Omit<Hook, 'url'>, options: Partial<WebhookHandlerOptions>): WebhookHandlerOptions {
  return {
    username: HOOK_USER,
    password: HOOK_PASS,
    onResult(result, request) {
      hook.results.push(result);
      hook.requests.push(request);
    },
    ...options,
    onEvent(event) {
      hook.events.push(event);
      logged.push(event);
    },
  };
}

async function startHook(options: Partial<WebhookHandlerOptions> = {}): Promise<Hook> {
  const hook = { results: [], requests: [], events: [] };
  const url = await mount(createWebhookHandler(hookOptions(hook, options)), '/webhooks/veratad');
  return { ...hook, url };
}

/** Delivers `request` with the right credentials unless told otherwise (`headers.Authorization: ''` sends none). */
async function deliver(url: string, request: Send = {}): Promise<Answer> {
  const headers: Record<string, string> = { Authorization: GOOD, ...request.headers };
  if (headers.Authorization === '') delete headers.Authorization;
  const answer = await send(url, { body: JSON.stringify(documentedCallback()), ...request, headers });
  answered.push(answer);
  assertSafeHeaders(answer, `${request.method ?? 'POST'} → ${answer.status}`);
  return answer;
}

function assertCode(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.deepEqual(answer.json, { error: { code } });
}

describe('createWebhookHandler over real HTTP (toNodeListener on node:http)', () => {
  afterEach(unmountAll);
  after(unmountAll);

  describe('200', () => {
    it('answers {"received":true} and hands onResult the documented body, mapped', LIMIT, async () => {
      const hook = await startHook();
      const text = JSON.stringify(documentedCallback());
      const answer = await deliver(hook.url, { body: text });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json, { received: true });
      assert.deepEqual(hook.results, [
        {
          status: 'PENDING',
          verified: false,
          email: 'test15847@example.com',
          reference: '12344',
          confirmation: '93239228',
          person: {
            fn: 'TIM',
            ln: 'SMITH',
            addr: '123 MAIN ST',
            city: 'STRATFORD',
            state: 'CT',
            zip: '06614',
            dob: '19870203',
            email: 'test15847@example.com',
            reference: '12344',
          },
          document: {
            confirmation: '93239228',
            action: 'PENDING',
            detail: 'MORE INFORMATION IS REQUIRED',
            issues: ['LAST NAME DOES NOT MATCH DOCUMENT', 'DOB DOES NOT MATCH DOCUMENT'],
          },
          additionalData: { value_1: '...', value_2: '...' },
          deliveryKey: sha256(text),
          raw: documentedCallback(),
        },
      ]);
      assert.deepEqual(
        hook.events.map((event) => Object.keys(event).sort()),
        [['code', 'durationMs', 'handlerMs', 'status']],
      );
      assert.deepEqual([hook.events[0].code, hook.events[0].status], ['ok', 200]);
    });

    it("keeps the newer platform's journey, documents and images in raw only", LIMIT, async () => {
      const hook = await startHook();
      await deliver(hook.url, { body: JSON.stringify(newerPlatformCallback()) });
      const [result] = hook.results;
      assert.equal(result.requestId, '5b7f3c1e-2d4a-4e8b-9f60-1a2b3c4d5e6f');
      assert.equal(result.status, 'PASS');
      assert.equal(result.verified, true);
      assert.deepEqual(result.raw, newerPlatformCallback());
      const { raw: _raw, ...mapped } = result;
      assertNoneOf(JSON.stringify(mapped), [IMAGE, 'journey', 'documents', 'output'], 'the mapped result');
    });

    it('is verified only for PASS, in any case, and has status "" when the delivery carries none', LIMIT, async () => {
      const hook = await startHook();
      const cases: [unknown, string, boolean][] = [
        ['PASS', 'PASS', true],
        [' pass ', 'PASS', true],
        ['FAIL', 'FAIL', false],
        ['PENDING', 'PENDING', false],
        ['PASSED', 'PASSED', false],
        [null, '', false],
        [undefined, '', false],
      ];
      for (const [sent, status, verified] of cases) {
        await deliver(hook.url, { body: JSON.stringify({ reference: 'order-1', status: sent }) });
        const result = hook.results.at(-1)!;
        assert.deepEqual([result.status, result.verified], [status, verified], JSON.stringify(sent));
      }
    });

    it('accepts a body tied by any one of email, reference or request_id', LIMIT, async () => {
      const hook = await startHook();
      for (const body of [{ email: 'a@example.com' }, { reference: 42 }, { request_id: 'r-1' }]) {
        assert.equal((await deliver(hook.url, { body: JSON.stringify({ ...body, status: 'PASS' }) })).status, 200);
      }
      assert.deepEqual(
        hook.results.map((r) => [r.email, r.reference, r.requestId]),
        [
          ['a@example.com', undefined, undefined],
          [undefined, '42', undefined],
          [undefined, undefined, 'r-1'],
        ],
      );
    });

    it('answers only after onResult settles', LIMIT, async () => {
      const order: string[] = [];
      let called!: () => void;
      const reached = new Promise<void>((resolve) => (called = resolve));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const hook = await startHook({
        onResult: async () => {
          called();
          await gate;
          order.push('onResult settled');
        },
      });
      const pending = deliver(hook.url).then((answer) => {
        order.push('answered');
        return answer;
      });
      await reached;
      order.push('released');
      release();
      assert.equal((await pending).status, 200);
      assert.deepEqual(order, ['released', 'onResult settled', 'answered']);
    });

    it("hands onResult the request with Veratad's headers and a body it can read", LIMIT, async () => {
      const hook = await startHook();
      const body = JSON.stringify(documentedCallback());
      await deliver(hook.url, { body, headers: { 'X-Delivery': 'd-1' } });
      const [request] = hook.requests;
      assert.equal(request.method, 'POST');
      assert.equal(request.headers.get('x-delivery'), 'd-1');
      assert.equal(new URL(request.url).pathname, '/webhooks/veratad');
      assert.equal(await request.text(), body);
    });
  });

  describe('deliveryKey', () => {
    it('is the same for a repeated delivery and the SHA-256 of the raw bytes', LIMIT, async () => {
      const hook = await startHook();
      const text = JSON.stringify(newerPlatformCallback());
      await deliver(hook.url, { body: text });
      await deliver(hook.url, { body: chunked(text) });
      const [first, second] = hook.results;
      assert.equal(first.deliveryKey, second.deliveryKey);
      assert.equal(first.deliveryKey, sha256(text));
      assert.match(first.deliveryKey, /^[0-9a-f]{64}$/);
    });

    it('differs for another body, even one that parses to the same JSON', LIMIT, async () => {
      const hook = await startHook();
      const body = documentedCallback();
      await deliver(hook.url, { body: JSON.stringify(body) });
      await deliver(hook.url, { body: JSON.stringify(body, null, 2) });
      await deliver(hook.url, { body: JSON.stringify({ ...body, status: 'PASS' }) });
      const keys = hook.results.map((result) => result.deliveryKey);
      assert.equal(new Set(keys).size, 3);
    });
  });

  describe('401: authentication', () => {
    const wrong: [string, string | undefined][] = [
      ['no Authorization header', ''],
      ['the wrong password', basic(HOOK_USER, 'hook-pass-wrong')],
      ['the wrong user with the right password', basic('someone-else', HOOK_PASS)],
      ['the right user with an empty password', basic(HOOK_USER, '')],
      ['an empty user and password', basic('', '')],
      ['a password one character short', basic(HOOK_USER, HOOK_PASS.slice(0, -1))],
      ['a password one character long', basic(HOOK_USER, `${HOOK_PASS}x`)],
      ['a much longer password', basic(HOOK_USER, HOOK_PASS.repeat(20))],
      ['the user and password swapped', basic(HOOK_PASS, HOOK_USER)],
      ['"Basic" with nothing after it', 'Basic'],
      ['"Basic " and a space', 'Basic '],
      ['a value that is not base64', 'Basic !!not-base64!!'],
      ['base64 without a colon', `Basic ${Buffer.from(`${HOOK_USER}${HOOK_PASS}`).toString('base64')}`],
      ['base64 that is not UTF-8', `Basic ${Buffer.from([0xff, 0x3a, 0xfe]).toString('base64')}`],
      ['the right pair under another scheme', GOOD.replace('Basic', 'Bearer')],
      ['the right pair, unencoded', `Basic ${HOOK_USER}:${HOOK_PASS}`],
      ['the right pair followed by more', `${GOOD} ${GOOD}`],
    ];
    for (const [name, authorization] of wrong) {
      it(`answers 401 with the Basic challenge to ${name}, and never calls onResult`, LIMIT, async () => {
        const hook = await startHook();
        const answer = await deliver(hook.url, { headers: { Authorization: authorization ?? '' } });
        assertCode(answer, 401, 'unauthenticated');
        assert.equal(answer.headers.get('www-authenticate'), CHALLENGE);
        assert.deepEqual(hook.results, []);
        assert.deepEqual(
          hook.events.map((event) => [event.code, event.status, 'handlerMs' in event]),
          [['unauthenticated', 401, false]],
        );
      });
    }

    it('accepts the scheme name in any case', LIMIT, async () => {
      const hook = await startHook();
      assert.equal(
        (await deliver(hook.url, { headers: { Authorization: GOOD.replace('Basic', 'basic') } })).status,
        200,
      );
    });

    it('answers 401 from the headers alone, before the body has even ended', LIMIT, async () => {
      const hook = await startHook();
      const sender = new AbortController();
      // A body that never ends: only an answer given without reading it can arrive.
      const endless = () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"email":"'));
          },
        });
      try {
        const answer = await send(hook.url, { body: endless, headers: {}, signal: sender.signal });
        assertCode(answer, 401, 'unauthenticated');
      } finally {
        sender.abort();
      }
      assert.deepEqual(hook.results, []);
    });
  });

  describe('the verify hook', () => {
    it('gets the exact raw bytes and the request, and accepts only true', LIMIT, async () => {
      const seen: { bytes: Uint8Array; signature: string | null }[] = [];
      const hook = await startHook({
        username: undefined,
        password: undefined,
        verify: (request, rawBody) => {
          seen.push({ bytes: rawBody, signature: request.headers.get('x-signature') });
          return request.headers.get('x-signature') === sha256(rawBody);
        },
      });
      const bytes = new TextEncoder().encode(`  ${JSON.stringify(newerPlatformCallback())}\n`);
      const answer = await deliver(hook.url, {
        headers: { Authorization: '', 'X-Signature': sha256(bytes) },
        body: bytes.slice(),
      });
      assert.equal(answer.status, 200, answer.text);
      assert.ok(seen[0].bytes instanceof Uint8Array);
      assert.deepEqual(Buffer.from(seen[0].bytes), Buffer.from(bytes));
      const refused = await deliver(hook.url, { headers: { Authorization: '', 'X-Signature': 'f'.repeat(64) } });
      assertCode(refused, 401, 'unauthenticated');
      assert.equal(refused.headers.get('www-authenticate'), CHALLENGE);
      assert.equal(hook.results.length, 1);
    });

    for (const [name, value] of [
      ['false', false],
      ['the string "true"', 'true'],
      ['1', 1],
      ['undefined', undefined],
    ] as const) {
      it(`answers 401 when verify returns ${name}`, LIMIT, async () => {
        const hook = await startHook({ verify: async () => value as unknown as boolean });
        assertCode(await deliver(hook.url), 401, 'unauthenticated');
        assert.deepEqual(hook.results, []);
      });
    }

    it("tells verify the sender's address under toNodeListener, for an IP check", LIMIT, async () => {
      const seen: (string | undefined)[] = [];
      const onlyFrom = (allowed: string) => () =>
        startHook({
          username: undefined,
          password: undefined,
          verify: (_request, _rawBody, peer) => {
            seen.push(peer.remoteAddress);
            return peer.remoteAddress === allowed;
          },
        });
      const local = await onlyFrom('127.0.0.1')();
      assert.equal((await deliver(local.url, { headers: { Authorization: '' } })).status, 200);
      const elsewhere = await onlyFrom('203.0.113.7')();
      const refused = await deliver(elsewhere.url, {
        headers: { Authorization: '', 'X-Forwarded-For': '203.0.113.7' },
      });
      assertCode(refused, 401, 'unauthenticated');
      assert.deepEqual(seen, ['127.0.0.1', '127.0.0.1']);
    });

    it('needs both checks to pass when username, password and verify are all given', LIMIT, async () => {
      let allow = false;
      const hook = await startHook({ verify: () => allow });
      assertCode(await deliver(hook.url), 401, 'unauthenticated');
      allow = true;
      assertCode(
        await deliver(hook.url, { headers: { Authorization: basic(HOOK_USER, 'nope') } }),
        401,
        'unauthenticated',
      );
      assert.equal((await deliver(hook.url)).status, 200);
      assert.equal(hook.results.length, 1);
    });

    it('answers 500 internal-error when verify throws, with what it threw as the cause', LIMIT, async () => {
      const thrown = new Error('key store down');
      const hook = await startHook({
        verify: () => {
          throw thrown;
        },
      });
      assertCode(await deliver(hook.url), 500, 'internal-error');
      assert.deepEqual(hook.results, []);
      assert.equal(hook.events[0].cause, thrown);
    });
  });

  describe('405, 413, 415, 400 and 500', () => {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      it(`answers 405 with Allow: POST to ${method}`, LIMIT, async () => {
        const hook = await startHook();
        const answer = await deliver(hook.url, { method });
        assertCode(answer, 405, 'method-not-allowed');
        assert.equal(answer.headers.get('allow'), 'POST');
      });
    }

    it('lets exactly maxBodyBytes through and answers 413 one byte past it, declared and chunked', LIMIT, async () => {
      const hook = await startHook({ maxBodyBytes: 2048 });
      const at = padded(2048, documentedCallback());
      const past = padded(2049, documentedCallback());
      assert.equal((await deliver(hook.url, { body: at })).status, 200);
      assert.equal((await deliver(hook.url, { body: chunked(at) })).status, 200);
      assertCode(await deliver(hook.url, { body: past }), 413, 'payload-too-large');
      assertCode(await deliver(hook.url, { body: chunked(past) }), 413, 'payload-too-large');
      assert.equal(hook.results.length, 2);
    });

    it(
      'accepts 10 MiB by default and answers 413 one byte past it, declared and chunked',
      { timeout: 20_000 },
      async () => {
        const hook = await startHook();
        const at = padded(TEN_MIB, documentedCallback());
        const past = padded(TEN_MIB + 1, documentedCallback());
        assert.equal((await deliver(hook.url, { body: at })).status, 200);
        assert.equal((await deliver(hook.url, { body: chunked(at) })).status, 200);
        assertCode(await deliver(hook.url, { body: past }), 413, 'payload-too-large');
        assertCode(await deliver(hook.url, { body: chunked(past) }), 413, 'payload-too-large');
        assert.equal(hook.results.length, 2);
        assert.equal(hook.results[0].deliveryKey, sha256(at));
      },
    );

    for (const contentType of [null, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
      it(`answers 415 to ${contentType ?? 'no Content-Type'}`, LIMIT, async () => {
        const hook = await startHook();
        const body = new TextEncoder().encode(JSON.stringify(documentedCallback()));
        assertCode(await deliver(hook.url, { contentType, body }), 415, 'unsupported-media-type');
        assert.deepEqual(hook.results, []);
      });
    }

    const bad: [string, string | Uint8Array<ArrayBuffer>][] = [
      ['a body that is not JSON', 'status=PASS&email=x'],
      ['an empty body', ''],
      ['a body that is not UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
      ['a JSON array', JSON.stringify([documentedCallback()])],
      ['JSON null', 'null'],
      ['a JSON string', '"PASS"'],
      ['a JSON number', '1'],
      ['an object with none of email, reference and request_id', '{"status":"PASS","fn":"TIM"}'],
      ['an object whose email, reference and request_id are empty or null', '{"email":"","reference":null}'],
      ['a documented field of the wrong type', JSON.stringify({ ...documentedCallback(), ln: ['SMITH'] })],
      ['a status that is not a string', JSON.stringify({ ...documentedCallback(), status: true })],
    ];
    for (const [name, body] of bad) {
      it(`answers 400 invalid-request to ${name}`, LIMIT, async () => {
        const hook = await startHook();
        assertCode(await deliver(hook.url, { body }), 400, 'invalid-request');
        assert.deepEqual(hook.results, []);
      });
    }

    for (const [name, onResult] of [
      [
        'throws',
        () => {
          throw new Error('database down');
        },
      ],
      ['rejects', () => Promise.reject(new Error('database down'))],
    ] as const) {
      it(
        `answers 500 {"error":{"code":"handler-failed"}} when onResult ${name}, so Veratad can deliver again`,
        LIMIT,
        async () => {
          const hook = await startHook({ onResult });
          const answer = await deliver(hook.url);
          assertCode(answer, 500, 'handler-failed');
          assert.equal(answer.text, '{"error":{"code":"handler-failed"}}');
          const [event] = hook.events;
          assert.deepEqual([event.code, event.status, typeof event.handlerMs], ['handler-failed', 500, 'number']);
          assert.ok(event.cause instanceof Error && event.cause.message === 'database down');
        },
      );
    }
  });

  describe('under Express and as a plain Fetch handler', () => {
    const servers: Server[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map(stop));
    });

    async function expressApp(parser: 'json' | 'raw' | 'none', hook: Omit<Hook, 'url'>) {
      const app = express();
      if (parser === 'json') app.use(express.json());
      if (parser === 'raw') app.use('/webhooks/veratad', express.raw({ type: 'application/json', limit: '10mb' }));
      app.post('/webhooks/veratad', toNodeListener(createWebhookHandler(hookOptions(hook, {}))));
      const server = app.listen(0, '127.0.0.1');
      servers.push(server);
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const { port } = server.address() as { port: number };
      return `http://127.0.0.1:${port}/webhooks/veratad`;
    }

    it('reads the raw body itself, or from express.raw(), with the same deliveryKey', LIMIT, async () => {
      const text = JSON.stringify(newerPlatformCallback());
      const keys: string[] = [];
      for (const parser of ['none', 'raw'] as const) {
        const hook = { results: [] as WebhookResult[], requests: [], events: [] };
        const url = await expressApp(parser, hook);
        assert.equal((await deliver(url, { body: text })).status, 200, parser);
        keys.push(hook.results[0].deliveryKey);
      }
      assert.deepEqual(keys, [sha256(text), sha256(text)]);
    });

    it(
      'answers 500 after express.json(), whose parsing lost the exact bytes, and says why in onEvent',
      LIMIT,
      async () => {
        const hook = { results: [] as WebhookResult[], requests: [], events: [] as WebhookEvent[] };
        const url = await expressApp('json', hook);
        const answer = await deliver(url);
        assertCode(answer, 500, 'internal-error');
        assert.deepEqual(hook.results, []);
        const cause = hook.events[0].cause;
        assert.ok(cause instanceof Error);
        assert.match(cause.message, /express\.raw/);
      },
    );

    it('answers a Request directly, as on a Fetch runtime', LIMIT, async () => {
      const hook = { results: [] as WebhookResult[], requests: [], events: [] };
      const handler = createWebhookHandler(hookOptions(hook, {}));
      const text = JSON.stringify(documentedCallback());
      const request = (authorization: string) =>
        new Request('https://shop.example/webhooks/veratad', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: authorization },
          body: text,
        });
      const refused = await handler(request(basic(HOOK_USER, 'x')));
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('www-authenticate'), CHALLENGE);
      const accepted = await handler(request(GOOD));
      assert.equal(accepted.status, 200);
      assert.deepEqual(await accepted.json(), { received: true });
      assert.equal(hook.results[0].deliveryKey, sha256(text));
    });

    it('runs on plain node:http without a framework too', LIMIT, async () => {
      const hook = { results: [] as WebhookResult[], requests: [], events: [] };
      const listener = toNodeListener(createWebhookHandler(hookOptions(hook, {})));
      const { createServer } = await import('node:http');
      const server = createServer((req, res) => void listener(req, res));
      servers.push(server);
      const url = `${await listen(server)}/hook`;
      assert.equal((await deliver(url)).status, 200);
      assert.equal(hook.results.length, 1);
    });
  });

  describe('creation', () => {
    it('throws a TypeError without a way to authenticate, and for malformed options, naming no value', LIMIT, () => {
      const onResult = () => {};
      const cases: [unknown, RegExp][] = [
        [undefined, /options are required/],
        [{ onResult }, /`username` \+ `password` \(HTTP Basic\) or `verify` is required/],
        [{ username: HOOK_USER, onResult }, /`username` and `password`/],
        [{ password: HOOK_PASS, onResult }, /`username` and `password`/],
        [{ username: '', password: HOOK_PASS, onResult }, /`username` and `password`/],
        [{ username: HOOK_USER, password: '', onResult }, /`username` and `password`/],
        [{ username: `a:${HOOK_USER}`, password: HOOK_PASS, onResult }, /`username` may not contain ":"/],
        [{ verify: 'yes', onResult }, /`verify` must be a function/],
        [{ username: HOOK_USER, password: HOOK_PASS }, /`onResult`/],
        [{ username: HOOK_USER, password: HOOK_PASS, onResult, maxBodyBytes: 0 }, /`maxBodyBytes`/],
        [{ username: HOOK_USER, password: HOOK_PASS, onResult, maxBodyBytes: 10.5 }, /`maxBodyBytes`/],
        [{ username: HOOK_USER, password: HOOK_PASS, onResult, onEvent: 'log' }, /`onEvent`/],
      ];
      for (const [options, message] of cases) {
        assert.throws(
          () => createWebhookHandler(options as WebhookHandlerOptions),
          (error: unknown) => {
            assert.ok(error instanceof TypeError);
            assert.match(error.message, /^createWebhookHandler: /);
            assert.match(error.message, message);
            assertNoneOf(`${error.message} ${error.stack}`, [HOOK_USER, HOOK_PASS], 'the TypeError');
            return true;
          },
        );
      }
      assert.equal(typeof createWebhookHandler({ verify: () => true, onResult }), 'function');
    });
  });

  describe('scan', () => {
    it('covers every status and code of the receiver', LIMIT, () => {
      assert.deepEqual(
        [...new Set(answered.map((answer) => answer.status))].sort((a, b) => a - b),
        [200, 400, 401, 405, 413, 415, 500],
      );
      assert.deepEqual([...new Set(logged.map((event) => event.code))].sort(), [
        'handler-failed',
        'internal-error',
        'invalid-request',
        'method-not-allowed',
        'ok',
        'payload-too-large',
        'unauthenticated',
        'unsupported-media-type',
      ]);
    });

    it('never puts a credential, personal data or an image in an answer or an onEvent line', LIMIT, () => {
      const forbidden = [HOOK_USER, HOOK_PASS, ...PERSONAL_DATA, IMAGE];
      for (const answer of answered) {
        assertNoneOf(answer.text, forbidden, `a ${answer.status} answer`);
        answer.headers.forEach((value, name) => assertNoneOf(`${name}: ${value}`, forbidden, 'a header'));
      }
      const types: Record<string, string> = {
        code: 'string',
        status: 'number',
        durationMs: 'number',
        handlerMs: 'number',
      };
      for (const event of logged) {
        const { cause: _cause, ...fields } = event;
        for (const [key, value] of Object.entries(fields)) assert.equal(typeof value, types[key], key);
        assertNoneOf(eventText(event), forbidden, 'an event');
      }
    });
  });
});
