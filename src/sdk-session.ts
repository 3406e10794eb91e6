/** Way A: Veratad's Web SDK (initialize.js + `new veratad.modal(...)`) driving a light-DOM iframe. */
import { VerifyError } from './events.js';
import { CLOSE, error, status, step, type SessionSignal } from './messages.js';

interface VeratadModal {
  open(): void;
  close?(): void;
  destroy?(): void;
}
type ModalConstructor = new (options: Record<string, unknown>) => VeratadModal;
type VeratadGlobal = { veratad?: { modal?: ModalConstructor } };

export const FRAME_ID = 'veratad-frame';

const scriptLoads = new Map<string, Promise<void>>();
const sdkLoadError = () => new VerifyError('sdk-load', 'The Veratad Web SDK could not be loaded.', true);

function sdkConstructor(): ModalConstructor | undefined {
  const modal = (window as unknown as VeratadGlobal).veratad?.modal;
  return typeof modal === 'function' ? modal : undefined;
}

const stylesheets = new Set<string>();

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

/** The single element allowed to run the SDK in this document (the SDK finds its frame by a fixed id). */
let sdkOwner: object | undefined;

export function claimSdk(owner: object): void {
  const taken = sdkOwner !== undefined && sdkOwner !== owner;
  if (taken || (sdkOwner === undefined && document.getElementById(FRAME_ID))) {
    throw new VerifyError('invalid-config', 'Only one SDK-mode <veratad-verify> may be live per document.');
  }
  sdkOwner = owner;
}

export function releaseSdk(owner: object): void {
  if (sdkOwner === owner) sdkOwner = undefined;
}

export interface SdkSessionHandlers {
  ready(): void;
  signal(signal: SessionSignal): void;
}

const CALLBACK_SIGNALS: Record<string, SessionSignal> = {
  onClose: CLOSE,
  onSuccess: status('PASS'),
  onFailure: status('FAIL'),
  onEmail: step('EMAIL'),
  onQr: step('QR'),
  onError: error('session'),
  onErrorToken: error('bad-token'),
  onErrorPending: error('pending'),
  onErrorAlreadyVerified: error('already-verified'),
  onErrorVelocity: error('velocity'),
};

export interface SdkSession {
  destroy(): void;
}

/**
 * Adds the hidden light-DOM `<iframe id="veratad-frame">` to `host`, builds the modal with the token and the
 * callbacks, and opens it. Callbacks stop reaching `handlers` once `destroy()` ran.
 */
export function openSdkSession(
  host: HTMLElement,
  Modal: ModalConstructor,
  options: Record<string, unknown>,
  handlers: SdkSessionHandlers,
): SdkSession {
  let live = true;
  const frame = document.createElement('iframe');
  frame.id = FRAME_ID;
  frame.setAttribute('allow', 'camera');
  frame.setAttribute('scrolling', 'no');
  frame.style.display = 'none'; // CSSOM, not a style attribute: allowed under style-src 'self'
  host.append(frame);
  frame.addEventListener('load', () => live && handlers.ready());

  const callbacks: Record<string, () => void> = { onOpen: () => live && handlers.ready() };
  for (const [name, signal] of Object.entries(CALLBACK_SIGNALS)) {
    callbacks[name] = () => live && handlers.signal(signal);
  }

  let modal: VeratadModal | undefined;
  const destroy = () => {
    if (!live) return;
    live = false;
    try {
      modal?.destroy?.();
    } catch {
      // a vendor error while tearing down must not stop our own clean-up
    }
    frame.remove();
  };
  try {
    modal = new Modal({ ...options, ...callbacks });
    modal.open();
  } catch {
    destroy();
    throw sdkLoadError();
  }
  return { destroy };
}
