// Angular: with CUSTOM_ELEMENTS_SCHEMA the documented component compiles under ngc's strict template checks, its
// listeners receive the element's typed CustomEvent (through HTMLElementTagNameMap and the global event map that
// `veratad-verify` declares), and without the schema Angular rejects the tag (NG8001). Angular checks no attribute
// of a schema-allowed element, so a misspelling there is not caught.
import { describe, it } from 'node:test';
import { FIXTURES, assertBuilt, assertDiagnostics, ngc } from './type-checkers.js';

describe('Angular templates (ngc, strictTemplates)', () => {
  it('compile with CUSTOM_ELEMENTS_SCHEMA and typed $event; reject the tag without the schema', async () => {
    assertBuilt('dist/lib/index.d.ts');
    const run = await ngc(`${FIXTURES}angular/tsconfig.json`);
    assertDiagnostics(run, [
      ['no-schema.component.ts', 7, "NG8001: 'veratad-verify' is not a known element"],
      ['no-schema.component.ts', 7, "TS2345: Argument of type 'CustomEvent<VeratadReadyDetail>'"],
    ]);
  });
});
