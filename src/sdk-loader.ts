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

// Keyed by absolute URL, so "/x.js" and "https://host/x.js" are one script.
const scriptLoads = new Map<string, Promise<void>>();
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

function addScript(src: string): Promise<void> {
  const key = absolute(src);
  let load = scriptLoads.get(key);
  if (!load) {
    load = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.addEventListener('load', () => resolve(), { once: true });
      script.addEventListener(
        'error',
        () => {
          // Forget the failed tag so that "Try again" really fetches the script again.
          scriptLoads.delete(key);
          script.remove();
          reject(sdkLoadError());
        },
        { once: true },
      );
      document.head.append(script);
    });
    scriptLoads.set(key, load);
  }
  return load;
}

/** Adds the SDK's stylesheet and script to the document once per URL; reuses an SDK that is already there. */
export async function loadSdk(src: string, css: string): Promise<ModalConstructor> {
  addStylesheet(css);
  if (!sdkConstructor()) await addScript(src);
  const modal = sdkConstructor();
  if (!modal) throw sdkLoadError();
  return modal;
}
