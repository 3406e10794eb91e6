// The demo page's view of the server side: the server's verdict (veratad-confirmed) next to what the browser
// was told (veratad-status), and the result callbacks the demo backend's webhook received.
import type { ReceivedCallback } from './confirmation.js';

const POLL_MS = 1500;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Shows the browser's status and the server's verdict for the element on the page; `reset()` for a new one. */
export function showVerdicts(): { reset(): void } {
  const browserStatus = byId<HTMLOutputElement>('browser-status');
  const verdict = byId<HTMLOutputElement>('server-verdict');
  const reset = () => {
    browserStatus.value = 'none yet';
    verdict.value = 'not asked yet';
    verdict.dataset.verified = '';
  };
  document.addEventListener('veratad-status', (event) => {
    browserStatus.value = event.detail.status;
    if (event.detail.status !== 'PENDING' && verdict.value === 'not asked yet') verdict.value = 'asking the server…';
  });
  document.addEventListener('veratad-confirmed', (event) => {
    const { status, verified } = event.detail;
    verdict.value = `${status} (${verified ? 'verified' : 'not verified'})`;
    verdict.dataset.verified = String(verified);
  });
  document.addEventListener('veratad-error', (event) => {
    if (event.detail.code === 'confirm-failed') verdict.value = `could not ask: ${event.detail.message}`;
  });
  reset();
  return { reset };
}

/** Keeps the list of received callbacks up to date (the backend keeps the newest 50). */
export function followCallbacks(): void {
  const list = byId<HTMLOListElement>('callbacks');
  let shown = 0;
  const refresh = async () => {
    const received = await fetch('/demo/callbacks')
      .then((response) => response.json() as Promise<ReceivedCallback[]>)
      .catch(() => undefined);
    if (received && received.length !== shown) {
      shown = received.length;
      list.replaceChildren(
        ...received.map((callback) => {
          const item = document.createElement('li');
          const when = new Date(callback.at).toLocaleTimeString();
          const verified = callback.verified ? 'verified' : 'not verified';
          const repeat = callback.repeated ? ', a repeated delivery' : '';
          item.textContent = `${when} ${callback.status} (${verified}), delivery ${callback.delivery}${repeat}`;
          return item;
        }),
      );
    }
    setTimeout(() => void refresh(), POLL_MS);
  };
  void refresh();
}
