/**
 * What the React tests share: a React root in the page (unmounted by the shared teardown), the callback props of
 * every event, recording what each handler was given, and a record of every event the element dispatched.
 * Nothing here imports support/element.ts: in the bundle run that would register the bundle's class first.
 */
import { createRoot, type Root } from 'react-dom/client';
import { EVENT_NAMES, type VeratadEventName } from '../../../src/events.js';
import type { VeratadEventProps } from '../../../src/react.js';
import { afterThisTest } from '../support/teardown.js';

const FIXTURES = '/test/browser/fixtures';

/** A React root on a fresh container in the body; the teardown unmounts it and removes the container. */
export function reactRoot(): { root: Root; container: HTMLElement } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  afterThisTest(() => {
    root.unmount();
    container.remove();
  });
  return { root, container };
}

/** The fake Web SDK under URLs of this test's own, so the page loads it afresh. */
export function fakeSdkUrls(key: string): { sdkSrc: string; sdkCss: string } {
  return { sdkSrc: `${FIXTURES}/fake-sdk.js?t=${key}`, sdkCss: `${FIXTURES}/fake-sdk.css?t=${key}` };
}

export interface Delivery {
  prop: string;
  type: string;
  detail: unknown;
}

/** `veratad-token` → `onVeratadToken`. */
export const propOf = (name: string) => `on${name.replace(/(?:^|-)([a-z])/g, (_, c: string) => c.toUpperCase())}`;

/** A callback prop for every event, each recording what it was given; `waiters` resolve at a given event. */
export class Handlers {
  readonly delivered: Delivery[] = [];
  readonly #waiting = new Map<string, Array<(detail: unknown) => void>>();

  /** The props to spread on `<VeratadVerify>`. */
  props(): VeratadEventProps {
    const props: VeratadEventProps = Object.fromEntries(
      EVENT_NAMES.map((type) => [
        propOf(type),
        (event: CustomEvent) => {
          this.delivered.push({ prop: propOf(type), type: event.type, detail: event.detail });
          for (const resolve of this.#waiting.get(type)?.splice(0) ?? []) resolve(event.detail);
        },
      ]),
    );
    return props;
  }

  /** Resolves at the next `type` a handler is given. */
  next(type: VeratadEventName): Promise<unknown> {
    return new Promise((resolve) => {
      const list = this.#waiting.get(type) ?? [];
      list.push(resolve);
      this.#waiting.set(type, list);
    });
  }

  types(): string[] {
    return this.delivered.map((call) => call.type);
  }

  /** The types without `veratad-preflight`, whose place against `veratad-token` depends on which answers first. */
  sessionTypes(): string[] {
    return this.types().filter((type) => type !== 'veratad-preflight');
  }
}

/** Every veratad-* event dispatched in the page (seen on document, where they all arrive), in order. */
export function dispatchedEvents(): string[] {
  const seen: string[] = [];
  const record = (event: Event) => seen.push(event.type);
  for (const name of EVENT_NAMES) document.addEventListener(name, record, true);
  afterThisTest(() => EVENT_NAMES.forEach((name) => document.removeEventListener(name, record, true)));
  return seen;
}

/** Every console.error call until the end of the test (React reports hydration mismatches there). */
export function consoleErrors(): string[] {
  const seen: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    seen.push(args.map(String).join(' '));
    original.apply(console, args);
  };
  afterThisTest(() => void (console.error = original));
  return seen;
}
