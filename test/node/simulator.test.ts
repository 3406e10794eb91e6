// The Veratad VX simulator over real HTTP: every documented response (Veratad's Create Token and Generate Link
// pages), token expiry on an injected clock, the static files, routing and limits, and the CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MAX_BODY_BYTES, startSimulator, type Simulator } from '../../demo/simulator/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LIFETIME = 21_600;

/** The documented success body's fields, in the documented order. */
const TOKEN_FIELDS = [
  'result',
  'message',
  'token',
  'age',
  'rules',
  'store_on',
  'company_name_for_email',
  'email_logo_link',
  'email_logo_height',
  'email_logo_width',
  'dcams_manual_rules',
];
const LINK_FIELDS = ['action', 'detail', 'link', 'email_sent', 'error_message', 'error_description'];
const MISSING_INPUT = { result: 'Error', message: 'Missing a required input', token: '' };
const WRONG_CREDENTIALS = { result: 'Error', message: 'Either your username or password is incorrect', token: '' };

interface Reply {
  status: number;
  type: string | null;
  headers: Headers;
  body: Record<string, unknown>;
}

async function post(url: string, body: unknown): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('Veratad VX simulator', () => {
  let clock = Date.UTC(2026, 10, 24, 12, 0, 0);
  let sim: Simulator;
  const createToken = (body: unknown = { user: 'demo-user', pass: 'demo-pass' }) =>
    post(`${sim.url}/token/create`, body);
  const generateLink = (body: unknown) => post(`${sim.url}/link/generate`, body);
  const newToken = async (): Promise<string> => {
    const reply = await createToken();
    assert.equal(reply.status, 200);
    return reply.body.token as string;
  };
  const frameSession = async (query: string) => {
    const response = await fetch(`${sim.url}/frame/session?${query}`);
    assert.equal(response.status, 200);
    return (await response.json()) as Record<string, unknown>;
  };

  before(async () => {
    sim = await startSimulator({ now: () => clock });
  });
  after(async () => {
    await sim.close();
  });

  describe('POST /token/create', () => {
    it('answers the documented success body, field for field', async () => {
      const reply = await createToken();
      assert.equal(reply.status, 200);
      assert.equal(reply.type, 'application/json; charset=utf-8');
      assert.equal(reply.headers.get('cache-control'), 'no-store');
      assert.equal(reply.headers.get('access-control-allow-origin'), null, 'server to server: no CORS');
      assert.deepEqual(Object.keys(reply.body), TOKEN_FIELDS);
      for (const field of TOKEN_FIELDS) assert.equal(typeof reply.body[field], 'string', field);
      assert.match(reply.body.token as string, UUID);
      assert.deepEqual(reply.body, {
        result: 'Success',
        message: 'Token created successfully',
        token: reply.body.token,
        age: '21+',
        rules: 'DCAMS5_0_RuleSet_NAME_DOB',
        store_on: 'FAIL',
        company_name_for_email: 'Veratad Simulator Demo Co.',
        email_logo_link: `${sim.origin}/images/logo.svg`,
        email_logo_height: '50',
        email_logo_width: '80',
        dcams_manual_rules: 'DCAMS5_0_Manual_Review_RuleSet_NAME_DOB',
      });
    });

    it('issues a fresh token every time and remembers its ids and creation time', async () => {
      const first = await createToken({
        user: 'demo-user',
        pass: 'demo-pass',
        journey_id: 'J1',
        settings_id: 'S1',
        branding_id: 'B1',
      });
      const second = await createToken();
      assert.notEqual(first.body.token, second.body.token);
      assert.deepEqual(sim.tokens.get(first.body.token as string), {
        token: first.body.token,
        createdAt: clock,
        expiresAt: clock + LIFETIME * 1000,
        journeyId: 'J1',
        settingsId: 'S1',
        brandingId: 'B1',
      });
      const plain = sim.tokens.get(second.body.token as string);
      assert.equal(plain?.journeyId, undefined);
      assert.equal(sim.tokens.isLive(second.body.token as string), true);
    });

    it('answers the documented 400 when user or pass is missing', async () => {
      const bodies: unknown[] = [
        {},
        { user: 'demo-user' },
        { pass: 'demo-pass' },
        { user: '', pass: 'demo-pass' },
        { user: 'demo-user', pass: '' },
        { user: 'demo-user', pass: null },
        { user: 42, pass: 'demo-pass' },
      ];
      for (const body of bodies) {
        const reply = await createToken(body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.equal(reply.type, 'application/json; charset=utf-8');
        assert.deepEqual(reply.body, MISSING_INPUT);
      }
    });

    it('answers 400 "Missing a required input" to a body that is not a JSON object', async () => {
      for (const body of ['', 'not json', '{"user":"demo-user",', 'null', '[]', '"demo-user"', '42']) {
        const reply = await createToken(body);
        assert.equal(reply.status, 400, body);
        assert.deepEqual(reply.body, MISSING_INPUT);
      }
    });

    it('answers 400 to an id that is not a string (our choice: stricter than the silent docs)', async () => {
      const reply = await createToken({ user: 'demo-user', pass: 'demo-pass', journey_id: 7 });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, MISSING_INPUT);
    });

    it('answers the three documented 400s to a bad age, rules or store_on, and echoes valid ones', async () => {
      const user = { user: 'demo-user', pass: 'demo-pass' };
      const refused: Array<[Record<string, unknown>, string]> = [
        [{ age: '21' }, 'Invalid age submitted. Must conform to age+ like 21+'],
        [{ age: 21 }, 'Invalid age submitted. Must conform to age+ like 21+'],
        [{ rules: 'MY_OWN_RULES' }, 'Invalid ruleset submitted. Please check the documentation'],
        [{ store_on: 'NEVER' }, 'Invalid store_on value. Must be PASS, FAIL or ALL'],
        [{ store_on: 'pass' }, 'Invalid store_on value. Must be PASS, FAIL or ALL'],
      ];
      for (const [fields, message] of refused) {
        const reply = await createToken({ ...user, ...fields });
        assert.equal(reply.status, 400, JSON.stringify(fields));
        assert.deepEqual(reply.body, { result: 'Error', message, token: '' });
      }
      const accepted = await createToken({ ...user, age: '18+', rules: 'DCAMS5_0_RuleSet_NAME_DOB', store_on: 'ALL' });
      assert.equal(accepted.status, 200);
      assert.deepEqual(
        [accepted.body.age, accepted.body.rules, accepted.body.store_on],
        ['18+', 'DCAMS5_0_RuleSet_NAME_DOB', 'ALL'],
      );
      assert.deepEqual(Object.keys(accepted.body), TOKEN_FIELDS);
    });

    it('answers the documented 401 to wrong credentials', async () => {
      const tokensBefore = sim.tokens.list().length;
      for (const body of [
        { user: 'demo-user', pass: 'wrong' },
        { user: 'someone', pass: 'demo-pass' },
        { user: 'DEMO-USER', pass: 'demo-pass' },
        { user: 'demo-user', pass: 'demo-pass ' },
      ]) {
        const reply = await createToken(body);
        assert.equal(reply.status, 401, JSON.stringify(body));
        assert.equal(reply.type, 'application/json; charset=utf-8');
        assert.deepEqual(reply.body, WRONG_CREDENTIALS);
      }
      assert.equal(sim.tokens.list().length, tokensBefore, 'no token issued');
    });

    it('accepts exactly the credentials it was started with', async () => {
      const other = await startSimulator({ user: 'alice', pass: 's3cret' });
      try {
        const good = await post(`${other.url}/token/create`, { user: 'alice', pass: 's3cret' });
        assert.equal(good.status, 200);
        const defaults = await post(`${other.url}/token/create`, { user: 'demo-user', pass: 'demo-pass' });
        assert.equal(defaults.status, 401);
        assert.deepEqual(defaults.body, WRONG_CREDENTIALS);
      } finally {
        await other.close();
      }
    });

    it('counts the calls it answered, by path and status (calls())', async () => {
      const other = await startSimulator({ user: 'alice', pass: 's3cret' });
      try {
        await post(`${other.url}/token/create`, { user: 'alice', pass: 's3cret' });
        await post(`${other.url}/token/create`, { user: 'alice', pass: 'wrong' });
        await post(`${other.url}/token/create`, { user: 'alice', pass: 'wrong' });
        await post(`${other.url}/link/generate`, {});
        assert.equal(other.calls('/token/create'), 3);
        assert.equal(other.calls('/token/create', 401), 2);
        assert.equal(other.calls('/token/create', 200), 1);
        assert.equal(other.calls('/link/generate', 400), 1);
        assert.equal(other.calls('/user/status'), 0);
      } finally {
        await other.close();
      }
    });
  });

  describe('POST /link/generate', () => {
    it('answers the documented PASS body with a link to the frame page and remembers the request', async () => {
      const token = await newToken();
      const reply = await generateLink({
        token,
        options: { send_email: false },
        fn: 'Ada',
        ln: 'Lovelace',
        dob: '18151210',
        email: 'ada@example.com',
        qr: true,
        additionalData: '{"plan":"gold"}',
      });
      assert.equal(reply.status, 200);
      assert.equal(reply.type, 'application/json; charset=utf-8');
      assert.deepEqual(Object.keys(reply.body), LINK_FIELDS);
      const link = reply.body.link as string;
      assert.deepEqual(reply.body, {
        action: 'PASS',
        detail: 'Link Generated',
        link,
        email_sent: false,
        error_message: '',
        error_description: '',
      });
      const url = new URL(link);
      assert.equal(url.origin, sim.origin);
      assert.equal(url.pathname, '/frame');
      assert.deepEqual([...url.searchParams.keys()], ['request_id']);
      const requestId = url.searchParams.get('request_id') ?? '';
      assert.match(requestId, UUID);
      assert.deepEqual(sim.tokens.link(requestId), {
        requestId,
        token,
        createdAt: clock,
        sendEmail: false,
        fields: {
          fn: 'Ada',
          ln: 'Lovelace',
          dob: '18151210',
          email: 'ada@example.com',
          additionalData: '{"plan":"gold"}',
          qr: true,
        },
      });
      assert.deepEqual(await frameSession(`request_id=${requestId}`), {
        state: 'live',
        mode: 'link',
        fn: 'Ada',
        ln: 'Lovelace',
      });
    });

    it('makes a new request_id for every call, several per token', async () => {
      const token = await newToken();
      const first = await generateLink({ token, fn: 'Ada', ln: 'Lovelace' });
      const second = await generateLink({
        token,
        fn: 'Grace',
        ln: 'Hopper',
        options: { send_email: true },
        email: 'g@example.com',
      });
      assert.equal(first.body.action, 'PASS');
      assert.equal(second.body.action, 'PASS');
      assert.notEqual(first.body.link, second.body.link);
      assert.equal(second.body.email_sent, false, 'the simulator never sends mail');
      const requestId = new URL(second.body.link as string).searchParams.get('request_id') ?? '';
      assert.equal(sim.tokens.link(requestId)?.sendEmail, true);
    });

    const assertLinkError = (reply: Reply, message: string) => {
      assert.equal(reply.status, 400);
      assert.equal(reply.type, 'application/json; charset=utf-8');
      assert.deepEqual(Object.keys(reply.body), LINK_FIELDS);
      assert.equal(reply.body.action, 'ERROR');
      assert.equal(reply.body.link, '');
      assert.equal(reply.body.email_sent, false);
      assert.equal(reply.body.error_message, message);
      assert.equal(typeof reply.body.error_description, 'string');
      assert.notEqual(reply.body.error_description, '');
    };

    it('answers action ERROR (HTTP 400) without a token or to a body that is not a JSON object', async () => {
      for (const body of [
        { fn: 'Ada', ln: 'Lovelace' },
        { token: '', fn: 'Ada', ln: 'Lovelace' },
        { token: 5 },
        'nope',
        '[]',
        '',
      ]) {
        assertLinkError(await generateLink(body), 'Missing a required input');
      }
    });

    it('answers action ERROR to an unknown token', async () => {
      assertLinkError(
        await generateLink({ token: '393d50f9-2703-4100-9e4b-dfd8e4fda493', fn: 'Ada', ln: 'Lovelace' }),
        'Invalid token',
      );
    });

    it('answers action ERROR without fn or ln, and to fields of the wrong type', async () => {
      const token = await newToken();
      assertLinkError(await generateLink({ token, ln: 'Lovelace' }), 'Missing a required input');
      assertLinkError(await generateLink({ token, fn: 'Ada' }), 'Missing a required input');
      for (const extra of [
        { dob: '1815-12-10' },
        { dob: '18151310' },
        { zip: 12345 },
        { qr: 'yes' },
        { additionalData: '{not json' },
        { resultMessages: 'hello' },
        { options: { send_email: 'no' } },
        { options: [] },
      ]) {
        assertLinkError(await generateLink({ token, fn: 'Ada', ln: 'Lovelace', ...extra }), 'Invalid input');
      }
      assert.equal(sim.tokens.links().filter((link) => link.token === token).length, 0, 'no link made');
    });
  });

  describe('token expiry (injected clock)', () => {
    it('keeps a token live for its whole lifetime and expires it exactly then', async () => {
      const token = await newToken();
      const { link } = (await generateLink({ token, fn: 'Ada', ln: 'Lovelace' })).body;
      const requestId = new URL(link as string).searchParams.get('request_id') ?? '';

      clock += LIFETIME * 1000 - 1;
      assert.equal(sim.tokens.isLive(token), true);
      assert.equal((await generateLink({ token, fn: 'Ada', ln: 'Lovelace' })).body.action, 'PASS');
      assert.equal((await frameSession(`mode=sdk&token=${token}`)).state, 'live');

      clock += 1;
      assert.equal(sim.tokens.isLive(token), false);
      const reply = await generateLink({ token, fn: 'Ada', ln: 'Lovelace' });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.action, 'ERROR');
      assert.equal(reply.body.error_message, 'Token expired');
      assert.deepEqual(await frameSession(`mode=sdk&token=${token}`), { state: 'expired', mode: 'sdk' });
      assert.deepEqual(await frameSession(`request_id=${requestId}`), { state: 'expired', mode: 'link' });
    });

    it('ends a token at once through tokens.expire(), links included', async () => {
      const token = await newToken();
      const { link } = (await generateLink({ token, fn: 'Ada', ln: 'Lovelace' })).body;
      const requestId = new URL(link as string).searchParams.get('request_id') ?? '';
      assert.equal(sim.tokens.expire(token), true);
      assert.equal(sim.tokens.expire('unknown-token'), false);
      assert.equal(sim.tokens.isLive(token), false);
      assert.equal((await generateLink({ token, fn: 'Ada', ln: 'Lovelace' })).body.error_message, 'Token expired');
      assert.equal((await frameSession(`request_id=${requestId}`)).state, 'expired');
    });

    it('honours a short configured lifetime', async () => {
      let now = 0;
      const short = await startSimulator({ tokenLifetimeSeconds: 2, now: () => now });
      try {
        const { token } = (await post(`${short.url}/token/create`, { user: 'demo-user', pass: 'demo-pass' })).body;
        assert.equal(short.tokens.get(token as string)?.expiresAt, 2000);
        now = 1999;
        assert.equal(short.tokens.isLive(token as string), true);
        now = 2000;
        const reply = await post(`${short.url}/link/generate`, { token, fn: 'Ada', ln: 'Lovelace' });
        assert.equal(reply.body.error_message, 'Token expired');
      } finally {
        await short.close();
      }
    });

    it('tells the frame page unknown tokens and request ids apart from expired ones', async () => {
      assert.deepEqual(await frameSession('mode=sdk&token=not-a-token'), { state: 'unknown', mode: 'sdk' });
      assert.deepEqual(await frameSession('mode=sdk'), { state: 'unknown', mode: 'sdk' });
      assert.deepEqual(await frameSession('request_id=00000000-0000-4000-8000-000000000000'), {
        state: 'unknown',
        mode: 'link',
      });
      assert.deepEqual(await frameSession(''), { state: 'unknown', mode: 'link' });
    });
  });

  describe('static files, routing and limits', () => {
    const files: Array<[path: string, type: string]> = [
      ['/js/initialize.js', 'text/javascript; charset=utf-8'],
      ['/styles/style.css', 'text/css; charset=utf-8'],
      ['/frame', 'text/html; charset=utf-8'],
      ['/frame/outcomes.js', 'text/javascript; charset=utf-8'],
      ['/frame/frame.js', 'text/javascript; charset=utf-8'],
      ['/frame/frame.css', 'text/css; charset=utf-8'],
      ['/images/logo.svg', 'image/svg+xml'],
    ];

    for (const [path, type] of files) {
      it(`serves ${path} as ${type} to any origin`, async () => {
        const response = await fetch(`${sim.url}${path}`, { headers: { Origin: 'http://localhost:5173' } });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), type);
        assert.equal(response.headers.get('access-control-allow-origin'), '*');
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.ok((await response.text()).length > 0);
      });
    }

    it('answers HEAD for the static files without a body', async () => {
      const response = await fetch(`${sim.url}/js/initialize.js`, { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(await response.text(), '');
    });

    it('serves the frame page with a strict CSP and no inline script or style', async () => {
      const response = await fetch(`${sim.url}/frame?request_id=x`);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /style-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      const html = await response.text();
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, 'every script has a src');
      assert.doesNotMatch(html, /\sstyle=|<style/, 'no inline style');
      assert.doesNotMatch(html, /\son[a-z]+=/, 'no inline handler');
    });

    it('answers 404 JSON to an unknown path', async () => {
      for (const [method, path] of [
        ['GET', '/'],
        ['GET', '/token'],
        ['POST', '/user/create'],
        ['GET', '/js/../server.ts'],
      ]) {
        const response = await fetch(`${sim.url}${path}`, { method });
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
        assert.equal(((await response.json()) as { error: string }).error, 'Not Found');
      }
    });

    it('answers 405 with Allow to the wrong method', async () => {
      const get = await fetch(`${sim.url}/token/create`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
      assert.equal(get.headers.get('content-type'), 'application/json; charset=utf-8');
      const options = await fetch(`${sim.url}/link/generate`, { method: 'OPTIONS' });
      assert.equal(options.status, 405, 'no CORS preflight for the server-to-server endpoints');
      assert.equal(options.headers.get('access-control-allow-origin'), null);
      const postFrame = await fetch(`${sim.url}/frame`, { method: 'POST', body: '{}' });
      assert.equal(postFrame.status, 405);
      assert.equal(postFrame.headers.get('allow'), 'GET, HEAD');
    });

    it('takes a body of exactly 64 KB and answers 413 to anything larger', async () => {
      const padded = (size: number) => {
        const start = '{"user":"demo-user","pass":"demo-pass","pad":"';
        const end = '"}';
        return start + 'a'.repeat(size - start.length - end.length) + end;
      };
      const fits = await createToken(padded(MAX_BODY_BYTES));
      assert.equal(fits.status, 200);
      const tooLarge = await createToken(padded(MAX_BODY_BYTES + 1));
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.type, 'application/json; charset=utf-8');
      const link = await generateLink(padded(MAX_BODY_BYTES * 4));
      assert.equal(link.status, 413);
    });
  });

  describe('startSimulator()', () => {
    it('binds 127.0.0.1 on a free port by default and reports its URL and origin', () => {
      const url = new URL(sim.url);
      assert.equal(url.hostname, '127.0.0.1');
      assert.equal(url.protocol, 'http:');
      assert.equal(Number(url.port), sim.port);
      assert.ok(sim.port > 0);
      assert.equal(sim.origin, sim.url);
      assert.equal(sim.url, url.origin, 'no trailing slash');
    });

    it('rejects options it cannot honour', async () => {
      await assert.rejects(startSimulator({ port: -1 }), RangeError);
      await assert.rejects(startSimulator({ port: 1.5 }), RangeError);
      await assert.rejects(startSimulator({ tokenLifetimeSeconds: 0 }), RangeError);
      await assert.rejects(startSimulator({ tokenLifetimeSeconds: Number.NaN }), RangeError);
      await assert.rejects(startSimulator({ user: '' }), RangeError);
    });

    it('stops listening on close(), which may be called twice', async () => {
      const other = await startSimulator();
      const keepAlive = await fetch(`${other.url}/styles/style.css`);
      await keepAlive.text();
      await other.close();
      await other.close();
      await assert.rejects(fetch(`${other.url}/styles/style.css`));
    });
  });
});

