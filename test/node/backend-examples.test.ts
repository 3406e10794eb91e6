// The backend examples of docs/server.md (examples/*) run for real: the token examples against the VX simulator
// (node:http and Express over HTTP, the Next.js route and the worker with a direct Request), each getting a token and
// showing one failure path; the status endpoint against the fake Veratad's User Status, and the webhook receiver
// with deliveries over HTTP. The examples import `veratad-verify/server`, i.e. dist/server.js: run this after
// `npm run build`.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import type { TokenAnswer } from '../../src/server/index.js';
import { documentedCallback } from '../fixtures/veratad-documented.mjs';
import { documented, startFakeVeratad, type FakeVeratad } from './fake-veratad.js';

const USER = 'example-user-7d41';
const PASS = 'example-pass-c93e';
const TOKEN_PATH = '/api/veratad/token';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ENV_NAMES = [
  'VERATAD_USER',
  'VERATAD_PASS',
  'VERATAD_ENDPOINT',
  'VERATAD_LINK_ENDPOINT',
  'ALLOWED_ORIGINS',
  'VERATAD_STATUS_ENDPOINT',
  'VERATAD_WEBHOOK_USER',
  'VERATAD_WEBHOOK_PASS',
] as const;

type Env = Partial<Record<(typeof ENV_NAMES)[number], string>>;

interface NodeHttpExample {
  start(port?: number, host?: string): Promise<Server>;
  sessions: Map<string, { firstName: string; lastName: string; email?: string }>;
}
interface ExpressExample {
  start(port?: number, host?: string): Promise<Server>;
  createApp(options?: { jsonParser?: boolean }): { listen(port: number, host: string, callback: () => void): Server };
}
interface NextRouteExample {
  runtime: string;
  POST(request: Request): Promise<Response>;
}
interface StatusExample {
  start(port?: number, host?: string): Promise<Server>;
  sessions: Map<string, { email: string }>;
  isVerified(email: string): Promise<boolean>;
}
interface WebhookExample {
  start(port?: number, host?: string): Promise<Server>;
  store: {
    deliveries: Set<string>;
    orders: Map<string, { status: string; verified: boolean; confirmation?: string }>;
  };
}
interface WorkerExample {
  default: { fetch(request: Request, env: Record<string, string | undefined>): Promise<Response> };
}

/** Loads an example as a host would run it: its `veratad-verify/server` is the build in dist/. The path is computed so tsc does not follow it (.mjs examples carry no types). */
function example<T>(file: string): Promise<T> {
  return import(new URL(`../../examples/${file}`, import.meta.url).href) as Promise<T>;
}

/** Replaces the example variables in process.env (unset ones are deleted). */
function useEnv(env: Env): void {
  for (const name of ENV_NAMES) {
    if (env[name] === undefined) delete process.env[name];
    else process.env[name] = env[name];
  }
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown>;
}

async function read(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Left empty: the status and content-type assertions report the problem.
  }
  return { status: response.status, headers: response.headers, text, body };
}

function post(url: string, body: string = '{}', headers: Record<string, string> = {}): Request {
  return new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
}

