/** `display="modal"`: link mode's frame in a native `<dialog>`, opened once the session is ready. */
import { CLOSE } from './messages.js';
import type { Session, SessionHandlers } from './session.js';
import { element } from './views.js';

/**
 * Adds a `<dialog part="dialog">` with a close button (part `close`, accessible name `label`) to `root` and starts
 * the session in it with `start`. The frame loads while the dialog is still closed (the element's loading view
 * shows meanwhile); when the session is ready, `showModal()` opens it, which moves focus into it, and the page
 * stops scrolling. Escape and the close button report the same CLOSE as the frame's own close message.
 * `destroy()` ends the session and removes the dialog, then gives the page back its `overflow` style, its scroll
 * position and its focus (also when the element was removed while the dialog was open).
 */
export function startModal(
  root: ParentNode,
  label: string,
  handlers: SessionHandlers,
  start: (parent: ParentNode, handlers: SessionHandlers) => Session,
): Session {
  const dialog = element('dialog', { part: 'dialog' }) as HTMLDialogElement;
  const close = dialog.appendChild(element('button', { part: 'close', type: 'button', 'aria-label': label }));
  close.textContent = '×';
  // Escape (the dialog's cancel) and the button: the element's teardown closes the dialog, as for any other end.
  dialog.oncancel = close.onclick = (event: Event) => {
    event.preventDefault();
    handlers.signal(CLOSE);
  };
  let restore = () => {};
  const session = start(dialog, {
    ...handlers,
    ready() {
      // The frame's later navigations report ready again: the page's state is read once, before it changes.
      if (!dialog.open) {
        const page = document.documentElement.style;
        const { overflow } = page;
        const [x, y, focused] = [scrollX, scrollY, document.activeElement as HTMLElement | null];
        page.overflow = 'hidden';
        dialog.showModal();
        restore = () => {
          page.overflow = overflow;
          scrollTo(x, y);
          focused?.focus();
        };
      }
      handlers.ready();
    },
  });
  // The link session appends its frame last; the dialog is named as the frame is (`frame-title`).
  const frame = dialog.lastChild as HTMLIFrameElement;
  frame.allowFullscreen = true;
  dialog.ariaLabel = frame.title;
  root.append(dialog);
  return {
    destroy() {
      session.destroy();
      dialog.close();
      dialog.remove();
      restore();
    },
  };
}
