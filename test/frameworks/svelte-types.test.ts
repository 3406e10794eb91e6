// Svelte: `import 'veratad-verify/svelte'` types <veratad-verify> in markup (svelteHTML.IntrinsicElements).
// svelte-check accepts the good fixtures (Svelte 5 `onveratad-…` listeners, Svelte 4 `on:` directives, bind:this)
// and fails on each misspelt attribute, a value of the wrong type and a listener expecting another detail.
import { describe, it } from 'node:test';
import { FIXTURES, assertBuilt, assertDiagnostics, svelteCheck } from './type-checkers.js';

describe('Svelte markup (svelte-check)', () => {
  it('accepts the tag with its attributes, listeners and bind:this; rejects misspelt attributes', async () => {
    assertBuilt('dist/lib/svelte.d.ts');
    const run = await svelteCheck(`${FIXTURES}svelte`);
    assertDiagnostics(run, [
      ['Misspelt.svelte', 4, `'"tokenurl"' does not exist`],
      // Svelte checks markup attributes as an object literal, so a hyphenated misspelling is caught too.
      ['Misspelt.svelte', 5, `'"tokn-url"' does not exist`],
      ['Misspelt.svelte', 6, `Type '"soon"' is not assignable`],
      ['Misspelt.svelte', 7, 'CustomEvent<{ token: string; }>'],
    ]);
  });
});
