// Preact: `import 'veratad-verify/preact'` types <veratad-verify> in Preact's JSX. tsc accepts the good fixture
// (attributes, properties, `onveratad-…` listeners, a ref typed as the element) and fails on a misspelt attribute
// without a hyphen, a value of the wrong type and a listener expecting another detail. A hyphenated misspelling
// passes: TypeScript does not check hyphenated JSX attribute names at all.
import { describe, it } from 'node:test';
import { FIXTURES, assertBuilt, assertDiagnostics, tsc } from './type-checkers.js';

describe("Preact's JSX (tsc)", () => {
  it('accepts the tag with its attributes, properties, listeners and ref; rejects what TypeScript can see', async () => {
    assertBuilt('dist/lib/preact.d.ts');
    const run = await tsc(`${FIXTURES}preact`);
    assertDiagnostics(run, [
      ['misspelt.tsx', 3, "'{ tokenurl: string; }' is not assignable"],
      ['misspelt.tsx', 4, '\'{ "token-lifetime": "soon"; }\' is not assignable'],
      ['misspelt.tsx', 5, '\'{ "onveratad-ready"'],
    ]);
  });
});
