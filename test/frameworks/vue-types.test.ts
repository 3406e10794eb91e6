// Vue: `import 'veratad-verify/vue'` types <veratad-verify> in templates. vue-tsc (strictTemplates) accepts every
// binding of the good fixture and of examples/vue, and fails on each misspelt attribute, a value of the wrong type
// and a listener expecting another event's detail.
import { describe, it } from 'node:test';
import { FIXTURES, assertBuilt, assertDiagnostics, vueTsc } from './type-checkers.js';

describe('Vue templates (vue-tsc)', () => {
  it('accept the tag with its attributes, properties, listeners and ref; reject misspelt attributes', async () => {
    assertBuilt('dist/lib/vue.d.ts');
    const run = await vueTsc(`${FIXTURES}vue`);
    assertDiagnostics(run, [
      ['Misspelt.vue', 2, "'tokenurl' does not exist"],
      // Vue camel-cases attribute names before the check, so a hyphenated misspelling is caught too.
      ['Misspelt.vue', 3, "'toknUrl' does not exist"],
      ['Misspelt.vue', 4, `Type '"soon"' is not assignable`],
      ['Misspelt.vue', 5, 'CustomEvent<{ token: string; }>'],
    ]);
  });

  it('check examples/vue clean', async () => {
    assertBuilt('dist/lib/vue.d.ts');
    assertDiagnostics(await vueTsc('examples/vue'), []);
  });
});
