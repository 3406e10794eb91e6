/** Starts the session in the mode the token answer chose: a link in an iframe, or Veratad's Web SDK. */
import { sdkParamsOf, type ElementSettings } from './config.js';
import { startLinkSession } from './link-session.js';
import { startModal } from './modal.js';
import { startSdkSession } from './sdk-session.js';
import type { Session, SessionHandlers } from './session.js';
import type { VeratadVerifySettings } from './settings.js';
import { ENGLISH } from './strings.js';
import type { TokenSession } from './token-response.js';

type SessionSettings = ElementSettings &
  Pick<VeratadVerifySettings, 'frameTitle' | 'frameAllow' | 'display' | 'strings'>;

/**
 * Link mode puts its frame into `root` (the element's shadow root), with `display="modal"` into a dialog there
 * (modal.ts); SDK mode puts the Web SDK's frame into `host` (light DOM, where the SDK finds it), and ignores
 * `display`: Veratad's script draws its own overlay. The SDK gets the element's `sdkOptions`, then its SDK attributes, then the
 * server's `options` (the trusted side wins), and always the token.
 */
export function startSession(
  host: Element & SessionSettings,
  root: ParentNode,
  token: TokenSession,
  frameOrigins: string[],
  handlers: SessionHandlers,
): Session {
  if (token.link) {
    const { link, token: secret } = token;
    const options = { link, title: host.frameTitle, allow: host.frameAllow, origins: frameOrigins };
    const start = (parent: ParentNode, on: SessionHandlers) =>
      startLinkSession(parent, { ...options, secrets: [secret, link] }, on);
    return host.display === 'modal'
      ? startModal(root, host.strings?.close ?? ENGLISH.close, handlers, start)
      : start(root, handlers);
  }
  const options = { ...host.sdkOptions, ...sdkParamsOf(host), ...token.options, token: token.token };
  return startSdkSession(host, { src: host.sdkSrc, css: host.sdkCss, options }, handlers);
}
