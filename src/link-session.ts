/** Link mode: Veratad's link in an iframe of the element's shadow root, its messages read from `window`. */
import { VerifyError } from './events.js';
import { probeOrigin } from './link-probe.js';
import { holdsSecret, parseFrameMessage } from './messages.js';
import type { Session, SessionHandlers } from './session.js';

export interface LinkSessionOptions {
  /** A checked https (or local http) URL. */
  link: string;
  title: string;
  allow: string;
  /** Origins besides the link's own that may post the session's messages. */
  origins: readonly string[];
  /** The token and the link: never passed on from a message (a component name, `veratad-message`'s data). */
  secrets: readonly string[];
}

/**
 * Adds the link's iframe at the end of `root` (after the advice line, if any) and listens for its messages. The
 * frame stays invisible (class `waiting`) until it has loaded and the link's host was found reachable
 * (link-probe.ts); an unreachable host is the retryable `frame-load`.
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

  let loaded = false;
  const settle = () => {
    if (!live || !loaded || probe.pending) return;
    probe.stop();
    if (probe.unreachable()) {
      handlers.fail(new VerifyError('frame-load', 'The verification page could not be reached.', true));
      return;
    }
    frame.className = '';
    handlers.ready();
  };
  const probe = probeOrigin(options.link, settle);
  const onLoad = () => {
    loaded = true;
    settle();
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || !origins.includes(event.origin)) return;
    const signals = parseFrameMessage(event.data, options.secrets);
    if (!signals.length) return;
    if (!holdsSecret(event.data, options.secrets)) handlers.message?.({ data: event.data, origin: event.origin });
    // A handler may end the session (a CLOSE, an expiry): the rest of the message is then dropped.
    for (const signal of signals) if (live) handlers.signal(signal);
  };

  frame.addEventListener('load', onLoad);
  window.addEventListener('message', onMessage);
  root.append(frame);
  return {
    destroy() {
      live = false;
      probe.stop();
      window.removeEventListener('message', onMessage);
      frame.remove();
    },
  };
}
