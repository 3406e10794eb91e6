/** Link mode: Veratad's link in an iframe of the element's shadow root, its messages read from `window`. */
import { parseFrameMessage } from './messages.js';
import type { Session, SessionHandlers } from './session.js';

export interface LinkSessionOptions {
  /** A checked https (or local http) URL. */
  link: string;
  title: string;
  allow: string;
  /** Origins besides the link's own that may post the session's messages. */
  origins: readonly string[];
}

/**
 * Adds the link's iframe at the start of `root` (outside what Lit renders) and listens for its messages. The
 * frame stays invisible (class `waiting`) until it has loaded.
 */
export function startLinkSession(root: ParentNode, options: LinkSessionOptions, handlers: SessionHandlers): Session {
  let live = true;
  const origins = [...options.origins, new URL(options.link).origin];
  const frame = document.createElement('iframe');
  frame.setAttribute('part', 'frame');
  frame.className = 'waiting';
  frame.title = options.title;
  frame.setAttribute('allow', options.allow);
  frame.src = options.link;

  const onLoad = () => {
    if (!live) return;
    frame.className = '';
    handlers.ready();
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || !origins.includes(event.origin)) return;
    const signals = parseFrameMessage(event.data);
    if (!signals.length) return;
    handlers.message?.({ data: event.data, origin: event.origin });
    // A handler may end the session (a CLOSE, an expiry): the rest of the message is then dropped.
    for (const signal of signals) if (live) handlers.signal(signal);
  };

  frame.addEventListener('load', onLoad);
  window.addEventListener('message', onMessage);
  root.prepend(frame);
  return {
    destroy() {
      live = false;
      window.removeEventListener('message', onMessage);
      frame.remove();
    },
  };
}
