/**
 * `veratad-verify/preact`: the same module as `veratad-verify` (importing it registers `<veratad-verify>`; under
 * Node it registers nothing), plus the tag's typing in Preact's JSX: its attributes, its properties (Preact sets
 * a property when the element has one by that name) and its `onveratad-…` listeners.
 */
import type { HTMLAttributes } from 'preact';
import type { VeratadVerifyAttributes, VeratadVerifyEventAttributes, VeratadVerifyProperties } from './tag-types.js';
import type { VeratadVerify } from './veratad-verify.js';

export * from './index.js';

/** What `<veratad-verify>` accepts in Preact's JSX (`ref` is typed as the element). */
export type VeratadVerifyPreactAttributes = Omit<HTMLAttributes<VeratadVerify>, keyof VeratadVerifyProperties> &
  VeratadVerifyProperties &
  VeratadVerifyAttributes &
  VeratadVerifyEventAttributes;

declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'veratad-verify': VeratadVerifyPreactAttributes;
    }
  }
}
