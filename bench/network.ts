// npm run bench:network: how soon <veratad-verify> is ready on a phone network, with and without overlap.
//
// Headless Chromium with Chrome DevTools Protocol network emulation (Network.emulateNetworkConditions: 150 ms
// latency, 1.6 Mbps down, 750 kbps up) on every request a page makes once it has loaded. Three local servers,
// all on 127.0.0.1: the page's own (the page, the built bundle, and createTokenHandler from dist/server.js as its
// token endpoint, which waits ?delay= ms before handling: 300 stands for Veratad's Create Token), the Veratad
// simulator (the handler's upstream), and an "SDK origin" passing every request through to the simulator, so
// initialize.js, style.css and the SDK's frame page come from another origin, as Veratad's do. That pass-through
// marks the two SDK files cacheable for an hour (the simulator says no-cache; Veratad's own headers are not
// documented).
//
// For SDK mode and link mode, on a cold cache (a page whose HTTP cache is disabled through CDP) and a warm one (a
// page that has made the same visit once before), each run in a new document, it mounts the element without
// preload, with the `preload` attribute, and after `VeratadVerify.preload()` called 1 s before the mount. It
// prints the median and p95 of append → token answer (`veratad-token`), append → SDK ready (initialize.js
// evaluated: its script's `load`; negative when that came before the append), append → `veratad-ready`, and the
// serial sum (the token, then the SDK's own download, then what followed both): the time with nothing overlapping.
//
// BENCH_NETWORK_RUNS (default 20) runs per row; BENCH_NETWORK_DELAYS (default "300"; "0,300" for both) the token
// delays in ms; BENCH_NETWORK_MODES (default "sdk,link"). Rows are interleaved run by run, so a busy moment hits
// them all alike.
import {
  request as httpRequest,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium, type CDPSession, type Page } from 'playwright';
import { startSimulator } from '../demo/simulator/server.js';
import { chromiumLaunchOptions } from '../scripts/find-browser.mjs';
import { PAGE, mountAndTime, type Figures, type Variant } from './network-page.js';

interface ServerModule {
  createTokenHandler(options: Record<string, unknown>): (request: Request) => Promise<Response>;
  toNodeListener(handler: unknown): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}
type Mode = 'sdk' | 'link';
type Cache = 'cold' | 'warm';
interface Row {
  mode: Mode;
  cache: Cache;
  variant: Variant;
  delay: number;
  figures: Figures[];
}

const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').filter(Boolean);
const RUNS = Number(process.env.BENCH_NETWORK_RUNS ?? 20);
const DELAYS = list('BENCH_NETWORK_DELAYS', '300').map(Number);
const MODES = list('BENCH_NETWORK_MODES', 'sdk,link') as Mode[];
if (!(RUNS >= 1) || DELAYS.some((d) => !(d >= 0)) || MODES.some((m) => m !== 'sdk' && m !== 'link')) {
  console.error('bench:network: BENCH_NETWORK_RUNS ≥ 1, BENCH_NETWORK_DELAYS ms ≥ 0, BENCH_NETWORK_MODES sdk,link.');
  process.exit(1);
}
const CONDITIONS = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const UNTHROTTLED = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

const root = new URL('../', import.meta.url);
let server: ServerModule;
try {
  server = (await import(new URL('dist/server.js', root).href)) as ServerModule;
} catch {
  console.error('bench:network: run `npm run build` first (dist/server.js and dist/veratad-verify.js are needed).');
  process.exit(1);
}
const bundle = gzipSync(readFileSync(new URL('dist/veratad-verify.js', root)), { level: 9 });

const servers: Server[] = [];
async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const httpServer = createServer(handler);
  servers.push(httpServer);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
}

const simulator = await startSimulator();
const upstream = {
  user: 'demo-user',
  pass: 'demo-pass',
  endpoint: `${simulator.url}/token/create`,
  linkEndpoint: `${simulator.url}/link/generate`,
};
const tokenListeners: Record<Mode, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
  sdk: server.toNodeListener(server.createTokenHandler(upstream)),
  link: server.toNodeListener(
    server.createTokenHandler({ ...upstream, link: async () => ({ fn: 'Ada', ln: 'Lovelace' }) }),
  ),
};

const SDK_FILES = new Set(['/js/initialize.js', '/styles/style.css']);
const simulatorPort = new URL(simulator.url).port;
const sdkOrigin = await listen((req, res) => {
  const path = new URL(req.url ?? '/', 'http://sdk.invalid').pathname;
  const upstreamRequest = httpRequest(
    { host: '127.0.0.1', port: simulatorPort, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      const headers = { ...answer.headers };
      if (SDK_FILES.has(path)) headers['cache-control'] = 'public, max-age=3600';
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    },
  );
  upstreamRequest.on('error', () => res.writeHead(502).end());
  req.pipe(upstreamRequest);
});

