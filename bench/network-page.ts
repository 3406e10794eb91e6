// The page bench/network.ts loads, and the function it runs there for each timed mount.

/** What `preload` a row uses: none, the attribute, or `VeratadVerify.preload()` 1 s before the mount. */
export type Variant = 'none' | 'attribute' | 'early';

/** One mount's figures, in ms from the append (NaN: did not happen). */
export interface Figures {
  token: number;
  sdk: number;
  ready: number;
  serial: number;
}

/**
 * The page: before anything else, a recorder of when the Web SDK's script element is added and when it has run
 * (its `load` event fires right after it was evaluated), whoever adds it. Then the built bundle.
 */
export const PAGE = `<!doctype html><meta charset="utf-8"><title>bench:network</title>
<script>
window.__sdk = { added: NaN, loaded: NaN };
var isSdk = function (node) { return node.tagName === 'SCRIPT' && /\\/js\\/initialize\\.js$/.test(node.src); };
new MutationObserver(function (records) {
  records.forEach(function (record) {
    record.addedNodes.forEach(function (node) { if (isSdk(node)) window.__sdk.added = performance.now(); });
  });
}).observe(document.head, { childList: true });
// Capture phase: before the element's own listener on the script, which goes on to open the session.
document.addEventListener('load', function (event) { if (isSdk(event.target)) window.__sdk.loaded = performance.now(); }, true);
</script>
<script type="module" src="/veratad-verify.js"></script>
<body></body>`;

interface MountArgs {
  tokenUrl: string;
  sdkOrigin: string;
  variant: Variant;
}

/** Runs in the page (serialised by Playwright: self-contained). Resolves at `veratad-ready`. */
export async function mountAndTime({ tokenUrl, sdkOrigin, variant }: MountArgs): Promise<Figures> {
  const sdkSrc = `${sdkOrigin}/js/initialize.js`;
  const sdkCss = `${sdkOrigin}/styles/style.css`;
  const probe = (window as unknown as { __sdk: { added: number; loaded: number } }).__sdk;
  const element = customElements.get('veratad-verify') as unknown as { preload(options: object): Promise<void> };
  if (variant === 'early') {
    void element.preload({ sdkSrc, sdkCss });
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return new Promise<Figures>((resolve, reject) => {
    const el = document.createElement('veratad-verify');
    const attributes: Record<string, string> = {
      'token-url': tokenUrl,
      'first-name': 'Ada',
      'last-name': 'Lovelace',
      'sdk-src': sdkSrc,
      'sdk-css': sdkCss,
    };
    if (variant === 'attribute') attributes.preload = '';
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    let token = Number.NaN;
    let sdkMode = false;
    const timer = setTimeout(() => reject(new Error('no veratad-ready within 30 s')), 30_000);
    el.addEventListener('veratad-token', (event) => {
      token = performance.now() - start;
      sdkMode = (event as CustomEvent<{ mode: string }>).detail.mode === 'sdk';
    });
    el.addEventListener('veratad-ready', () => {
      clearTimeout(timer);
      const ready = performance.now() - start;
      const sdk = probe.loaded - start;
      // Serial: the token, then the SDK's own download and run, then what came after both were there.
      const serial = sdkMode ? token + (probe.loaded - probe.added) + (ready - Math.max(token, sdk)) : ready;
      resolve({ token, sdk, ready, serial });
    });
    el.addEventListener('veratad-error', (event) => {
      clearTimeout(timer);
      reject(new Error(`veratad-error: ${JSON.stringify((event as CustomEvent).detail)}`));
    });
    const start = performance.now();
    document.body.append(el);
  });
}