describe('npm run simulator (demo/simulator/cli.ts)', () => {
  const runCli = (env: Record<string, string>) =>
    spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', 'demo/simulator/cli.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: '',
        VERATAD_SIM_PORT: '',
        SIM_USER: '',
        SIM_PASS: '',
        SIM_TOKEN_LIFETIME: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('reads its settings from the environment, prints the URL and stops cleanly on SIGTERM', async () => {
    const child = runCli({
      VERATAD_SIM_PORT: '0',
      SIM_USER: 'cli-user',
      SIM_PASS: 'cli-pass',
      SIM_TOKEN_LIFETIME: '5',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.once('exit', () => reject(new Error(`the simulator exited early: ${output}`)));
      });
      const reply = await post(`${url}/token/create`, { user: 'cli-user', pass: 'cli-pass' });
      assert.equal(reply.status, 200);
      assert.equal((await post(`${url}/token/create`, { user: 'demo-user', pass: 'demo-pass' })).status, 401);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  it('refuses a setting that is not a number, with one clear line', async () => {
    const child = runCli({ SIM_TOKEN_LIFETIME: 'soon', VERATAD_SIM_PORT: '0' });
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (errors += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    assert.equal(code, 1);
    assert.equal(errors, 'simulator: SIM_TOKEN_LIFETIME must be a number, got "soon".\n');
  });
});