const pageOrigin = await listen((req, res) => {
  const url = new URL(req.url ?? '/', 'http://page.invalid');
  const mode = url.pathname === '/api/token' ? 'sdk' : url.pathname === '/api/token-link' ? 'link' : undefined;
  if (mode) {
    const delay = Number(url.searchParams.get('delay') ?? 0);
    setTimeout(() => void tokenListeners[mode](req, res), delay);
    return;
  }
  if (url.pathname === '/veratad-verify.js') {
    res.writeHead(200, {
      'Content-Type': 'text/javascript',
      'Content-Encoding': 'gzip',
      'Cache-Control': 'public, max-age=3600',
    });
    return void res.end(bundle);
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(PAGE);
});

const browser = await chromium.launch(await chromiumLaunchOptions());

interface Tab {
  page: Page;
  cdp: CDPSession;
}
const tabs = new Map<Cache, Tab>();

/** One page per cache state: "cold" has the HTTP cache disabled (CDP), "warm" keeps it. */
async function tabFor(cache: Cache): Promise<Tab> {
  let tab = tabs.get(cache);
  if (!tab) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: cache === 'cold' });
    tab = { page, cdp };
    tabs.set(cache, tab);
  }
  return tab;
}

/** One visit: a new document loaded at full speed, then the emulated network, then one timed mount. */
async function visit(row: Row): Promise<Figures> {
  const { page, cdp } = await tabFor(row.cache);
  await cdp.send('Network.emulateNetworkConditions', UNTHROTTLED);
  await page.goto(pageOrigin);
  await page.waitForFunction(() => customElements.get('veratad-verify') !== undefined);
  await cdp.send('Network.emulateNetworkConditions', CONDITIONS);
  const tokenUrl = `/api/${row.mode === 'sdk' ? 'token' : 'token-link'}?delay=${row.delay}`;
  try {
    return await page.evaluate(mountAndTime, { tokenUrl, sdkOrigin, variant: row.variant });
  } finally {
    // The session's frame page would go on running next to the other page's next visit.
    await page.goto('about:blank');
  }
}

/** The q-quantile, interpolated between the two nearest runs (so the median of 20 is the mean of the middle two). */
const quantile = (values: number[], q: number) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  return sorted[below] + (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]) * (at - below);
};
const median = (values: number[]) => quantile(values, 0.5);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '—');
const pair = (values: number[]) => `${ms(median(values))} / ${ms(quantile(values, 0.95))}`;
const VARIANT_NAMES: Record<Variant, string> = {
  none: 'no preload',
  attribute: '`preload`',
  early: '`preload()` 1 s before',
};

const rows: Row[] = [];
for (const delay of DELAYS) {
  for (const mode of MODES) {
    for (const cache of ['cold', 'warm'] as const) {
      for (const variant of ['none', 'attribute', 'early'] as const)
        rows.push({ mode, cache, variant, delay, figures: [] });
    }
  }
}

const started = Date.now();
try {
  // The warm page first makes each visit once, unmeasured, as a returning visitor has.
  for (const row of rows) if (row.cache === 'warm') await visit(row);
  for (let run = 0; run < RUNS; run++) {
    for (const row of rows) row.figures.push(await visit(row));
    process.stderr.write(`\rbench:network: run ${run + 1}/${RUNS} of ${rows.length} rows`);
  }
  process.stderr.write('\n');
  const version = browser.version();
  console.log(
    `bench:network: ${RUNS} runs per row, Chromium ${version}, Node ${process.version}, emulated ` +
      `${CONDITIONS.latency} ms latency, 1.6 Mbps down, 750 kbps up; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  for (const delay of DELAYS) {
    console.log(`\nToken endpoint delay +${delay} ms. Median / p95 in ms, from the append:\n`);
    console.log('| mode | cache | variant | token answer | SDK ready | `veratad-ready` | serial sum |');
    console.log('|---|---|---|---:|---:|---:|---:|');
    for (const row of rows.filter((r) => r.delay === delay)) {
      const f = row.figures;
      const cells = [row.mode, row.cache, VARIANT_NAMES[row.variant]];
      cells.push(
        ...[f.map((x) => x.token), f.map((x) => x.sdk), f.map((x) => x.ready), f.map((x) => x.serial)].map(pair),
      );
      console.log(`| ${cells.join(' | ')} |`);
    }
    const find = (cache: Cache, variant: Variant) =>
      rows.find((r) => r.delay === delay && r.mode === 'sdk' && r.cache === cache && r.variant === variant);
    const serial = find('cold', 'none');
    const attribute = find('cold', 'attribute');
    const early = find('cold', 'early');
    if (serial && attribute && early) {
      const ready = (row: Row) => median(row.figures.map((x) => x.ready));
      const ratio = ready(attribute) / median(serial.figures.map((x) => x.serial));
      const earlyRatio = ready(early) / median(early.figures.map((x) => x.token));
      console.log(
        `\nSDK mode, cold cache: with \`preload\`, ready = ${ratio.toFixed(2)} × the serial sum without it ` +
          `(target ≤ 0.75: ${ratio <= 0.75 ? 'met' : 'NOT met'}); with preload() 1 s before, ready = ` +
          `${earlyRatio.toFixed(2)} × its token answer (target ≤ 1.15: ${earlyRatio <= 1.15 ? 'met' : 'NOT met'}).`,
      );
    }
  }
} finally {
  await browser.close();
  for (const httpServer of servers) {
    httpServer.closeAllConnections();
    httpServer.close();
  }
  await simulator.close();
}
