/**
 * The element under test, mounted one way for every behaviour test, and what it fires. The import of
 * src/index.ts below is answered by dist/veratad-verify.js in the bundle run (see web-test-runner.config.mjs).
 */
import '../../../src/index.js';
import type { VeratadVerify } from '../../../src/index.js';
import { EVENT_NAMES, type VeratadEventDetails, type VeratadEventName } from '../../../src/events.js';
import { requestsFor, tokenUrl, uniqueKey, type SeenRequest, type Step } from './endpoint.js';
import { afterThisTest } from './teardown.js';

const FIXTURES = '/test/browser/fixtures';

/** Which build this run tests: "src" (the default) or "bundle" (dist/veratad-verify.js). */
export const TARGET = document.querySelector('meta[name="veratad-target"]')?.getAttribute('content') ?? 'src';

export interface MountOptions {
  /** The scripted endpoint's answers (default: Veratad's own success answer, SDK mode). */
  plan?: Step[];
  /** The endpoint key (default: a fresh one). */
  key?: string;
  /** Another token-url, or null for none (default: the scripted endpoint with `plan`). */
  tokenUrl?: string | null;
  attrs?: Record<string, string>;
  props?: Partial<VeratadVerify>;
  /** Children given `slot="<name>"`, class `custom-<name>` and the text "Custom <name> view". */
  slotted?: readonly string[];
  /** Where the element goes (default: the body), or null to leave it detached. */
  parent?: ParentNode | null;
}

export interface Mounted {
  el: VeratadVerify;
  /** Every veratad-* event the element fired, from before it was connected. */
  log: EventLog;
  key: string;
  /** veratad-ready's detail, or a rejection at the first veratad-error (see readyOrError). */
  ready: Promise<VeratadEventDetails['veratad-ready']>;
  /** The requests the endpoint has seen for this element's key; with `count`, once that many have arrived. */
  requests: (count?: number) => Promise<SeenRequest[]>;
  /** The SDK script and stylesheet URLs it was given. */
  sdkSrc: string;
  sdkCss: string;
}

/**
 * Builds a `<veratad-verify>` against the scripted endpoint and connects it (which sends the token request, in the
 * same task). In SDK mode it gets the fake Web SDK (fixtures/fake-sdk.js) under URLs of its own, so a fresh page
 * state loads it afresh. The shared teardown removes it.
 */
export function mount(options: MountOptions = {}): Mounted {
  const key = options.key ?? uniqueKey();
  const el = document.createElement('veratad-verify');
  if (options.tokenUrl !== null) el.setAttribute('token-url', options.tokenUrl ?? tokenUrl(key, options.plan));
  const sdkSrc = `${FIXTURES}/fake-sdk.js?t=${key}`;
  const sdkCss = `${FIXTURES}/fake-sdk.css?t=${key}`;
  el.setAttribute('sdk-src', sdkSrc);
  el.setAttribute('sdk-css', sdkCss);
  for (const [name, value] of Object.entries(options.attrs ?? {})) el.setAttribute(name, value);
  Object.assign(el, options.props ?? {});
  for (const name of options.slotted ?? []) {
    const custom = document.createElement('div');
    custom.slot = name;
    custom.className = `custom-${name}`;
    custom.textContent = `Custom ${name} view`;
    el.append(custom);
  }
  const log = new EventLog(el);
  const ready = readyOrError(el);
  afterThisTest(() => el.remove());
  if (options.parent !== null) (options.parent ?? document.body).append(el);
  return {
    el,
    log,
    key,
    ready,
    requests: (count) => requestsFor(key, count),
    sdkSrc: el.sdkSrc,
    sdkCss: el.sdkCss,
  };
}

/** Every veratad-* event fired at a target (an element, or document for all of them), in order. */
export class EventLog {
  readonly events: Array<{ type: VeratadEventName; detail: unknown }> = [];

  constructor(target: EventTarget) {
    const record = (event: Event) =>
      this.events.push({ type: event.type as VeratadEventName, detail: (event as CustomEvent).detail });
    for (const name of EVENT_NAMES) target.addEventListener(name, record);
    afterThisTest(() => EVENT_NAMES.forEach((name) => target.removeEventListener(name, record)));
  }

  types(): string[] {
    return this.events.map((event) => event.type);
  }

  /**
   * The types without `veratad-preflight`, whose place before or after `veratad-token` depends on which answers
   * first (its own order, before `veratad-ready`, is proved in preflight.test.ts).
   */
  sessionTypes(): string[] {
    return this.types().filter((type) => type !== 'veratad-preflight');
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

/** Resolves with the detail of whichever of veratad-token and veratad-error `target` fires first. */
export function tokenOrError(
  target: EventTarget,
): Promise<VeratadEventDetails['veratad-token'] | VeratadEventDetails['veratad-error']> {
  return Promise.race([nextEvent(target, 'veratad-token'), nextEvent(target, 'veratad-error')]);
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

/** The view (loading, error, expired or closed), if one is rendered. */
export function statusView(el: VeratadVerify): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>('[part~="status"]');
}

/** The view's "Try again" / "Start again" button, if it has one. */
export function viewButton(el: VeratadVerify): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="status"] button');
}

/** The link-mode iframe, if there is one. */
export function linkFrame(el: VeratadVerify): HTMLIFrameElement | null {
  return el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe');
}

/** How many `#veratad-frame` the document holds (a number: wtr cannot report DOM nodes in a failed assertion). */
export function sdkFrameCount(): number {
  return document.querySelectorAll('#veratad-frame').length;
}
