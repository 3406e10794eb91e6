// The leak check behind `npm run bench:leaks` (bench/leaks.ts, 1,000 cycles, prints) and its short version in
// test/e2e/leaks.test.ts (100 cycles, asserts). The built bundle (dist/veratad-verify.js) runs in headless
// Chromium on a page of its own 127.0.0.1 port, with a scripted token endpoint, a stand-in Web SDK and a stand-in
// link page on a second origin (localhost, same port). Each scenario gets a fresh page: two warm-up cycles (the
// SDK script and stylesheet stay in the document by design), the counts, `cycles` mount/unmount cycles, the
// counts again. Counted through the Chrome DevTools Protocol after forced garbage collection: the listeners on
// window and on document, frames, documents, DOM nodes, all JS event listeners and the heap; live timers through
// an init script that wraps setTimeout/setInterval before the page's own scripts run.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
import { chromiumLaunchOptions } from '../scripts/find-browser.mjs';

export const SCENARIOS = [
  'SDK mode',
  'link mode',
  'removed mid-request',
  'removed mid-SDK-load',
  'removed mid-frame-load',
  'moved (SDK mode)',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Counts {
  windowListeners: number;
  documentListeners: number;
  liveTimers: number;
  frames: number;
  documents: number;
  nodes: number;
  jsEventListeners: number;
  heapKb: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  cycles: number;
  before: Counts;
  /** With the last cycle's element still in place, in its scenario's state: proof that the counts see it. */
  during: Counts;
  after: Counts;
}

const WARM_UP = 2;
const BUNDLE = '/veratad-verify.js';
const PAGE = '<!doctype html><meta charset="utf-8"><title>leaks</title><body><div id="a"></div><div id="b"></div>';
// A stand-in for Veratad's initialize.js: opens at once, keeps nothing per modal.
const FAKE_SDK =
  'window.veratad = { modal: class { constructor(o) { this.o = o; } open() { this.o.onOpen(); } destroy() {} } };';
const FRAME = '<!doctype html><meta charset="utf-8"><title>frame</title><p>stand-in link page</p>';

/** Runs before any page script: counts the timers that are armed and have neither fired nor been cleared. */
function countTimers(): void {
  const live = new Set<number>();
  const [set, clear] = [window.setTimeout.bind(window), window.clearTimeout.bind(window)];
  const [every, stop] = [window.setInterval.bind(window), window.clearInterval.bind(window)];
  window.setTimeout = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function') return set(handler, delay, ...args);
    const id = set(() => {
      live.delete(id);
      (handler as (...a: unknown[]) => void)(...args);
    }, delay);
    live.add(id);
    return id;
  }) as typeof setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) live.delete(id);
    clear(id);
  }) as typeof clearTimeout;
  window.setInterval = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    const id = every(handler, delay, ...args);
    live.add(id);
    return id;
  }) as typeof setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) live.delete(id);
    stop(id);
  }) as typeof clearInterval;
  Object.assign(window, { __liveTimers: () => live.size, __realSetTimeout: set });
}

/**
 * In the page: `cycles` mounts and removals of one scenario; rejects at the first veratad-error. With `keep`, the
 * last element stays where its scenario left it (window.__kept) instead of being removed.
 */
async function runCycles([scenario, cycles, first, keep]: [Scenario, number, number, boolean]): Promise<void> {
  const realSetTimeout = (window as unknown as { __realSetTimeout: typeof setTimeout }).__realSetTimeout;
  const task = () => new Promise((resolve) => realSetTimeout(resolve, 0));
  const [a, b] = [document.getElementById('a')!, document.getElementById('b')!];
  const once = (el: Element, type: string) =>
    new Promise<void>((resolve, reject) => {
      el.addEventListener(type, () => resolve(), { once: true });
      el.addEventListener(
        'veratad-error',
        (event) => reject(new Error(`${scenario}: ${JSON.stringify((event as CustomEvent).detail)}`)),
        { once: true },
      );
    });
  const arrived = (key: string) => fetch(`/arrived?key=${key}`).then((response) => response.text());

  for (let i = first; i < first + cycles; i++) {
    const key = `${scenario.replace(/\W+/g, '-')}-${i}`;
    const answer = {
      'SDK mode': 'sdk',
      'link mode': 'link',
      'removed mid-request': 'hold',
      'removed mid-SDK-load': 'sdk',
      'removed mid-frame-load': 'link-held',
      'moved (SDK mode)': 'sdk',
    }[scenario];
    const el = document.createElement('veratad-verify');
    el.setAttribute('token-url', `/token?answer=${answer}&key=${key}`);
    el.setAttribute('sdk-src', scenario === 'removed mid-SDK-load' ? '/held/sdk.js' : '/sdk.js');
    el.setAttribute('sdk-css', '/sdk.css');
    const ready = once(el, 'veratad-ready');
    const token = once(el, 'veratad-token');
    ready.catch(() => {});
    token.catch(() => {});
    a.append(el);
    if (scenario === 'removed mid-request') {
      await arrived(key);
    } else if (scenario === 'removed mid-SDK-load') {
      await token;
      await task();
    } else if (scenario === 'removed mid-frame-load') {
      await token;
      await arrived(key);
    } else {
      await ready;
    }
    if (scenario === 'moved (SDK mode)') {
      const again = once(el, 'veratad-ready');
      b.append(el);
      await again;
    }
    if (keep && i === first + cycles - 1) Object.assign(window, { __kept: el });
    else el.remove();
  }
  // Let what the last removal aborted settle (rejections, closed connections) before anything is counted.
  for (let i = 0; i < 3; i++) await task();
}

