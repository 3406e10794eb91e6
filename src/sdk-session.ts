/** SDK mode: Veratad's Web SDK (`initialize.js`, `new veratad.modal(...)`) driving a light-DOM iframe. */
import { VerifyError } from './events.js';
import { CLOSE, error, status, step, type SessionSignal } from './messages.js';
import { loadSdk, sdkLoadError, type ModalConstructor, type VeratadModal } from './sdk-loader.js';
import type { Session, SessionHandlers } from './session.js';

/** The id the Web SDK finds its frame by: so one live SDK session per document. */
export const FRAME_ID = 'veratad-frame';

export interface SdkSessionOptions {
  src: string;
  css: string;
  /** Everything `new veratad.modal()` gets besides the callbacks, the token included. */
  options: Record<string, unknown>;
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

/** The session that holds this document's SDK, if any. */
let owner: object | undefined;

/**
 * Claims the document's SDK, loads the script, adds the hidden `<iframe id="veratad-frame">` to `host` and opens
 * the modal. Failures arrive through `handlers.fail`, never synchronously. `destroy()` closes the modal, removes
 * the frame and gives the claim back, also while the script is still loading.
 */
export function startSdkSession(
  host: Element,
  { src, css, options }: SdkSessionOptions,
  handlers: SessionHandlers,
): Session {
  const session = {};
  let live = true;
  let modal: VeratadModal | undefined;
  let frame: HTMLIFrameElement | undefined;
  let stopLoading = () => {};

  const destroy = () => {
    if (!live) return;
    live = false;
    stopLoading();
    try {
      modal?.destroy?.();
    } catch {
      // a vendor error while tearing down must not stop our own clean-up
    }
    frame?.remove();
    if (owner === session) owner = undefined;
  };
  const fail = (reason: unknown) => {
    if (!live) return;
    destroy();
    handlers.fail(reason);
  };

  const open = (Modal?: ModalConstructor) => {
    if (!live) return;
    try {
      if (!Modal) throw sdkLoadError();
      frame = document.createElement('iframe');
      frame.id = FRAME_ID;
      frame.setAttribute('allow', 'camera');
      frame.setAttribute('scrolling', 'no');
      frame.style.display = 'none'; // CSSOM, not a style attribute: allowed under style-src 'self'
      host.append(frame);
      const ready = () => live && handlers.ready();
      // Added after the append: the blank frame's own load (fired during the append) is not the session's.
      frame.addEventListener('load', ready);
      const callbacks: Record<string, () => void> = { onOpen: ready };
      for (const [name, signal] of Object.entries(CALLBACK_SIGNALS)) {
        callbacks[name] = () => live && handlers.signal(signal);
      }
      modal = new Modal({ ...options, ...callbacks });
      modal.open();
    } catch {
      // Runs in the script's load event (or a microtask): every failure is the SDK's, never an uncaught one.
      fail(sdkLoadError());
    }
  };
  if ((owner !== undefined && owner !== session) || document.getElementById(FRAME_ID)) {
    const taken = new VerifyError('invalid-config', 'Only one SDK-mode <veratad-verify> may be live per document.');
    queueMicrotask(() => fail(taken));
  } else {
    owner = session;
    stopLoading = loadSdk(src, css, open);
  }
  return { destroy };
}
