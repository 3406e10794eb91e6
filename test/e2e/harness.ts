// Shared harness for the end-to-end tests: one demo stack (Vite + token endpoint + VX simulator) and one
// headless Chromium per test file, a fresh page per test, every <veratad-verify> event recorded in the page,
// every token request/answer, console message and page error recorded in Node.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before } from 'node:test';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright';
import type { Failure } from '../../demo/failure-switch.js';
import { startDemo, type DemoStack } from '../../demo/stack.js';
import { chromiumLaunchOptions } from '../../scripts/find-browser.mjs';
import { EVENT_NAMES, type Mode, type VeratadEventDetails, type VeratadEventName } from '../../src/events.js';

export const TOKEN_PATH = '/api/veratad/token';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'e2e');

/** One recorded event: its order in the page, name, detail (JSON copy), the element's phase and the page's clock. */
export interface Recorded<K extends VeratadEventName = VeratadEventName> {
  seq: number;
  type: K;
  detail: VeratadEventDetails[K];
  phase: string | null;
  at: number;
}

/** What the init script below keeps on the page's window. */
interface RecorderWindow {
  __e2e: { events: Recorded[]; rejections: string[] };
}

export interface ConsoleEntry {
  type: string;
  text: string;
  url: string;
}

export interface TokenRequestSeen {
  url: URL;
  method: string;
  body: string | null;
}

export interface TokenAnswerSeen {
  url: URL;
  status: number;
  body: unknown;
}

/** A console error the test expects, with the reason it is harmless. */
export interface Allowance {
  why: string;
  matches(entry: ConsoleEntry): boolean;
}

/** The settings the simulator returns with every token (demo/simulator/README.md, POST /token/create). */
export function simulatorSettings(simulatorOrigin: string): Record<string, string> {
  return {
    age: '21+',
    rules: 'DCAMS5_0_RuleSet_NAME_DOB',
    store_on: 'FAIL',
    company_name_for_email: 'Veratad Simulator Demo Co.',
    email_logo_link: `${simulatorOrigin}/images/logo.svg`,
    email_logo_height: '50',
    email_logo_width: '80',
    dcams_manual_rules: 'DCAMS5_0_Manual_Review_RuleSet_NAME_DOB',
  };
}

/** Runs in the page (and, harmlessly skipped, in every frame) before any of the page's own scripts. */
function recorderScript(names: readonly string[]): void {
  if (window.top !== window) return;
  const state: RecorderWindow['__e2e'] = { events: [], rejections: [] };
  (window as unknown as RecorderWindow).__e2e = state;
  for (const type of names) {
    // Capture phase on document: the events are composed and bubble, so they all pass here first.
    document.addEventListener(
      type,
      (event) => {
        const target = event.target as Element | null;
        state.events.push({
          seq: state.events.length,
          type: type as VeratadEventName,
          detail: JSON.parse(JSON.stringify((event as CustomEvent).detail ?? null)) as Recorded['detail'],
          phase: target?.getAttribute?.('phase') ?? null,
          at: Date.now(),
        });
      },
      true,
    );
  }
  // Belt and braces next to Playwright's `pageerror`, which reports unhandled rejections too.
  window.addEventListener('unhandledrejection', (event) => state.rejections.push(String(event.reason)));
}

/**
 * One demo stack and one browser for the calling test file, with a fresh page per test: registers the hooks and
 * returns the running suite (available from the first test on).
 */
export function useSuite(name: string): () => Suite {
  let suite: Suite | undefined;
  before(async () => {
    suite = await Suite.start(name);
  });
  afterEach(async () => {
    await suite?.closePages();
  });
  after(async () => {
    await suite?.stop();
  });
  return () => {
    if (!suite) throw new Error(`the ${name} e2e suite did not start`);
    return suite;
  };
}

export class Suite {
  readonly #pages = new Set<DemoPage>();

  private constructor(
    readonly stack: DemoStack,
    readonly browser: Browser,
    readonly name: string,
  ) {}

  /** Starts one demo stack (free ports) and one headless Chromium for a test file. */
  static async start(name: string): Promise<Suite> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const stack = await startDemo({ port: 0, simulatorPort: 0 });
    let browser: Browser;
    try {
      browser = await chromium.launch(await chromiumLaunchOptions());
    } catch (error) {
      await stack.close();
      throw error;
    }
    const suite = new Suite(stack, browser, name);
    try {
      // Warm-up: the first page load of a fresh checkout makes Vite pre-bundle lit and zod, which can reload
      // the page once. Absorb that here so every test sees exactly one navigation.
      const warm = await suite.open('warm-up');
      await warm.nextEvent('veratad-ready');
      await suite.closePages();
    } catch (error) {
      // `before` failed, so `after` has no suite to stop: stop it here, or the process would not exit.
      await suite.stop();
      throw error;
    }
    return suite;
  }

  get simulatorOrigin(): string {
    assert.ok(this.stack.simulatorOrigin, 'the demo stack runs the simulator');
    return this.stack.simulatorOrigin;
  }

  /**
   * A fresh page (its own browser context) on the demo, with every recorder attached. `beforeLoad` runs just
   * before the navigation, e.g. to start a `page.waitForResponse` for the request the page makes on load.
   */
  async open(label: string, beforeLoad?: (page: Page) => void): Promise<DemoPage> {
    const page = await this.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const demo = new DemoPage(this, page, `${this.name}-${label}`);
    this.#pages.add(demo);
    await page.addInitScript(recorderScript, EVENT_NAMES);
    beforeLoad?.(page);
    await page.goto(this.stack.url);
    return demo;
  }

  async closePages(): Promise<void> {
    const pages = [...this.#pages];
    this.#pages.clear();
    await Promise.all(pages.map((demo) => demo.page.context().close()));
  }

  async stop(): Promise<void> {
    await this.closePages();
    await this.browser.close();
    await this.stack.close();
  }
}