async function counts(page: Page, cdp: CDPSession): Promise<Counts> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const listenersOf = async (expression: string) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression, objectGroup: 'leaks' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
    return listeners.length;
  };
  const windowListeners = await listenersOf('window');
  const documentListeners = await listenersOf('document');
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'leaks' });
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? Number.NaN;
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const liveTimers = await page.evaluate(() => (window as unknown as { __liveTimers: () => number }).__liveTimers());
  return {
    windowListeners,
    documentListeners,
    liveTimers,
    frames: metric('Frames'),
    documents: metric('Documents'),
    nodes: metric('Nodes'),
    jsEventListeners: metric('JSEventListeners'),
    heapKb: Math.round(usedSize / 1024),
  };
}

/** The page's server: the bundle, the scripted token endpoint, the stand-ins, and requests that never answer. */
function startServer(bundle: Buffer): Promise<{ server: Server; port: number }> {
  const arrivals = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  let port = 0;
  const arrive = (key: string | null) => {
    if (!key) return;
    arrivals.add(key);
    for (const wake of waiting.get(key)?.splice(0) ?? []) wake();
  };
  const send = (res: ServerResponse, type: string, body: string | Buffer) => {
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };
  // Never answered: the browser gives up (an abort, a removed frame) or the server closes at the end.
  const hold = (req: IncomingMessage) => void req.resume();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://leaks.invalid');
    const key = url.searchParams.get('key');
    if (req.method === 'HEAD') return void res.writeHead(204).end(); // the link's reachability check
    if (url.pathname.startsWith('/held/')) {
      arrive(key);
      return hold(req);
    }
    if (url.pathname === '/token') {
      arrive(key);
      const answer = url.searchParams.get('answer');
      if (answer === 'hold') return hold(req);
      const body: Record<string, unknown> = { token: `tok-${key}`, expires_in: 600 };
      if (answer === 'link') body.link = `http://localhost:${port}/frame?key=${key}`;
      if (answer === 'link-held') body.link = `http://localhost:${port}/held/frame?key=${key}`;
      return void req.resume().once('end', () => send(res, 'application/json', JSON.stringify(body)));
    }
    if (url.pathname === '/arrived') {
      if (arrivals.has(key ?? '')) return void res.writeHead(204).end();
      const list = waiting.get(key ?? '') ?? [];
      waiting.set(key ?? '', list);
      return void list.push(() => res.writeHead(204).end());
    }
    if (url.pathname === BUNDLE) return send(res, 'text/javascript', bundle);
    if (url.pathname === '/sdk.js') return send(res, 'text/javascript', FAKE_SDK);
    if (url.pathname === '/sdk.css') return send(res, 'text/css', '');
    if (url.pathname === '/frame') return send(res, 'text/html; charset=utf-8', FRAME);
    send(res, 'text/html; charset=utf-8', PAGE);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({ server, port });
    }),
  );
}

async function runScenario(browser: Browser, origin: string, scenario: Scenario, cycles: number) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(countTimers);
    await page.goto(origin);
    await page.evaluate((src) => import(src), BUNDLE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.evaluate(runCycles, [scenario, WARM_UP, 0, false] as [Scenario, number, number, boolean]);
    const before = await counts(page, cdp);
    await page.evaluate(runCycles, [scenario, cycles, WARM_UP, true] as [Scenario, number, number, boolean]);
    const during = await counts(page, cdp);
    await page.evaluate(async () => {
      const global = window as unknown as { __kept?: Element; __keptPhase?: string };
      global.__keptPhase = global.__kept?.getAttribute('phase') ?? '';
      global.__kept?.remove();
      delete global.__kept;
      const realSetTimeout = (window as unknown as { __realSetTimeout: typeof setTimeout }).__realSetTimeout;
      for (let i = 0; i < 3; i++) await new Promise((resolve) => realSetTimeout(resolve, 0));
    });
    const after = await counts(page, cdp);
    return { scenario, cycles, before, during, after };
  } finally {
    await context.close();
  }
}

/** Runs the scenarios (all by default) on the built bundle; `onResult` hears each one as it ends. */
export async function runLeakCheck(options: {
  cycles: number;
  scenarios?: readonly Scenario[];
  onResult?: (result: ScenarioResult) => void;
}): Promise<ScenarioResult[]> {
  let bundle: Buffer;
  try {
    bundle = readFileSync(new URL('../dist/veratad-verify.js', import.meta.url));
  } catch {
    throw new Error('dist/veratad-verify.js is missing: run `npm run build` first.');
  }
  const { server, port } = await startServer(bundle);
  const browser = await chromium.launch(await chromiumLaunchOptions());
  try {
    const results: ScenarioResult[] = [];
    for (const scenario of options.scenarios ?? SCENARIOS) {
      const result = await runScenario(browser, `http://127.0.0.1:${port}`, scenario, options.cycles);
      options.onResult?.(result);
      results.push(result);
    }
    return results;
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
