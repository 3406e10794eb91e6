// createStatusHandler mounted with toNodeListener on a real node:http server, against the fake Veratad on another
// port: every status and code, the body limits, the email taken from the session and never from the body, the
// answer limited to found/status/verified, and a scan of every answer and event for credentials and personal data.
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import { createStatusHandler, type StatusHandlerEvent, type StatusHandlerOptions } from '../../src/server/index.js';
import { closedPortUrl, documented, startFakeVeratad, type FakeBehaviour, type FakeVeratad } from './fake-veratad.js';
import {
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

const USER = 'confirm-user-Wd52-do-not-leak';
const PASS = 'confirm-pass-#t9Vq-do-not-leak';
/** The signed-in user's email: the documented example's, so Veratad's answer is full of personal data. */
const SESSION_EMAIL = 'test15847@example.com';
const OTHER_EMAIL = 'mallory-4410@example.com';
const LISTED = 'https://shop.example';
const SIGNED_IN = { Cookie: 'theme=dark; sid=s-1' };
const TIMEOUT_MS = 200;

const ALL_CODES = [
  'forbidden-origin',
  'internal-error',
  'invalid-request',
  'method-not-allowed',
  'payload-too-large',
  'unauthenticated',
  'unsupported-media-type',
  'upstream-invalid',
  'upstream-rejected',
  'upstream-timeout',
  'upstream-unauthorized',
  'upstream-unreachable',
];
const ALL_STATUSES = [200, 204, 400, 401, 403, 405, 413, 415, 500, 502, 504];

/** Everything answered and logged in this file, scanned at the end. */
const answered: Answer[] = [];
const logged: StatusHandlerEvent[] = [];

/** The signed-in user of the `sid` cookie, as a host's session store would give it. */
function sessionUser(request: Request): { email: string } | null {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return sid === 's-1' ? { email: SESSION_EMAIL } : null;
}

function assertError(answer: Answer, status: number, code: string, message?: string | RegExp): void {
  assert.equal(answer.status, status, answer.text);
  assert.deepEqual(Object.keys(answer.json ?? {}), ['error']);
  const error = answer.json?.error as { code: string; message: string };
  // Veratad's refusals are final: the answer says so, and the element then neither retries nor offers "Try again".
  const final = code === 'upstream-unauthorized' || code === 'upstream-rejected';
  assert.deepEqual(Object.keys(error), final ? ['code', 'message', 'retryable'] : ['code', 'message']);
  if (final) assert.equal((error as { retryable?: unknown }).retryable, false);
  assert.equal(error.code, code);
  assert.notEqual(error.message, '');
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
}

describe('createStatusHandler over real HTTP (toNodeListener on node:http, fake Veratad upstream)', () => {
  let fake: FakeVeratad;
  let closedUrl: string;

  async function start(options: Partial<StatusHandlerOptions> = {}) {
    const events: StatusHandlerEvent[] = [];
    const url = await mount(
      createStatusHandler({
        user: USER,
        pass: PASS,
        endpoint: fake.userStatusUrl,
        identify: sessionUser,
        ...options,
        onEvent(event) {
          events.push(event);
          logged.push(event);
        },
      }),
      '/api/veratad/status',
    );
    return { url, events };
  }

  async function post(url: string, request: Send = {}): Promise<Answer> {
    const answer = await send(url, { ...request, headers: { ...SIGNED_IN, ...request.headers } });
    answered.push(answer);
    assertSafeHeaders(answer, `${request.method ?? 'POST'} → ${answer.status}`);
    return answer;
  }

  before(async () => {
    closedUrl = await closedPortUrl('/user/status');
  });
  // A fake of its own per test: a request an earlier test gave up on at its deadline can never be counted here.
  beforeEach(async () => {
    fake = await startFakeVeratad();
    fake.users.set(SESSION_EMAIL, documented.userStatus());
  });
  afterEach(async () => {
    await unmountAll();
    await fake.close();
  });

  interface Scenario {
    name: string;
    options?: () => Partial<StatusHandlerOptions>;
    upstream?: () => FakeBehaviour;
    request?: Send;
    status: number;
    code?: string;
    message?: string | RegExp;
    /** Veratad's own message as `onEvent` gets it; absent when not given. */
    upstreamMessage?: string;
    body?: unknown;
  }

  const withOrigins = () => ({ allowedOrigins: [LISTED] });
  const identifyReturning = (value: unknown) => () => ({
    identify: (() => value) as unknown as StatusHandlerOptions['identify'],
  });
  const timeout = () => ({ timeoutMs: TIMEOUT_MS });

  const SCENARIOS: Scenario[] = [
    {
      name: "answers 200 with found, status and verified only, from Veratad's documented answer",
      status: 200,
      body: { found: true, status: 'PENDING', verified: false },
    },
    {
      name: 'answers 200 verified: true for a found PASS, whatever case Veratad used',
      upstream: () => ({ json: { ...documented.userStatus(), status: 'pass' } }),
      status: 200,
      body: { found: true, status: 'PASS', verified: true },
    },
    {
      name: 'answers 200 found: false, without a status, for an email Veratad does not know',
      upstream: () => ({ json: documented.userStatusUnknown }),
      status: 200,
      body: { found: false, verified: false },
    },
    {
      name: 'answers 204 to a preflight from a listed origin',
      options: withOrigins,
      request: { method: 'OPTIONS', headers: { Origin: LISTED } },
      status: 204,
    },
    {
      name: 'answers 400 invalid-request to a body that is not JSON',
      request: { body: 'email=x' },
      status: 400,
      code: 'invalid-request',
      message: /not valid JSON/,
    },
    {
      name: 'answers 400 invalid-request to an empty body',
      request: { body: '' },
      status: 400,
      code: 'invalid-request',
    },
    {
      name: 'answers 400 invalid-request to a JSON array',
      request: { body: '[]' },
      status: 400,
      code: 'invalid-request',
      message: /JSON object/,
    },
    {
      name: 'answers 400 invalid-request to a body that is not UTF-8',
      request: { body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) },
      status: 400,
      code: 'invalid-request',
    },
    {
      name: 'answers 401 unauthenticated when identify() finds nobody signed in (null)',
      request: { headers: { Cookie: 'sid=unknown' } },
      status: 401,
      code: 'unauthenticated',
    },
    {
      name: 'answers 401 unauthenticated when identify() returns undefined',
      options: identifyReturning(undefined),
      status: 401,
      code: 'unauthenticated',
    },
    {
      name: 'answers 403 forbidden-origin to an unlisted origin',
      options: withOrigins,
      request: { headers: { Origin: 'https://evil.example' } },
      status: 403,
      code: 'forbidden-origin',
    },
    {
      name: 'answers 403 forbidden-origin when Origin is missing and allowedOrigins is set',
      options: withOrigins,
      status: 403,
      code: 'forbidden-origin',
    },
    {
      name: 'answers 405 with Allow: POST to GET',
      request: { method: 'GET' },
      status: 405,
      code: 'method-not-allowed',
    },
    {
      name: 'answers 405 with Allow: POST to OPTIONS when allowedOrigins is not set',
      request: { method: 'OPTIONS', headers: { Origin: LISTED } },
      status: 405,
      code: 'method-not-allowed',
    },
    {
      name: 'answers 413 to a declared body of 4097 bytes',
      request: { body: padded(4097) },
      status: 413,
      code: 'payload-too-large',
      message: /4096 bytes/,
    },
    {
      name: 'answers 413 to a chunked body of 4097 bytes',
      request: { body: chunked(padded(4097)) },
      status: 413,
      code: 'payload-too-large',
    },
    {
      name: 'answers 415 to a body without Content-Type',
      request: { body: new TextEncoder().encode('{}'), contentType: null },
      status: 415,
      code: 'unsupported-media-type',
    },
    {
      name: 'answers 415 to text/plain (a "simple" cross-site form post)',
      request: { contentType: 'text/plain' },
      status: 415,
      code: 'unsupported-media-type',
    },
    {
      name: 'answers 500 internal-error when identify() throws, without its message',
      options: () => ({
        identify: () => {
          throw new Error('session store down: sess-7731');
        },
      }),
      status: 500,
      code: 'internal-error',
      message: 'The server could not tell who is signed in.',
    },
    {
      name: 'answers 500 internal-error when identify() rejects',
      options: () => ({ identify: () => Promise.reject(new Error('store down')) }),
      status: 500,
      code: 'internal-error',
    },
    {
      name: 'answers 500 internal-error when identify() returns an object without an email',
      options: identifyReturning({ id: 7 }),
      status: 500,
      code: 'internal-error',
      message: /identify\(\)/,
    },
    {
      name: 'answers 500 internal-error when identify() returns an empty email',
      options: identifyReturning({ email: '' }),
      status: 500,
      code: 'internal-error',
    },
    {
      name: 'answers 500 internal-error when identify() returns a string',
      options: identifyReturning(SESSION_EMAIL),
      status: 500,
      code: 'internal-error',
    },
    {
      name: "answers 502 upstream-unauthorized (never 401) to Veratad's documented 401, its message for onEvent only",
      upstream: () => ({ status: 401, json: documented.userStatusUnauthorized }),
      status: 502,
      code: 'upstream-unauthorized',
      upstreamMessage: documented.userStatusUnauthorized.message,
    },
    {
      name: "answers 502 upstream-rejected with a fixed message, and gives onEvent Veratad's documented 400 message",
      upstream: () => ({ status: 400, json: documented.userStatusRejected }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused the User Status lookup.',
      upstreamMessage: 'Missing a required input',
    },
    {
      name: "gives onEvent Veratad's message with the credentials and the user's email redacted, in any case or encoding",
      upstream: () => ({
        status: 400,
        json: {
          result: 'Error',
          message: `${SESSION_EMAIL.toUpperCase()}: ${USER}/${encodeURIComponent(PASS)} ${btoa(`${USER}:${PASS}`)}`,
        },
      }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused the User Status lookup.',
      upstreamMessage: '[redacted]: [redacted]/[redacted] [redacted]',
    },
    {
      name: 'answers 502 upstream-invalid to a 500 HTML page',
      upstream: () => ({ status: 500, text: '<h1>oops</h1>' }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to an answer without found',
      upstream: () => ({ json: { ...documented.userStatus(), found: undefined } }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to a redirect instead of following it',
      upstream: () => ({ redirect: `${fake.origin}/user/status/moved` }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-unreachable when nothing listens',
      options: () => ({ endpoint: closedUrl }),
      status: 502,
      code: 'upstream-unreachable',
    },
    {
      name: 'answers 502 upstream-unreachable when Veratad drops the connection',
      upstream: () => ({ destroy: true }),
      status: 502,
      code: 'upstream-unreachable',
    },
    {
      name: 'answers 504 upstream-timeout when User Status never answers',
      options: timeout,
      upstream: () => ({ hang: true }),
      status: 504,
      code: 'upstream-timeout',
    },
  ];

  describe('every status and code', () => {
    for (const scenario of SCENARIOS) {
      it(scenario.name, LIMIT, async () => {
        if (scenario.upstream) fake.onUserStatus(scenario.upstream());
        const { url, events } = await start(scenario.options?.() ?? {});
        const answer = await post(url, scenario.request);
        if (scenario.code) assertError(answer, scenario.status, scenario.code, scenario.message);
        else assert.equal(answer.status, scenario.status, answer.text);
        if (scenario.body !== undefined) {
          assert.deepEqual(answer.json, scenario.body);
          const keys = Object.keys(answer.json ?? {});
          assert.ok(
            keys.every((key) => ['found', 'status', 'verified'].includes(key)),
            `nothing else: ${keys.join()}`,
          );
        }
        if (scenario.status === 405) assert.equal(answer.headers.get('allow'), 'POST');
        const calledVeratad = scenario.status === 200 || scenario.status >= 502;
        const sent = scenario.options?.().endpoint === closedUrl ? 0 : calledVeratad ? 1 : 0;
        // A request given up on at the deadline may not have been read by the fake yet on a loaded machine.
        if (scenario.status === 504) assert.ok(fake.userStatusRequests().length <= sent, 'User Status calls');
        else assert.equal(fake.userStatusRequests().length, sent, 'User Status calls');
        assert.equal(events.length, 1, 'one onEvent per request');
        const [event] = events;
        assert.equal(event.code, scenario.code ?? (scenario.status === 204 ? 'preflight' : 'ok'));
        assert.equal(event.status, scenario.status);
        assert.equal(event.upstreamMessage, scenario.upstreamMessage);
        assert.equal('upstreamMs' in event, calledVeratad, 'upstreamMs only when Veratad was called');
      });
    }
  });

  describe('whose status is read', () => {
    it("sends the session's email to Veratad, and a body naming another email changes nothing", LIMIT, async () => {
      fake.users.set(OTHER_EMAIL, { ...documented.userStatus(), email: OTHER_EMAIL, status: 'PASS' });
      const { url } = await start();
      const plain = await post(url);
      const forged = await post(url, { body: JSON.stringify({ email: OTHER_EMAIL, user: 'x', found: true }) });
      assert.deepEqual(forged.json, plain.json);
      assert.deepEqual(forged.json, { found: true, status: 'PENDING', verified: false });
      assert.deepEqual(
        fake.userStatusRequests().map((request) => request.json),
        [
          { user: USER, pass: PASS, email: SESSION_EMAIL },
          { user: USER, pass: PASS, email: SESSION_EMAIL },
        ],
      );
    });

    it("hands identify() the browser's request, with its cookies and a body it can still read", LIMIT, async () => {
      let seen: { method: string; cookie: string | null; path: string; body: string } | undefined;
      const { url } = await start({
        identify: async (request) => {
          seen = {
            method: request.method,
            cookie: request.headers.get('cookie'),
            path: new URL(request.url).pathname,
            body: await request.text(),
          };
          return { email: SESSION_EMAIL };
        },
      });
      assert.equal((await post(url, { body: '{"step":"done"}' })).status, 200);
      assert.deepEqual(seen, {
        method: 'POST',
        cookie: SIGNED_IN.Cookie,
        path: '/api/veratad/status',
        body: '{"step":"done"}',
      });
    });

    it('never calls identify() or Veratad for a request that fails the checks', LIMIT, async () => {
      let identified = 0;
      const { url } = await start({
        identify: (request) => {
          identified++;
          return sessionUser(request);
        },
      });
      await post(url, { contentType: 'text/plain' });
      await post(url, { body: '[]' });
      await post(url, { method: 'GET' });
      assert.equal(identified, 0);
      await post(url, { headers: { Cookie: '' } });
      assert.equal(identified, 1);
      assert.equal(fake.requests.length, 0, 'no lookup without a signed-in user');
    });
  });

  describe('limits, CORS and the caller leaving', () => {
    it('lets exactly 4096 bytes through, declared and chunked', LIMIT, async () => {
      const { url } = await start();
      const body = padded(4096, { note: 'x' });
      assert.equal((await post(url, { body })).status, 200);
      assert.equal((await post(url, { body: chunked(body) })).status, 200);
    });

    it('answers a listed origin with its CORS headers', LIMIT, async () => {
      const { url } = await start(withOrigins());
      const answer = await post(url, { headers: { Origin: LISTED } });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('access-control-allow-origin'), LISTED);
      assert.equal(answer.headers.get('access-control-allow-credentials'), 'true');
      assert.equal(answer.headers.get('vary'), 'Origin');
    });

    it('grants a preflight Content-Type, Accept and allowedHeaders only, whatever it asks for', LIMIT, async () => {
      const plain = await start(withOrigins());
      const own = await start({ ...withOrigins(), allowedHeaders: ['X-CSRF-Token'] });
      for (const [url, granted] of [
        [plain.url, 'Content-Type, Accept'],
        [own.url, 'Content-Type, Accept, x-csrf-token'],
      ]) {
        const headers = {
          Origin: LISTED,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, set-cookie, x-csrf-token',
        };
        const answer = await post(url, { method: 'OPTIONS', headers });
        assert.equal(answer.status, 204);
        assert.equal(answer.headers.get('access-control-allow-headers'), granted);
      }
    });

    it('stops waiting on Veratad when the browser goes away, and logs client-closed', LIMIT, async () => {
      let arrived!: () => void;
      const upstream = new Promise<void>((resolve) => (arrived = resolve));
      fake.onUserStatus(() => {
        arrived();
        return { hang: true };
      });
      const { url, events } = await start(); // the default 10 s deadline: only the abort can end this
      const browser = new AbortController();
      const pending = send(url, { headers: SIGNED_IN, signal: browser.signal });
      await upstream;
      browser.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      await fake.userStatusRequests()[0].closed;
      while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual([events[0].code, events[0].status], ['client-closed', 499]);
    });
  });

  describe('as a plain Fetch handler and at creation', () => {
    it('answers a Request directly, as on a Fetch runtime', LIMIT, async () => {
      const handler = createStatusHandler({
        user: USER,
        pass: PASS,
        endpoint: fake.userStatusUrl,
        identify: sessionUser,
      });
      const request = new Request('https://shop.example/api/veratad/status', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...SIGNED_IN },
        body: JSON.stringify({ email: OTHER_EMAIL }),
      });
      const response = await handler(request);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { found: true, status: 'PENDING', verified: false });
      assert.equal((fake.userStatusRequests()[0].json as { email: string }).email, SESSION_EMAIL);
    });

    it('throws a TypeError naming the option, never a credential', LIMIT, () => {
      const cases: [unknown, RegExp][] = [
        [undefined, /options are required/],
        [{ pass: PASS, identify: sessionUser }, /`user` and `pass`/],
        [{ user: USER, identify: sessionUser }, /`user` and `pass`/],
        [{ user: USER, pass: PASS }, /`identify`/],
        [{ user: USER, pass: PASS, identify: 'me' }, /`identify`/],
        [{ user: USER, pass: PASS, identify: sessionUser, allowedOrigins: ['not an origin'] }, /`allowedOrigins`/],
        [{ user: USER, pass: PASS, identify: sessionUser, endpoint: '/user/status' }, /`endpoint`/],
        [{ user: USER, pass: PASS, identify: sessionUser, onEvent: 'log' }, /`onEvent`/],
      ];
      for (const [options, message] of cases) {
        assert.throws(
          () => createStatusHandler(options as StatusHandlerOptions),
          (error: unknown) => {
            assert.ok(error instanceof TypeError);
            assert.match(error.message, /^createStatusHandler: /);
            assert.match(error.message, message);
            assertNoneOf(`${error.message} ${error.stack}`, [USER, PASS], 'the TypeError');
            return true;
          },
        );
      }
    });

    it('gives onEvent the error identify() threw as the cause, and never the browser', LIMIT, async () => {
      const thrown = new Error('session store down');
      const { url, events } = await start({
        identify: () => {
          throw thrown;
        },
      });
      const answer = await post(url);
      assertError(answer, 500, 'internal-error');
      assert.ok(!answer.text.includes('session store down'));
      assert.equal(events[0].cause, thrown);
    });
  });

  describe('scan', () => {
    it('covers every status and every error code', LIMIT, () => {
      assert.deepEqual(
        [...new Set(answered.map((a) => a.status))].sort((a, b) => a - b),
        ALL_STATUSES,
      );
      const codes = new Set(logged.map((event) => event.code));
      for (const code of ALL_CODES) assert.ok(codes.has(code), code);
    });

    it('never puts a credential or personal data in an answer, its headers or an onEvent line', LIMIT, () => {
      const forbidden = [USER, PASS, ...PERSONAL_DATA, OTHER_EMAIL];
      for (const answer of answered) {
        assertNoneOf(answer.text, forbidden, `a ${answer.status} answer`);
        answer.headers.forEach((value, name) => assertNoneOf(`${name}: ${value}`, forbidden, 'a header'));
      }
      const types: Record<string, string> = {
        code: 'string',
        status: 'number',
        durationMs: 'number',
        upstreamMs: 'number',
        upstreamMessage: 'string',
      };
      for (const event of logged) {
        const { cause: _cause, ...fields } = event;
        for (const [key, value] of Object.entries(fields)) assert.equal(typeof value, types[key], `${key}`);
        assertNoneOf(eventText(event), forbidden, 'an event');
      }
    });
  });
});