function urlOf(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}${TOKEN_PATH}`;
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function assertNoCredentials(reply: Reply): void {
  assert.ok(!reply.text.includes(USER) && !reply.text.includes(PASS), `credentials leaked: ${reply.text}`);
}

function assertError(reply: Reply, status: number, code: string): void {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(reply.headers.get('cache-control'), 'no-store');
  const error = reply.body.error as { code: unknown; message: unknown };
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assertNoCredentials(reply);
}

describe('backend examples', () => {
  let sim: Simulator;
  let env: Env;
  const saved = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]])) as Env;

  /** A token the simulator made and still holds, in the handler's answer shape, with no credential in it. */
  function assertToken(reply: Reply, { link = false } = {}): TokenAnswer {
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    assert.equal(reply.headers.get('x-content-type-options'), 'nosniff');
    const answer = reply.body as unknown as TokenAnswer;
    assert.match(answer.token, UUID);
    assert.ok(sim.tokens.isLive(answer.token), 'the simulator made this token');
    const lifetime = Date.parse(answer.expires_at) - Date.now();
    assert.ok(lifetime > 21_500_000 && lifetime <= 21_600_000, `expires_at about 6 h ahead: ${answer.expires_at}`);
    assert.equal(answer.settings.age, '21+');
    assert.equal(answer.settings.rules, 'DCAMS5_0_RuleSet_NAME_DOB');
    assert.equal('link' in answer, link);
    assertNoCredentials(reply);
    return answer;
  }

  before(async () => {
    sim = await startSimulator({ port: 0, user: USER, pass: PASS });
    env = {
      VERATAD_USER: USER,
      VERATAD_PASS: PASS,
      VERATAD_ENDPOINT: `${sim.url}/token/create`,
      VERATAD_LINK_ENDPOINT: `${sim.url}/link/generate`,
    };
  });

  after(async () => {
    useEnv(saved);
    await sim?.close();
  });

  describe('examples/node-http.mjs', () => {
    let mod: NodeHttpExample;
    const servers: Server[] = [];

    before(async () => {
      mod = await example<NodeHttpExample>('node-http.mjs');
    });
    after(async () => {
      await Promise.all(servers.map(stop));
    });

    it('answers a token over real HTTP (SDK mode for a visitor without a session)', async () => {
      useEnv(env);
      const server = await mod.start(0, '127.0.0.1');
      servers.push(server);
      assertToken(await read(await fetch(post(urlOf(server)))));
    });

    it('adds a link for a signed-in user, with the fields taken from the server-side session', async () => {
      useEnv(env);
      const server = await mod.start(0, '127.0.0.1');
      servers.push(server);
      mod.sessions.set('s-1', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
      const answer = assertToken(
        await read(await fetch(post(urlOf(server), '{}', { Cookie: 'theme=dark; sid=s-1' }))),
        { link: true },
      );
      const link = new URL(answer.link as string);
      assert.equal(link.origin, sim.origin);
      const record = sim.tokens.link(link.searchParams.get('request_id') ?? '');
      assert.equal(record?.token, answer.token);
      assert.equal(record?.sendEmail, false);
      assert.deepEqual(
        { fn: record?.fields.fn, ln: record?.fields.ln, email: record?.fields.email },
        { fn: 'Ada', ln: 'Lovelace', email: 'ada@example.com' },
      );
    });

    it('failure: wrong server credentials are a 502 upstream-unauthorized, never a 401, and never echoed', async () => {
      useEnv({ ...env, VERATAD_PASS: 'not-the-password-1b2c' });
      const server = await mod.start(0, '127.0.0.1');
      servers.push(server);
      const reply = await read(await fetch(post(urlOf(server))));
      assertError(reply, 502, 'upstream-unauthorized');
      assert.ok(!reply.text.includes('not-the-password-1b2c'));
    });

    it('answers only its token path', async () => {
      useEnv(env);
      const server = await mod.start(0, '127.0.0.1');
      servers.push(server);
      const reply = await read(await fetch(post(urlOf(server).replace(TOKEN_PATH, '/elsewhere'))));
      assert.equal(reply.status, 404);
    });
  });

  describe('examples/express.mjs', () => {
    let mod: ExpressExample;
    const servers: Server[] = [];
    const listen = async (app: ReturnType<ExpressExample['createApp']>) => {
      const server = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      servers.push(server);
      return server;
    };

    before(async () => {
      mod = await example<ExpressExample>('express.mjs');
    });
    after(async () => {
      await Promise.all(servers.map(stop));
    });

    it('answers a token with express.json() in front (start())', async () => {
      useEnv(env);
      const server = await mod.start(0, '127.0.0.1');
      servers.push(server);
      assertToken(await read(await fetch(post(urlOf(server), '{}'))));
    });

    it('answers a token without a body parser (the adapter reads the stream)', async () => {
      useEnv(env);
      const server = await listen(mod.createApp({ jsonParser: false }));
      assertToken(await read(await fetch(post(urlOf(server), '{}'))));
    });

    it('failure: a field the endpoint does not accept is a 400 invalid-request, also after express.json()', async () => {
      useEnv(env);
      for (const jsonParser of [true, false]) {
        const server = await listen(mod.createApp({ jsonParser }));
        const tokensBefore = sim.tokens.list().length;
        const reply = await read(await fetch(post(urlOf(server), JSON.stringify({ fn: 'Mallory' }))));
        assertError(reply, 400, 'invalid-request');
        assert.match((reply.body.error as { message: string }).message, /"fn"/);
        assert.equal(sim.tokens.list().length, tokensBefore, 'Veratad was not called');
      }
    });

    it('answers a page on another origin: the CORS preflight, then the POST, with or without express.json()', async () => {
      const page = 'https://shop.example';
      useEnv({ ...env, ALLOWED_ORIGINS: `https://admin.example,${page}` });
      for (const jsonParser of [true, false]) {
        const server = await listen(mod.createApp({ jsonParser }));
        // What a browser sends before a cross-origin POST of JSON.
        const preflight = await fetch(urlOf(server), {
          method: 'OPTIONS',
          headers: {
            Origin: page,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type',
          },
        });
        assert.equal(preflight.status, 204, `preflight (jsonParser: ${jsonParser}): ${await preflight.text()}`);
        assert.equal(preflight.headers.get('access-control-allow-origin'), page);
        assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
        assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
        assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/i);
        const reply = await read(await fetch(post(urlOf(server), '{}', { Origin: page })));
        assertToken(reply);
        assert.equal(reply.headers.get('access-control-allow-origin'), page);
      }
    });

    it('failure: a preflight or a POST from an origin not listed is a 403 without CORS headers', async () => {
      useEnv({ ...env, ALLOWED_ORIGINS: 'https://shop.example' });
      const server = await listen(mod.createApp());
      const tokensBefore = sim.tokens.list().length;
      const preflight = await fetch(urlOf(server), {
        method: 'OPTIONS',
        headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST' },
      });
      assertError(await read(preflight), 403, 'forbidden-origin');
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
      const reply = await read(await fetch(post(urlOf(server), '{}', { Origin: 'https://elsewhere.example' })));
      assertError(reply, 403, 'forbidden-origin');
      assert.equal(reply.headers.get('access-control-allow-origin'), null);
      assert.equal(sim.tokens.list().length, tokensBefore, 'Veratad was not called');
    });

    it("failure: another method on the token path is the handler's JSON 405, naming what is allowed", async () => {
      useEnv(env);
      const server = await listen(mod.createApp());
      const reply = await read(await fetch(urlOf(server), { method: 'PUT', body: '{}' }));
      assertError(reply, 405, 'method-not-allowed');
      assert.equal(reply.headers.get('allow'), 'POST');
    });

    it('failure: malformed JSON is a JSON 400 invalid-request with or without express.json()', async () => {
      useEnv(env);
      for (const jsonParser of [true, false]) {
        const server = await listen(mod.createApp({ jsonParser }));
        assertError(await read(await fetch(post(urlOf(server), '{"journey_id":'))), 400, 'invalid-request');
      }
    });
  });

  describe('examples/nextjs/app/api/veratad/token/route.ts', () => {
    let mod: NextRouteExample;
    const url = `https://app.example${TOKEN_PATH}`;

    before(async () => {
      mod = await example<NextRouteExample>('nextjs/app/api/veratad/token/route.ts');
    });

    it('declares its runtime', () => {
      assert.equal(mod.runtime, 'nodejs');
    });

    it('failure: without credentials in the environment, POST rejects with a message naming the options only', async () => {
      useEnv({ ...env, VERATAD_USER: undefined, VERATAD_PASS: undefined });
      await assert.rejects(mod.POST(post(url)), (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.match(error.message, /`user` and `pass`/);
        return true;
      });
    });

    it('answers a token to a direct Request', async () => {
      useEnv(env);
      assertToken(await read(await mod.POST(post(url, '{}', { Origin: 'https://app.example' }))));
    });

    it('failure: a body that is not JSON is a 415', async () => {
      useEnv(env);
      const request = new Request(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
      assertError(await read(await mod.POST(request)), 415, 'unsupported-media-type');
    });
  });

  describe('examples/worker.mjs', () => {
    let worker: WorkerExample['default'];
    const url = `https://worker.example${TOKEN_PATH}`;
    const bindings = () => ({ ...env });

    before(async () => {
      useEnv({});
      worker = (await example<WorkerExample>('worker.mjs')).default;
    });

    it('failure: another path is a 404, without building the handler', async () => {
      const reply = await read(await worker.fetch(post('https://worker.example/api/other'), {}));
      assert.equal(reply.status, 404);
    });

    it('failure: missing bindings are a 500 that names no value, and are tried again on the next request', async () => {
      const logged: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void logged.push(args.join(' '));
      try {
        const reply = await read(await worker.fetch(post(url), { VERATAD_USER: USER }));
        assertError(reply, 500, 'internal-error');
      } finally {
        console.error = original;
      }
      assert.equal(logged.length, 1);
      assert.match(logged[0], /`user` and `pass`/);
      assert.ok(!logged[0].includes(USER));
    });

    it('answers a token to a direct Request, from the bindings passed to fetch', async () => {
      assertToken(await read(await worker.fetch(post(url), bindings())));
    });

    it('failure: a redirect from Veratad is not followed (502, no token), on a Fetch runtime', async () => {
      const redirecting = createServer((req, res) => {
        req.resume();
        res.writeHead(302, { Location: `${sim.url}/token/create` }).end();
      });
      await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
      try {
        // A second instance of the module, so that it builds its own handler from these bindings.
        const fresh = (await example<WorkerExample>('worker.mjs?redirect')).default;
        const tokensBefore = sim.tokens.list().length;
        const endpoint = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/token/create`;
        const reply = await read(await fresh.fetch(post(url), { ...bindings(), VERATAD_ENDPOINT: endpoint }));
        // upstream-invalid: the 3xx was read as an answer, not followed.
        assertError(reply, 502, 'upstream-invalid');
        assert.equal(sim.tokens.list().length, tokensBefore, 'the redirect was not followed');
      } finally {
        await stop(redirecting);
      }
    });

    it('builds the handler once: later requests use it whatever env they carry, and GET is a 405', async () => {
      assertToken(await read(await worker.fetch(post(url), { ...bindings(), VERATAD_PASS: 'changed-later-9f' })));
      const reply = await read(await worker.fetch(new Request(url), bindings()));
      assertError(reply, 405, 'method-not-allowed');
      assert.equal(reply.headers.get('allow'), 'POST');
    });
  });

  describe('examples/status-endpoint.mjs (against the fake Veratad: User Status is not in the simulator here)', () => {
    let mod: StatusExample;
    let fake: FakeVeratad;
    const servers: Server[] = [];
    const EMAIL = 'test15847@example.com';
    const statusUrl = (server: Server, path = '/api/veratad/status') =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
    const started = async (extra: Env = {}) => {
      useEnv({ VERATAD_USER: USER, VERATAD_PASS: PASS, VERATAD_STATUS_ENDPOINT: fake.userStatusUrl, ...extra });
      const server = await mod.start(0, '127.0.0.1');
      servers.push(server);
      return server;
    };

    before(async () => {
      mod = await example<StatusExample>('status-endpoint.mjs');
      fake = await startFakeVeratad();
      mod.sessions.set('s-1', { email: EMAIL });
    });
    after(async () => {
      await Promise.all(servers.map(stop));
      await fake.close();
    });

    it("answers the signed-in user's found, status and verified, and nothing else", async () => {
      fake.reset();
      fake.users.set(EMAIL, documented.userStatus());
      const server = await started();
      const body = JSON.stringify({ email: 'someone-else@example.com' });
      const reply = await read(await fetch(post(statusUrl(server), body, { Cookie: 'sid=s-1' })));
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body, { found: true, status: 'PENDING', verified: false });
      assert.deepEqual(fake.userStatusRequests()[0].json, { user: USER, pass: PASS, email: EMAIL });
      assertNoCredentials(reply);
    });

    it('lets the checkout through only once Veratad says PASS (isVerified on the server)', async () => {
      fake.reset();
      fake.users.set(EMAIL, documented.userStatus());
      const server = await started();
      const checkout = () => fetch(post(statusUrl(server, '/api/checkout'), '{}', { Cookie: 'sid=s-1' }));
      assert.equal((await checkout()).status, 403);
      fake.users.set(EMAIL, { ...documented.userStatus(), status: 'PASS' });
      assert.equal((await checkout()).status, 200);
      assert.equal(await mod.isVerified(EMAIL), true);
    });

    it('failure: a visitor without a session is a 401 and Veratad is not asked', async () => {
      fake.reset();
      const server = await started();
      assertError(await read(await fetch(post(statusUrl(server)))), 401, 'unauthenticated');
      assert.equal(fake.requests.length, 0);
    });

    it('failure: credentials Veratad refuses are a 502 upstream-unauthorized, never echoed', async () => {
      fake.reset();
      fake.onUserStatus({ status: 401, json: documented.userStatusUnauthorized });
      const logged: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void logged.push(args);
      try {
        const server = await started();
        const reply = await read(await fetch(post(statusUrl(server), '{}', { Cookie: 'sid=s-1' })));
        assertError(reply, 502, 'upstream-unauthorized');
      } finally {
        console.error = original;
      }
      assert.equal(logged.length, 1, 'the example logs the 5xx');
    });
  });

  describe('examples/webhook-express.mjs', () => {
    let mod: WebhookExample;
    const servers: Server[] = [];
    const HOOK_USER = 'hook-user-51f0';
    const HOOK_PASS = 'hook-pass-7a2d';
    const authorization = `Basic ${Buffer.from(`${HOOK_USER}:${HOOK_PASS}`).toString('base64')}`;
    let url: string;
    let base: string;

    before(async () => {
      mod = await example<WebhookExample>('webhook-express.mjs');
      useEnv({ VERATAD_WEBHOOK_USER: HOOK_USER, VERATAD_WEBHOOK_PASS: HOOK_PASS });
      const server = await mod.start(0, '127.0.0.1');
      servers.push(server);
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      url = `${base}/webhooks/veratad`;
    });
    after(async () => {
      await Promise.all(servers.map(stop));
    });

    const deliver = (body: unknown, headers: Record<string, string> = { Authorization: authorization }) =>
      fetch(post(url, JSON.stringify(body), headers)).then(read);

    it('records a delivery once, however often it comes, and a later status change too', async () => {
      const pending = documentedCallback();
      for (let i = 0; i < 3; i++) assert.deepEqual((await deliver(pending)).body, { received: true });
      assert.equal(mod.store.deliveries.size, 1);
      assert.deepEqual(mod.store.orders.get('12344'), {
        status: 'PENDING',
        verified: false,
        confirmation: '93239228',
      });
      await deliver({ ...pending, status: 'PASS', dcams_plus: { ...pending.dcams_plus, action: 'PASS' } });
      assert.equal(mod.store.deliveries.size, 2);
      assert.equal(mod.store.orders.get('12344')?.verified, true);
      const order = await read(await fetch(`${base}/api/orders/12344`));
      assert.deepEqual(order.body, { verified: true, status: 'PASS' });
    });

    it('failure: a callback without the right credentials is a 401 and changes nothing', async () => {
      const before = mod.store.deliveries.size;
      const forged = { ...documentedCallback(), reference: 'order-9', status: 'PASS' };
      const attempts: Record<string, string>[] = [{}, { Authorization: authorization.replace(/.{4}$/, 'AAAA') }];
      for (const headers of attempts) {
        const reply = await deliver(forged, headers);
        assert.equal(reply.status, 401);
        assert.equal(reply.headers.get('www-authenticate'), 'Basic realm="veratad-webhook"');
      }
      assert.equal(mod.store.deliveries.size, before);
      assert.equal(mod.store.orders.has('order-9'), false);
    });
  });
});