export class DemoPage {
  readonly console: ConsoleEntry[] = [];
  readonly pageErrors: string[] = [];
  readonly requests: TokenRequestSeen[] = [];
  readonly #answers: Array<Promise<TokenAnswerSeen>> = [];
  #navigations = 0;
  #shots = 0;

  constructor(
    readonly suite: Suite,
    readonly page: Page,
    readonly label: string,
  ) {
    page.on('console', (message: ConsoleMessage) => {
      this.console.push({ type: message.type(), text: message.text(), url: message.location().url });
    });
    page.on('pageerror', (error) => this.pageErrors.push(`${error.name}: ${error.message}`));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.#navigations++;
    });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === TOKEN_PATH) this.requests.push({ url, method: request.method(), body: request.postData() });
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname !== TOKEN_PATH) return;
      this.#answers.push(
        response.text().then(
          (text) => ({ url, status: response.status(), body: JSON.parse(text) as unknown }),
          () => ({ url, status: response.status(), body: undefined }),
        ),
      );
    });
  }

  /** The element under test (the demo keeps exactly one in #host). */
  get element() {
    return this.page.locator('#host > veratad-verify');
  }

  /** The built-in view in the element's shadow DOM (Playwright's CSS engine pierces open shadow roots). */
  get view() {
    return this.page.locator('#host > veratad-verify [part="status"]');
  }

  /** The link-mode iframe in the element's shadow DOM. */
  get linkFrame() {
    return this.page.locator('#host > veratad-verify iframe[part="frame"]');
  }

  /** The Web SDK's light-DOM iframe (the overlay in SDK mode). */
  get sdkFrame() {
    return this.page.locator('#veratad-frame');
  }

  async phase(): Promise<string | null> {
    return this.element.getAttribute('phase');
  }

  /** Waits until the element reflects `phase` (event-free transitions such as `loading`). */
  async waitForPhase(phase: string): Promise<void> {
    await this.page.locator(`#host > veratad-verify[phase="${phase}"]`).waitFor({ state: 'attached' });
  }

  async events(): Promise<Recorded[]> {
    return this.page.evaluate(() => (window as unknown as RecorderWindow).__e2e.events);
  }

  async eventsOf<K extends VeratadEventName>(type: K, since = -1): Promise<Array<Recorded<K>>> {
    return (await this.events()).filter((event): event is Recorded<K> => event.type === type && event.seq > since);
  }

  /** The sequence number of the last event so far: pass it to `nextEvent` to wait only for later ones. */
  async mark(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as RecorderWindow).__e2e.events.length - 1);
  }

  /** The first event of `type` recorded after `since` (a `mark()`), waiting for it if needed (by default 10 s). */
  async nextEvent<K extends VeratadEventName>(type: K, since = -1, timeoutMs?: number): Promise<Recorded<K>> {
    try {
      await this.page.waitForFunction(
        ([name, after]) =>
          (window as unknown as RecorderWindow).__e2e.events.some((e) => e.type === name && e.seq > after),
        [type, since] as const,
        { polling: 25, timeout: timeoutMs },
      );
    } catch (error) {
      const seen = await this.events().catch(() => []);
      throw new Error(
        `No ${type} after #${since}. Events so far:\n${JSON.stringify(seen, null, 1)}\n${String(error)}`,
        { cause: error },
      );
    }
    return (await this.eventsOf(type, since))[0];
  }

  /** The types of every event after `since`, in order. */
  async typesSince(since: number): Promise<string[]> {
    // veratad-preflight's place against veratad-token depends on which answers first; the demo test reads it.
    const types = (await this.events()).filter((event) => event.seq > since).map((event) => event.type);
    return types.filter((type) => type !== 'veratad-preflight');
  }

  /** Every token endpoint answer so far (bodies parsed), in arrival order. */
  async answers(): Promise<TokenAnswerSeen[]> {
    return Promise.all(this.#answers);
  }

  /** Saves the page (the whole page by default; `fullPage: false` for the viewport, e.g. with a modal open). */
  async screenshot(name: string, { fullPage = true } = {}): Promise<void> {
    this.#shots++;
    const file = `${this.label}-${String(this.#shots).padStart(2, '0')}-${name}.png`;
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage });
  }

  /** Clicks a button of the simulator's fake journey, inside the frame `frameSelector` (another origin). */
  async pressInJourney(frameSelector: string, label: string): Promise<void> {
    await this.page.frameLocator(frameSelector).getByRole('button', { name: label, exact: true }).click();
  }

  /**
   * Sets the demo's "Token endpoint" switch, which the backend applies at once (also to the element already on
   * the page), and waits until the backend has taken it.
   */
  async setEndpointFailure(fail: Failure): Promise<void> {
    await this.page.locator('#fail').selectOption(fail);
    await this.page.locator(`#fail[data-applied="${fail}"]`).waitFor({ state: 'attached' });
  }

  /** Switches the demo's mode radio and applies it (a new element, so a new token request). */
  async applyMode(mode: Mode): Promise<void> {
    await this.page.locator(`input[name="mode"][value="${mode}"]`).check();
    await this.page.locator('#apply').click();
  }

  /**
   * The token must never leave the element: not in any event detail, not in the element's attributes or shadow
   * DOM, not anywhere in the page's markup, not in the console. The one exception is the Web SDK's own
   * `#veratad-frame`, whose `src` the vendor's initialize.js points at its journey with the token (that is how
   * Veratad's SDK works; the element never writes it), so that frame is cut out of the markup before the scan.
   */
  async assertTokenNotExposed(token: string): Promise<void> {
    assert.ok(token.length >= 16, 'a real token to look for');
    const events = await this.events();
    for (const event of events) {
      assert.ok(!JSON.stringify(event.detail).includes(token), `${event.type} detail leaks the token`);
    }
    const exposed = await this.page.evaluate((secret) => {
      const element = document.querySelector('#host > veratad-verify');
      const found: string[] = [];
      for (const name of element?.getAttributeNames() ?? []) {
        if (element?.getAttribute(name)?.includes(secret)) found.push(`attribute ${name}`);
      }
      if (element?.shadowRoot?.innerHTML.includes(secret)) found.push('shadow DOM');
      const copy = document.documentElement.cloneNode(true) as HTMLElement;
      copy.querySelector('#veratad-frame')?.remove();
      if (copy.outerHTML.includes(secret)) found.push('page markup');
      if (document.getElementById('log')?.textContent?.includes(secret)) found.push('demo event log');
      return found;
    }, token);
    assert.deepEqual(exposed, [], 'the token is exposed');
    for (const entry of this.console) assert.ok(!entry.text.includes(token), `console ${entry.type} leaks the token`);
  }

  /**
   * No uncaught exception, unhandled rejection or console error happened, except the listed allowances;
   * and the page loaded exactly once (no reload by Vite or by the element).
   */
  async assertClean(allowances: Allowance[] = []): Promise<void> {
    // A round trip through the page makes sure every console message sent before it has arrived.
    const rejections = await this.page.evaluate(() => (window as unknown as RecorderWindow).__e2e.rejections);
    assert.deepEqual(this.pageErrors, [], 'uncaught errors in the page');
    assert.deepEqual(rejections, [], 'unhandled rejections in the page');
    const allowed = [...allowances, reachabilityCheck(new URL(this.page.url()).origin)];
    const errors = this.console.filter(
      (entry) => entry.type === 'error' && !allowed.some((allow) => allow.matches(entry)),
    );
    assert.deepEqual(errors, [], 'console errors');
    assert.equal(this.#navigations, 1, 'the page was loaded exactly once');
  }
}

