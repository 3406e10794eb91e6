/** What the fake Web SDK (fixtures/fake-sdk.js) recorded: every script run and every modal built. */
import { expect } from '@open-wc/testing';
import { nextTask } from './page.js';

export interface FakeModal {
  options: Record<string, unknown>;
  opened: number;
  destroyed: number;
  frameAtOpen: HTMLElement | null;
}

export interface FakeSdkLog {
  loads: number;
  modals: FakeModal[];
  /** "silent": open() never calls onOpen; "throw": open() throws. */
  openBehaviour?: 'silent' | 'throw';
}

interface SdkWindow {
  __fakeSdk?: FakeSdkLog;
  veratad?: { modal?: unknown };
}

export const sdkWindow = () => window as unknown as SdkWindow;

/** The fake SDK's record; fails if its script has not run. */
export function fakeSdk(): FakeSdkLog {
  const log = sdkWindow().__fakeSdk;
  if (!log) throw new Error('the fake SDK has not been loaded');
  return log;
}

/** Makes the next fake SDK script to load behave so (set before mounting). */
export function fakeSdkOpens(behaviour: NonNullable<FakeSdkLog['openBehaviour']>): void {
  sdkWindow().__fakeSdk = { loads: 0, modals: [], openBehaviour: behaviour };
}

/** The one modal built so far (asserts there is exactly one). */
export function onlyModal(): FakeModal {
  const { modals } = fakeSdk();
  expect(modals).to.have.length(1);
  return modals[0];
}

/** Calls one of the callbacks the element handed to `new veratad.modal(...)`. */
export function callback(modal: FakeModal, name: string): void {
  const fn = modal.options[name];
  if (typeof fn !== 'function') throw new Error(`the modal got no ${name} callback`);
  (fn as () => void)();
}

/** Every callback the Web SDK documents, which the element hands to `new veratad.modal(...)`. */
export const CALLBACK_NAMES = [
  'onOpen',
  'onClose',
  'onSuccess',
  'onFailure',
  'onEmail',
  'onQr',
  'onError',
  'onErrorToken',
  'onErrorPending',
  'onErrorAlreadyVerified',
  'onErrorVelocity',
];

export const scriptsWithSrc = (src: string) =>
  [...document.head.querySelectorAll('script')].filter((s) => s.getAttribute('src') === src);

export const stylesheetsWithHref = (href: string) =>
  [...document.head.querySelectorAll('link[rel="stylesheet"]')].filter((l) => l.getAttribute('href') === href);

/**
 * Resolves once the `<script src>` the element added has run and the element has handled its load. Call it in the
 * task that added the script (e.g. right after veratad-token), before it can have loaded: our listener comes after
 * the element's, and a task later the element's promise callbacks have run too.
 */
export async function scriptLoaded(src: string): Promise<void> {
  const [script] = scriptsWithSrc(src);
  if (!script) throw new Error(`no <script src="${src}"> in the document`);
  await new Promise((resolve) => script.addEventListener('load', resolve, { once: true }));
  await nextTask();
}
