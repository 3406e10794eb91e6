/**
 * `veratad-verify`: importing this module registers `<veratad-verify>` (idempotently; on the server, where there is
 * no DOM, it registers nothing). `veratad-verify/element` gives the class without registering it.
 */
import { isServer } from 'lit';
import { VeratadVerify } from './veratad-verify.js';

export const TAG_NAME = 'veratad-verify';

/** Registers `<veratad-verify>` unless the name is taken already (so importing twice is harmless). */
export function defineVeratadVerify(): void {
  if (!isServer && !customElements.get(TAG_NAME)) customElements.define(TAG_NAME, VeratadVerify);
}

defineVeratadVerify();

declare global {
  interface HTMLElementTagNameMap {
    'veratad-verify': VeratadVerify;
  }
}

export * from './element.js';
