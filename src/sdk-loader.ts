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

const scriptLoads = new Map<string, Promise<void>>();
const stylesheets = new Set<string>();

function sdkConstructor(): ModalConstructor | undefined {
  const modal = (window as unknown as VeratadGlobal).veratad?.modal;
  return typeof modal === 'function' ? modal : undefined;
}

function addStylesheet(href: string): void {
  if (stylesheets.has(href)) return;
  stylesheets.add(href);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

function addScript(src: string): Promise<void> {
  let load = scriptLoads.get(src);
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
          scriptLoads.delete(src);
          script.remove();
          reject(sdkLoadError());
        },
        { once: true },
      );
      document.head.append(script);
    });
    scriptLoads.set(src, load);
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
