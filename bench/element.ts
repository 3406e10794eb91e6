// npm run bench:element: how fast <veratad-verify> gets going in headless Chromium, on the built bundle.
//
// A page on its own 127.0.0.1 port loads dist/veratad-verify.js; its token endpoint is createTokenHandler from
// dist/server.js, pointed at the Veratad simulator on a second port (so the whole path is real HTTP, loopback).
// Figures (median and 95th percentile over BENCH_ELEMENT_RUNS mounts, 30 by default):
// - import: a cold page's `import()` of the bundle until the tag is defined;
// - request: append → the POST has left (the element sends it in the same task as connectedCallback);
// - token: append → `veratad-token` (endpoint + Veratad round trip + validation);
// - ready: append → `veratad-ready` (SDK mode: the simulator's initialize.js opened its modal; link mode: the
//   link's frame loaded).
// The SDK script is cached after the first SDK-mode mount, as it would be on a real site.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright';
import { startSimulator, type Simulator } from '../demo/simulator/server.js';
import { chromiumLaunchOptions } from '../scripts/find-browser.mjs';

interface ServerModule {
  createTokenHandler(options: Record<string, unknown>): (request: Request) => Promise<Response>;
  toNodeListener(handler: unknown): (req: unknown, res: unknown) => Promise<void>;
}
interface Timings {
  request: number;
  token: number;
  ready: number;
}

const RUNS = Number(process.env.BENCH_ELEMENT_RUNS ?? 30);
const BUNDLE_PATH = '/veratad-verify.js';
const root = new URL('../', import.meta.url);
// The built server module (no type declarations next to it here): imported by a specifier held in a variable.
const serverPath = new URL('dist/server.js', root).href;
let server: ServerModule;
try {
  server = (await import(serverPath)) as ServerModule;
} catch {
  console.error('bench: run `npm run build` first (dist/server.js and dist/veratad-verify.js are needed).');
  process.exit(1);
}
const bundle = readFileSync(new URL('dist/veratad-verify.js', root));

const page = `<!doctype html><meta charset="utf-8"><title>bench</title><body></body>`;
const browser = await chromium.launch(await chromiumLaunchOptions());
let simulator: Simulator | undefined;
let host: Server | undefined;

/** The simulator, and the page's own server whose token endpoints are createTokenHandler in front of it. */
async function startServers(): Promise<{ origin: string; simulatorOrigin: string }> {
  const sim = await startSimulator();
  simulator = sim;
  const upstream = {
    user: 'demo-user',
    pass: 'demo-pass',
    endpoint: `${sim.url}/token/create`,
    linkEndpoint: `${sim.url}/link/generate`,
  };
  const sdkListener = server.toNodeListener(server.createTokenHandler(upstream));
  const linkListener = server.toNodeListener(
    server.createTokenHandler({ ...upstream, link: async () => ({ fn: 'Ada', ln: 'Lovelace' }) }),
  );
  const pageServer = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bench.invalid').pathname;
    if (path === '/api/token') return void sdkListener(req, res);
    if (path === '/api/token-link') return void linkListener(req, res);
    if (path === BUNDLE_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      return void res.end(bundle);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  host = pageServer;
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`, simulatorOrigin: sim.origin };
}

/** One cold page: ms from `import()` of the bundle until `customElements.whenDefined` resolves. */
async function coldImport(origin: string): Promise<number> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(origin);
  const ms = await tab.evaluate(async (src) => {
    const start = performance.now();
    await import(src);
    await customElements.whenDefined('veratad-verify');
    return performance.now() - start;
  }, BUNDLE_PATH);
  await context.close();
  return ms;
}

/** Mounts one element and times it; the element is removed afterwards. */
function mountOnce(tab: Page, tokenUrl: string, sdkOrigin: string): Promise<Timings> {
  return tab.evaluate(
    ([url, sim]) =>
      new Promise<Timings>((resolve, reject) => {
        const el = document.createElement('veratad-verify');
        el.setAttribute('token-url', url);
        el.setAttribute('first-name', 'Ada');
        el.setAttribute('last-name', 'Lovelace');
        el.setAttribute('sdk-src', `${sim}/js/initialize.js`);
        el.setAttribute('sdk-css', `${sim}/styles/style.css`);
        let request = Number.NaN;
        let token = Number.NaN;
        const realFetch = fetch;
        window.fetch = (...args: Parameters<typeof fetch>) => {
          request = performance.now() - start;
          window.fetch = realFetch;
          return realFetch(...args);
        };
        el.addEventListener('veratad-token', () => (token = performance.now() - start));
        el.addEventListener('veratad-ready', () => {
          const ready = performance.now() - start;
          el.remove();
          resolve({ request, token, ready });
        });
        el.addEventListener('veratad-error', (event) => {
          el.remove();
          reject(new Error(JSON.stringify((event as CustomEvent).detail)));
        });
        const start = performance.now();
        document.body.append(el);
      }),
    [tokenUrl, sdkOrigin] as const,
  );
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const row = (name: string, values: number[]) =>
  `| ${name.padEnd(28)} | ${quantile(values, 0.5).toFixed(1).padStart(8)} | ${quantile(values, 0.95).toFixed(1).padStart(8)} |`;

try {
  const { origin, simulatorOrigin } = await startServers();
  const imports: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 15); i++) imports.push(await coldImport(origin));

  const tab = await browser.newPage();
  await tab.goto(origin);
  await tab.evaluate((src) => import(src), BUNDLE_PATH);
  const results: Record<string, Timings[]> = { sdk: [], link: [] };
  // Warm-up: the first SDK-mode mount loads initialize.js, as the first visit to a real site would.
  await mountOnce(tab, '/api/token', simulatorOrigin);
  for (let i = 0; i < RUNS; i++) {
    results.sdk.push(await mountOnce(tab, '/api/token', simulatorOrigin));
    results.link.push(await mountOnce(tab, '/api/token-link', simulatorOrigin));
  }

  console.log(
    `bench:element: ${RUNS} mounts per mode, headless Chromium, page and simulator on 127.0.0.1, Node ${process.version}`,
  );
  console.log('');
  console.log(`| ${'figure (ms)'.padEnd(28)} |   median |      p95 |`);
  console.log(`|${'-'.repeat(30)}|---------:|---------:|`);
  console.log(row('cold import → defined', imports));
  for (const mode of ['sdk', 'link'] as const) {
    const timings = results[mode];
    console.log(
      row(
        `${mode}: append → POST sent`,
        timings.map((t) => t.request),
      ),
    );
    console.log(
      row(
        `${mode}: append → veratad-token`,
        timings.map((t) => t.token),
      ),
    );
    console.log(
      row(
        `${mode}: append → veratad-ready`,
        timings.map((t) => t.ready),
      ),
    );
  }
} finally {
  await browser.close();
  const pageServer = host;
  if (pageServer) {
    await new Promise<void>((resolve) => {
      pageServer.close(() => resolve());
      pageServer.closeAllConnections();
    });
  }
  await simulator?.close();
}
