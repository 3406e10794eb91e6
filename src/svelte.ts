/**
 * `veratad-verify/svelte`: the same module as `veratad-verify` (importing it registers `<veratad-verify>`; under
 * Node it registers nothing), plus the tag's typing in Svelte markup: svelte-check and the Svelte language server
 * check its attributes and properties, its `bind:this`, and its `onveratad-…` (Svelte 5) and `on:veratad-…`
 * listeners.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { VeratadEventMap, VeratadEventName } from './events.js';
import type { VeratadVerifyAttributes, VeratadVerifyEventAttributes, VeratadVerifyProperties } from './tag-types.js';
import type { VeratadVerify } from './veratad-verify.js';

export * from './index.js';

/** Svelte 4's listener directive per event: `on:veratad-ready`. */
export type VeratadVerifyEventDirectives = {
  [N in VeratadEventName as `on:${N}`]?: (event: VeratadEventMap[N]) => void;
};

/**
 * What `<veratad-verify>` accepts in Svelte markup: attributes, and properties under their own names (Svelte sets a
 * property when the registered element has a setter by that name).
 */
export type VeratadVerifySvelteAttributes = Omit<HTMLAttributes<VeratadVerify>, keyof VeratadVerifyProperties> &
  VeratadVerifyProperties &
  VeratadVerifyAttributes &
  VeratadVerifyEventAttributes &
  VeratadVerifyEventDirectives;

declare global {
  // The namespace Svelte's tooling reads custom elements from (svelte/svelte-html.d.ts).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace svelteHTML {
    interface IntrinsicElements {
      'veratad-verify': VeratadVerifySvelteAttributes;
    }
  }
}
