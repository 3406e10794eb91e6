/**
 * `veratad-verify`: importing this module registers `<veratad-verify>` (idempotently).
 */
import { VeratadVerify } from './veratad-verify.js';

export const TAG_NAME = 'veratad-verify';

/** Registers the element under `tag` in `registry`; does nothing if that name is already taken there. */
export function defineVeratadVerify(tag = TAG_NAME, registry: CustomElementRegistry | undefined = globalThis.customElements): void {
  if (!registry || registry.get(tag)) return;
  try {
    registry.define(tag, tag === TAG_NAME ? VeratadVerify : class extends VeratadVerify {});
  } catch (error) {
    // A concurrent definition of the same name is fine; anything else is a real problem.
    if (!registry.get(tag)) throw error;
  }
}

defineVeratadVerify();

declare global {
  interface HTMLElementTagNameMap {
    'veratad-verify': VeratadVerify;
  }
}

export { VeratadVerify, DEFAULT_SDK_CSS, DEFAULT_SDK_SRC } from './veratad-verify.js';
export type { FetchToken, TokenRequest } from './veratad-verify.js';
export { VerifyError } from './events.js';
export type * from './events.js';