/**
 * Link mode's reachability check sends HEAD to the link's origin root (src/link-probe.ts). The simulator has no
 * page at its root and answers 404, which Chromium logs as a console error for that URL: expected, since any
 * answer means the host is reachable. Only that line, for the root of an origin other than the page's.
 */
function reachabilityCheck(pageOrigin: string): Allowance {
  return {
    why: "the link's reachability check got the simulator's 404 for its root",
    matches: (entry) =>
      entry.text.startsWith('Failed to load resource: the server responded with a status of 404 ') &&
      new URL(entry.url).pathname === '/' &&
      new URL(entry.url).origin !== pageOrigin,
  };
}

/**
 * Chromium logs every HTTP error answer to a fetch as a console error ("Failed to load resource: the server
 * responded with a status of 500 (Internal Server Error)"), attributed to the request's URL. When a test makes
 * the demo endpoint fail on purpose, exactly those lines, for the token endpoint and that status, are expected.
 */
export function intentionalEndpointFailure(status: number): Allowance {
  return {
    why: `the demo endpoint was told to fail and answered HTTP ${status}`,
    matches: (entry) =>
      entry.text.startsWith(`Failed to load resource: the server responded with a status of ${status} `) &&
      new URL(entry.url).pathname === TOKEN_PATH,
  };
}
