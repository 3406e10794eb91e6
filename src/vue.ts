/**
 * `veratad-verify/vue`: the same module as `veratad-verify` (importing it registers `<veratad-verify>`; under Node
 * it registers nothing), plus the tag's typing in Vue templates: vue-tsc and Volar check its attributes, properties
 * and `@veratad-…` listeners, and a template ref is typed as the element.
 */
import type { HTMLAttributes, ReservedProps } from 'vue';
import type { VeratadVerifyEventProps, VeratadVerifyProperties } from './tag-types.js';
import type { VeratadVerify } from './veratad-verify.js';

export * from './index.js';

/**
 * The tag for Vue's type checker: an element constructor whose `$props` are what a template may bind. A custom
 * element's listeners are DOM events, so `@veratad-ready` receives the `CustomEvent` itself.
 */
export type VeratadVerifyVueComponent = new () => VeratadVerify & {
  /** For template type checking only; the element has no `$props`. */
  $props: Omit<HTMLAttributes, keyof VeratadVerifyProperties> &
    ReservedProps &
    VeratadVerifyProperties &
    VeratadVerifyEventProps;
};

declare module 'vue' {
  interface GlobalComponents {
    'veratad-verify': VeratadVerifyVueComponent;
  }
}
