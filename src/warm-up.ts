/**
 * Getting the slow downloads going early: the Web SDK ahead of the token answer (`preload`, `preloadVeratad`),
 * and preconnect hints for the origins a session is about to reach.
 */
import { preconnect } from './preconnect.js';
import { loadSdk } from './sdk-loader.js';
import { DEFAULT_SDK_CSS, DEFAULT_SDK_SRC, type VeratadVerifySettings } from './settings.js';

/** Which Web SDK files `preloadVeratad` fetches (Veratad's own unless given). */
export interface PreloadOptions {
  sdkSrc?: string;
  sdkCss?: string;
}

/**
 * Starts loading the Web SDK's script and stylesheet, once per URL per document (the session reuses them).
 * Resolves when the SDK is ready or the attempt failed, and never rejects: a session that needs an SDK that did
 * not load tries again and reports `sdk-load` itself. Does nothing where there is no DOM.
 */
export function preloadVeratad(options?: PreloadOptions): Promise<void> {
  return preloadSdk(options?.sdkSrc || DEFAULT_SDK_SRC, options?.sdkCss || DEFAULT_SDK_CSS);
}

function preloadSdk(src: string, css: string): Promise<void> {
  if (typeof document === 'undefined') return Promise.resolve();
  // loadSdk reports a failure as an undefined constructor, which nobody needs here: a session loads again.
  return new Promise((resolve) => void loadSdk(src, css, () => resolve()));
}

type WarmUpSettings = Pick<
  VeratadVerifySettings,
  'tokenUrl' | 'fetchToken' | 'credentials' | 'preload' | 'sdkSrc' | 'sdkCss'
>;

/**
 * What an element warms up in the task that sends its token request: with `preload`, the Web SDK (a failure is
 * left to the session); and preconnect hints for the token endpoint (a CORS fetch: credentialed only with
 * `credentials="include"`), the SDK's origins with `preload` (a plain script and stylesheet) and each
 * `frame-origins` entry (a frame). Same-origin URLs get no hint.
 */
export function warmUp(s: WarmUpSettings, frameOrigins: readonly string[]): void {
  if (s.tokenUrl && typeof s.fetchToken !== 'function') {
    preconnect(s.tokenUrl, s.credentials === 'include' ? 'use-credentials' : 'anonymous');
  }
  if (s.preload) {
    void preloadSdk(s.sdkSrc, s.sdkCss);
    preconnect(s.sdkSrc, null);
    preconnect(s.sdkCss, null);
  }
  for (const origin of frameOrigins) preconnect(origin, null);
}
