// A page on one origin, the token endpoint on another: the real <veratad-verify> (dist/veratad-verify.js) in
// Chromium, posting to examples/express.mjs (built on dist/server.js) over real HTTP. The browser sends its CORS
// preflight first; the example mounts the handler with app.all, so the handler answers it for the origins in
// ALLOWED_ORIGINS and the session starts. A page whose origin is not listed gets no further than the preflight.
// Run after `npm run build`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import { chromiumLaunchOptions } from '../../scripts/find-browser.mjs';

const USER = 'cross-origin-user-31';
const PASS = 'cross-origin-pass-8e';
const TOKEN_PATH = '/api/veratad/token';
const ENV_NAMES = ['VERATAD_USER', 'VERATAD_PASS', 'VERATAD_ENDPOINT', 'VERATAD_LINK_ENDPOINT', 'ALLOWED_ORIGINS'];

interface ExpressExample {
  createApp(): { listen(port: number, host: string, callback: () => void): Server };
}
interface Seen {
  type: string;
  code?: string;
}

const bundle = readFileSync(new URL('../../dist/veratad-verify.js', import.meta.url), 'utf8');

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Records the element's outcome events on the page's window, before any of the page's scripts run. */
function recordOutcome(): void {
  const seen: Seen[] = [];
  (window as unknown as { seen: Seen[] }).seen = seen;
  for (const type of ['veratad-token', 'veratad-ready', 'veratad-error']) {
    document.addEventListener(type, (event) => {
      const detail = (event as CustomEvent<{ code?: string } | null>).detail;
      seen.push(detail?.code ? { type, code: detail.code } : { type });
    });
  }
}

describe('e2e: a page on another origin reaches examples/express.mjs', () => {
  let sim: Simulator;
  let browser: Browser;
  let pageOrigin: string;
  const servers: Server[] = [];
  const saved = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));

  /** The shop's page: the element from the page's own origin, its token-url on the API origin in `?api=`. */
  const pageServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page.invalid');
    if (url.pathname === '/veratad-verify.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(bundle);
      return;
    }
    const api = url.searchParams.get('api') ?? '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script type="module" src="/veratad-verify.js"></script></head>
<body><veratad-verify token-url="${api}${TOKEN_PATH}" retries="0" first-name="Ada" last-name="Lovelace"
  sdk-src="${sim.url}/js/initialize.js" sdk-css="${sim.url}/styles/style.css"></veratad-verify></body></html>`);
  });

  /** The example app with ALLOWED_ORIGINS = `allowed`, listening; with the methods of every request it got. */
  async function startApi(allowed: string) {
    for (const [name, value] of Object.entries({
      VERATAD_USER: USER,
      VERATAD_PASS: PASS,
      VERATAD_ENDPOINT: `${sim.url}/token/create`,
      VERATAD_LINK_ENDPOINT: `${sim.url}/link/generate`,
      ALLOWED_ORIGINS: allowed,
    })) {
      process.env[name] = value;
    }
    const example = (await import(new URL('../../examples/express.mjs', import.meta.url).href)) as ExpressExample;
    const server = example.createApp().listen(0, '127.0.0.1', () => undefined);
    servers.push(server);
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    const methods: string[] = [];
    server.on('request', (req: { method?: string; url?: string }) => {
      if (req.url === TOKEN_PATH) methods.push(req.method ?? '');
    });
    return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, methods };
  }

  /** Opens the shop's page against `api` and waits for the element's first outcome. */
  async function openShop(api: string): Promise<{ seen: Seen[]; pageErrors: string[] }> {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.addInitScript(recordOutcome);
      await page.goto(`${pageOrigin}/?api=${encodeURIComponent(api)}`);
      await page.waitForFunction(() =>
        (window as unknown as { seen: Seen[] }).seen.some((event) => event.type !== 'veratad-token'),
      );
      const seen = await page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
      return { seen, pageErrors };
    } finally {
      await page.context().close();
    }
  }

  before(async () => {
    sim = await startSimulator({ port: 0, user: USER, pass: PASS });
    servers.push(pageServer);
    pageOrigin = await listen(pageServer);
    browser = await chromium.launch(await chromiumLaunchOptions());
  });

  after(async () => {
    for (const name of ENV_NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await browser?.close();
    await Promise.all(servers.map(stop));
    await sim?.close();
  });

  it('starts the session: the preflight is answered, then the POST gets a token', async () => {
    const api = await startApi(`https://admin.example,${pageOrigin}`);
    assert.notEqual(api.origin, pageOrigin, 'two origins');
    const tokensBefore = sim.tokens.list().length;
    const { seen, pageErrors } = await openShop(api.origin);
    assert.deepEqual(seen, [{ type: 'veratad-token' }, { type: 'veratad-ready' }]);
    assert.deepEqual(api.methods, ['OPTIONS', 'POST']);
    assert.equal(sim.tokens.list().length, tokensBefore + 1);
    assert.deepEqual(pageErrors, []);
  });

  it('failure: a page whose origin is not listed is stopped at the preflight, and no token is made', async () => {
    const api = await startApi('https://shop.example');
    const tokensBefore = sim.tokens.list().length;
    const { seen } = await openShop(api.origin);
    assert.deepEqual(seen, [{ type: 'veratad-error', code: 'network' }]);
    assert.deepEqual(api.methods, ['OPTIONS']);
    assert.equal(sim.tokens.list().length, tokensBefore);
  });
});
