// A host that uses Lit itself and imports `veratad-verify`, bundled by Vite for production, holds one copy of Lit:
// the element's modules import `lit` from the package's dependencies, so the bundler shares it. Counted as the
// definitions of Lit's ReactiveElement class in the output; the control (the same page with the self-contained
// `veratad-verify/bundle`, which has Lit inside) shows the count sees a second copy.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'vite';
import { FIXTURES, assertBuilt } from './type-checkers.js';

/** ReactiveElement's own static method, as every build of it defines it (minified or not). */
const REACTIVE_ELEMENT_DEFINITION = /\bstatic createProperty\(/g;

describe('a Lit host bundling veratad-verify with Vite', () => {
  let outDir: string;

  before(() => {
    assertBuilt('dist/lib/index.js');
    outDir = mkdtempSync(join(tmpdir(), 'veratad-lit-host-'));
  });

  after(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** Builds one fixture entry for production and returns all of its JavaScript output. */
  async function bundle(entry: string): Promise<string> {
    const out = join(outDir, entry);
    await build({
      configFile: false,
      root: join(FIXTURES, 'lit-host'),
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true, rolldownOptions: { input: join(FIXTURES, 'lit-host', `${entry}.ts`) } },
    });
    const chunks: string[] = [];
    const walk = (dir: string) => {
      for (const item of readdirSync(dir, { withFileTypes: true })) {
        if (item.isDirectory()) walk(join(dir, item.name));
        else if (item.name.endsWith('.js')) chunks.push(readFileSync(join(dir, item.name), 'utf8'));
      }
    };
    walk(out);
    return chunks.join('\n');
  }

  it('ends up with exactly one copy of Lit', async () => {
    const output = await bundle('host');
    assert.match(output, /veratad-verify/, 'the element is in the bundle');
    assert.equal(output.match(REACTIVE_ELEMENT_DEFINITION)?.length, 1, 'ReactiveElement defined once');
    assert.equal(output.match(/reactiveElementVersions/g)?.length, 1, 'one @lit/reactive-element version marker');
    assert.equal(output.match(/litHtmlVersions/g)?.length, 1, 'one lit-html version marker');
  });

  it('would hold two with the self-contained bundle (the control)', async () => {
    const output = await bundle('host-with-bundle');
    assert.equal(output.match(REACTIVE_ELEMENT_DEFINITION)?.length, 2, 'the host’s Lit and the bundle’s');
  });
});
