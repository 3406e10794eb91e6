/**
 * `veratad-verify`: importing this module registers `<veratad-verify>` (idempotently).
 */
import { VeratadVerify } from './veratad-verify.js';

export const TAG_NAME = 'veratad-verify';

/** Registers `<veratad-verify>` unless the name is taken already (so importing twice is harmless). */
export function defineVeratadVerify(): void {
  if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, VeratadVerify);
}

defineVeratadVerify();

declare global {
  interface HTMLElementTagNameMap {
    'veratad-verify': VeratadVerify;
  }
}

export { VeratadVerify } from './veratad-verify.js';
export { DEFAULT_SDK_CSS, DEFAULT_SDK_SRC } from './settings.js';
export type { FetchToken, TokenRequest } from './veratad-verify.js';
export { VerifyError } from './events.js';
export type * from './events.js';
