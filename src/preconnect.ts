/** `<link rel="preconnect">` hints in `document.head`: one per origin and credentials mode per document. */

/** How the request that will use the connection is made: `null` for a script, stylesheet or frame (no CORS). */
export type HintMode = 'anonymous' | 'use-credentials' | null;

const originOf = (url: string) => {
  try {
    return new URL(url, document.baseURI).origin;
  } catch {
    return undefined;
  }
};

/**
 * Adds a preconnect hint for `url`'s origin unless it is the page's own origin, not http(s), or the document
 * already holds a hint for that origin and mode (ours or the host's). Hints are never removed: they are shared.
 */
export function preconnect(url: string, mode: HintMode): void {
  const origin = originOf(url);
  if (!origin?.startsWith('http') || origin === location.origin) return;
  // A browser keeps connections with and without credentials apart, so each mode needs its own hint.
  for (const hint of document.querySelectorAll<HTMLLinkElement>('link[rel~=preconnect i]')) {
    if (originOf(hint.href) === origin && hint.crossOrigin === mode) return;
  }
  const link = Object.assign(document.createElement('link'), { rel: 'preconnect', href: origin, crossOrigin: mode });
  document.head.append(link);
}
