/** Loads Veratad's Web SDK (`initialize.js` and its stylesheet) once per URL per document. */
import { VerifyError } from './events.js';

export interface VeratadModal {
  open(): void;
  close?(): void;
  destroy?(): void;
}
export type ModalConstructor = new (options: Record<string, unknown>) => VeratadModal;
type VeratadGlobal = { veratad?: { modal?: ModalConstructor } };

export const sdkLoadError = () => new VerifyError('sdk-load', 'The Veratad Web SDK could not be loaded.', true);

/** Called once the script has loaded (true) or failed (false). */
type Waiter = (loaded: boolean) => void;

/**
 * Per script URL (absolute, so "/x.js" and "https://host/x.js" are one script): the sessions waiting for it, or
 * true once it has loaded. A session that is torn down while the
 * script loads takes its waiter out, so a script that never arrives holds no element (a pending promise would
 * keep every one of them).
 */
const scripts = new Map<string, Set<Waiter> | true>();
const stylesheets = new Set<string>();

function absolute(url: string): string {
  try {
    return new URL(url, document.baseURI).href;
  } catch {
    return url;
  }
}

function sdkConstructor(): ModalConstructor | undefined {
  const modal = (window as unknown as VeratadGlobal).veratad?.modal;
  return typeof modal === 'function' ? modal : undefined;
}

function addStylesheet(href: string): void {
  if (stylesheets.has(absolute(href))) return;
  stylesheets.add(absolute(href));
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

/** Appends the script tag; when it settles it wakes `waiting`, then keeps no listener (nothing left to retain). */
function appendScript(src: string, key: string, waiting: Set<Waiter>): void {
  const script = document.createElement('script');
  script.src = src;
  script.async = true;
  const settle = (event: Event) => {
    script.removeEventListener('load', settle);
    script.removeEventListener('error', settle);
    const loaded = event.type === 'load';
    if (loaded) scripts.set(key, true);
    else {
      // Forget the failed tag so that "Try again" really fetches the script again.
      scripts.delete(key);
      script.remove();
    }
    waiting.forEach((wake) => wake(loaded));
    waiting.clear();
  };
  script.addEventListener('load', settle);
  script.addEventListener('error', settle);
  document.head.append(script);
}

/** Adds the script once per URL and calls `waiter` when it settles; returns what stops the waiting. */
function addScript(src: string, waiter: Waiter): () => void {
  const key = absolute(src);
  const state = scripts.get(key);
  if (state === true) {
    queueMicrotask(() => waiter(true));
    return () => {};
  }
  const waiting = state ?? new Set<Waiter>();
  if (!state) {
    scripts.set(key, waiting);
    appendScript(src, key, waiting);
  }
  waiting.add(waiter);
  return () => waiting.delete(waiter);
}

/**
 * Adds the SDK's stylesheet and script to the document once per URL (an SDK already there is reused) and calls
 * `done` with its modal constructor, or with undefined when it could not be loaded; never synchronously. The
 * function it returns stops the waiting.
 */
export function loadSdk(src: string, css: string, done: (modal?: ModalConstructor) => void): () => void {
  addStylesheet(css);
  const finish = () => done(sdkConstructor());
  if (!sdkConstructor()) return addScript(src, finish);
  queueMicrotask(finish);
  return () => {};
}
