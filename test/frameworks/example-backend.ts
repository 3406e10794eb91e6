// What a framework example runs against in the tests: the VX simulator on its own port, and a real token endpoint
// in front of it (examples/node-http.mjs, i.e. createTokenHandler from the built dist/server.js), each on a free
// port of 127.0.0.1. Plus one headless Chromium page that records every <veratad-verify> event in order.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { build, preview } from 'vite';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import { chromiumLaunchOptions } from '../../scripts/find-browser.mjs';
import { EVENT_NAMES } from '../../src/events.js';

const USER = 'framework-example-user';
const PASS = 'framework-example-pass';

export interface ExampleBackend {
  simulator: Simulator;
  /** The token endpoint's origin, e.g. `http://127.0.0.1:41234` (it answers POST /api/veratad/token). */
  origin: string;
  close(): Promise<void>;
}

/** A Vite example built and served by `vite preview` in front of the example backend. */
export interface ServedExample {
  backend: ExampleBackend;
  /** Where `vite preview` serves it. */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the Vite example in `dir` with its own vite.config.ts, after setting its documented switches (its Web SDK
 * from the simulator, its /api proxied to the backend), and serves the build with `vite preview` on 127.0.0.1.
 */
export async function serveViteExample(dir: string): Promise<ServedExample> {
  const outDir = mkdtempSync(join(tmpdir(), 'veratad-vite-example-'));
  const backend = await startExampleBackend();
  try {
    process.env.VITE_VERATAD_SDK_SRC = `${backend.simulator.origin}/js/initialize.js`;
    process.env.VITE_VERATAD_SDK_CSS = `${backend.simulator.origin}/styles/style.css`;
    process.env.VERATAD_BACKEND = backend.origin;
    const config = { root: dir, configFile: join(dir, 'vite.config.ts'), logLevel: 'warn' as const };
    await build({ ...config, build: { outDir, emptyOutDir: true } });
    const server = await preview({
      ...config,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true },
    });
    const url = server.resolvedUrls?.local[0];
    assert.ok(url, 'vite preview is listening');
    return {
      backend,
      url,
      async close() {
        await server.close();
        await backend.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await backend.close();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
}

interface NodeHttpExample {
  start(port?: number, host?: string): Promise<Server>;
}

/** The simulator and the node:http token endpoint example, configured through its environment as a host would. */
export async function startExampleBackend(): Promise<ExampleBackend> {
  const simulator = await startSimulator({ port: 0, user: USER, pass: PASS });
  try {
    process.env.VERATAD_USER = USER;
    process.env.VERATAD_PASS = PASS;
    process.env.VERATAD_ENDPOINT = `${simulator.url}/token/create`;
    process.env.VERATAD_LINK_ENDPOINT = `${simulator.url}/link/generate`;
    // Computed, so tsc does not follow it into the untyped .mjs example.
    const path = new URL('../../examples/node-http.mjs', import.meta.url).href;
    const example = (await import(path)) as NodeHttpExample;
    const server = await example.start(0, '127.0.0.1');
    const { port } = server.address() as AddressInfo;
    return {
      simulator,
      origin: `http://127.0.0.1:${port}`,
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

export interface RecordedEvent {
  type: string;
  detail: unknown;
}

/** Runs in the page before its scripts: every element event, in order, on `window.__events`. */
function recordEvents(names: readonly string[]): void {
  const events: RecordedEvent[] = [];
  (window as unknown as { __events: RecordedEvent[] }).__events = events;
  for (const type of names) {
    document.addEventListener(type, (event) => events.push({ type, detail: (event as CustomEvent).detail }), true);
  }
}

/** One page of a headless Chromium, recording element events, console messages and page errors. */
export class ExamplePage {
  readonly console: Array<{ type: string; text: string }> = [];
  readonly pageErrors: string[] = [];
  readonly tokenRequests: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
  ) {
    page.on('console', (message) => this.console.push({ type: message.type(), text: message.text() }));
    page.on('pageerror', (error) => this.pageErrors.push(`${error.name}: ${error.message}`));
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/veratad/token') this.tokenRequests.push(request.method());
    });
  }

  static async open(url: string): Promise<ExamplePage> {
    const browser = await chromium.launch(await chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      await page.addInitScript(recordEvents, EVENT_NAMES);
      const example = new ExamplePage(browser, page);
      await page.goto(url);
      return example;
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async events(): Promise<RecordedEvent[]> {
    return this.page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);
  }
  /** The events' types without veratad-preflight, whose place against veratad-token depends on which answers first. */
  async sessionTypes(): Promise<string[]> {
    return (await this.events()).map((event) => event.type).filter((type) => type !== 'veratad-preflight');
  }

  /** Waits until the page has recorded `count` events of `type`. */
  async waitForEvents(type: string, count = 1): Promise<void> {
    await this.page.waitForFunction(
      ([name, n]) =>
        (window as unknown as { __events: RecordedEvent[] }).__events.filter((e) => e.type === name).length >= n,
      [type, count] as const,
      { polling: 25 },
    );
  }

  /** No uncaught error and no console error or warning (Vue prints its hydration mismatches as either). */
  assertQuiet(): void {
    assert.deepEqual(this.pageErrors, [], 'uncaught errors in the page');
    assert.deepEqual(
      this.console.filter((entry) => entry.type === 'error' || entry.type === 'warning'),
      [],
      'console errors and warnings',
    );
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
