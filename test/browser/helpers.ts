/** Shared helpers for the element's browser tests. */
import { fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { VeratadVerify } from '../../src/index.js';
import type { VeratadEventDetails, VeratadEventName } from '../../src/events.js';

// Every test file imports this module: any uncaught exception or unhandled rejection fails the test it happened in.
const uncaught: string[] = [];
window.addEventListener('error', (event) => uncaught.push(`uncaught exception: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => uncaught.push(`unhandled rejection: ${String(event.reason)}`));
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const found = uncaught.splice(0);
  if (found.length) throw new Error(found.join('\n'));
});

let counter = 0;

/** A unique key, so each test sees only its own requests at the scripted endpoint. */
export function uniqueKey(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface Step {
  status?: number;
  body?: unknown;
  raw?: string;
  type?: string;
  delay?: number;
  headers?: Record<string, string>;
}

/** The token-url for a scripted endpoint: request n answers with plan[n] (the last step repeats). */
export function tokenUrl(key: string, plan?: Step[]): string {
  const params = new URLSearchParams({ key });
  if (plan) params.set('plan', JSON.stringify(plan));
  return `/api/token?${params}`;
}

export interface SeenRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export async function requestsFor(key: string): Promise<SeenRequest[]> {
  const response = await fetch(`/api/requests?key=${encodeURIComponent(key)}`);
  return (await response.json()) as SeenRequest[];
}

/** Every veratad-* event an element fires, in order. */
export class EventLog {
  readonly events: Array<{ type: VeratadEventName; detail: unknown }> = [];
  static readonly NAMES: VeratadEventName[] = [
    'veratad-token',
    'veratad-ready',
    'veratad-status',
    'veratad-step',
    'veratad-close',
    'veratad-error',
    'veratad-expiring',
    'veratad-expired',
    'veratad-message',
  ];

  constructor(target: EventTarget) {
    for (const name of EventLog.NAMES) {
      target.addEventListener(name, (event) => this.events.push({ type: name, detail: (event as CustomEvent).detail }));
    }
  }

  types(): string[] {
    return this.events.map((event) => event.type);
  }

  of<K extends VeratadEventName>(type: K): VeratadEventDetails[K][] {
    return this.events.filter((event) => event.type === type).map((event) => event.detail as VeratadEventDetails[K]);
  }
}

/** Resolves with the detail of the next `type` event from `target`. */
export function nextEvent<K extends VeratadEventName>(target: EventTarget, type: K): Promise<VeratadEventDetails[K]> {
  return new Promise((resolve) => {
    target.addEventListener(type, (event) => resolve((event as CustomEvent<VeratadEventDetails[K]>).detail), {
      once: true,
    });
  });
}

/**
 * Resolves with veratad-ready's detail, or rejects at once on a veratad-error (so a broken session fails the
 * test quickly instead of at the mocha timeout). Tests that expect the error never await it, hence the catch.
 */
export function readyOrError(el: VeratadVerify): Promise<VeratadEventDetails['veratad-ready']> {
  const ready = Promise.race([
    nextEvent(el, 'veratad-ready'),
    nextEvent(el, 'veratad-error').then((error) => {
      throw new Error(`veratad-error ${error.code} instead of veratad-ready: ${error.message}`);
    }),
  ]);
  ready.catch(() => {});
  return ready;
}

/** Records every `fetch` the page makes (then lets it through) until `restore()`. */
export function spyOnFetch(): { calls: Array<{ url: string; init?: RequestInit }>; restore(): void } {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const realFetch = window.fetch;
  window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return realFetch(input, init);
  }) as typeof fetch;
  return { calls, restore: () => void (window.fetch = realFetch) };
}

export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds (fails the test after `timeout` ms). */
export async function until(condition: () => boolean, message = 'condition', timeout = 4000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${message}`);
    await wait(10);
  }
}

/** A Veratad-shaped success answer with a given token. */
export function veratadBody(token: string = crypto.randomUUID()) {
  return { result: 'Success', message: 'Token created successfully', token, age: '21+', rules: 'R1', store_on: 'FAIL' };
}

/** A JWT (unsigned; only the payload matters here) whose payload has the given `exp`. */
export function jwtWithExp(exp: number): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: 'u1', iat: Math.floor(Date.now() / 1000), exp })}.c2lnbmF0dXJl`;
}

/** The fake frame on a second origin (localhost vs the page's 127.0.0.1). */
export function fakeFrameLink(send?: unknown): string {
  const url = new URL('/test/browser/fixtures/fake-frame.html', location.href);
  url.hostname = 'localhost';
  if (send !== undefined) url.searchParams.set('send', JSON.stringify(send));
  return url.href;
}

/** Builds an element from markup and waits for its first render. */
export async function mount(markup: ReturnType<typeof html>): Promise<VeratadVerify> {
  return fixture<VeratadVerify>(markup);
}

export function shadow(el: VeratadVerify): ShadowRoot {
  return el.shadowRoot!;
}
