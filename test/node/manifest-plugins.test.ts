// The analyzer plugins of custom-elements-manifest.config.mjs on an element that is not ours: they must tidy any
// Lit element the same way, knowing no field, event or constant by name. Runs the real `cem analyze` CLI with the
// real config (only the globs changed) over a fixture in a scratch directory.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

const FIXTURE = `
import { LitElement } from 'lit';

export const GADGET_TAG = 'gadget-box';
export const DEFAULT_SOURCE = 'https://example.test/gadget.js';

/**
 * A gadget.
 *
 * @summary Fixture element.
 * @attr {string} mode - Read-only, reflected.
 *
 * @fires {CustomEvent<{ count: number }>} gadget-done - Finished.
 * @fires {Event} gadget-before-close - Can be vetoed.
 */
export class GadgetBox extends LitElement {
  static override properties = {
    source: {},
    _busy: { state: true },
    shown: { state: true },
  };

  /** Where the gadget comes from. */
  source = DEFAULT_SOURCE;
  private _busy = false;
  private shown = false;
  #count = 0;

  /** The current mode. */
  get mode(): string {
    return 'idle';
  }

  /** Runs it. */
  run(): void {
    this.#emit('gadget-done', { count: ++this.#count });
    this.dispatchEvent(new Event('gadget-before-close', { cancelable: true }));
    this.dispatchEvent(new CustomEvent('gadget-undocumented', { bubbles: true }));
  }

  private helper(): void {}

  #emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

customElements.define(GADGET_TAG, GadgetBox);
`;

interface Item {
  name: string;
  default?: string;
  fieldName?: string;
  type?: { text: string };
  description?: string;
  bubbles?: boolean;
  composed?: boolean;
  cancelable?: boolean;
}
interface Declaration {
  name: string;
  tagName?: string;
  attributes?: Item[];
  members?: Item[];
  events?: Item[];
}

let declaration: Declaration;
let definitions: string[];
const scratch = mkdtempSync(join(tmpdir(), 'veratad-cem-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

before(() => {
  mkdirSync(join(scratch, 'src'));
  writeFileSync(join(scratch, 'src/gadget-box.ts'), FIXTURE);
  // Without a package.json beside its config, the analyzer's config loader never returns.
  writeFileSync(join(scratch, 'package.json'), '{"name": "gadget-box", "type": "module"}\n');
  const config = pathToFileURL(join(root, 'custom-elements-manifest.config.mjs')).href;
  writeFileSync(
    join(scratch, 'cem.config.mjs'),
    `import config from ${JSON.stringify(config)};\nexport default { ...config, globs: ['src/gadget-box.ts'] };\n`,
  );
  execFileSync(join(root, 'node_modules/.bin/cem'), ['analyze', '--config', 'cem.config.mjs', '--quiet'], {
    cwd: scratch,
    stdio: 'pipe',
    timeout: 60_000,
  });
  const manifest = JSON.parse(readFileSync(join(scratch, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: Declaration[]; exports?: Array<{ kind: string; name: string }> }>;
  };
  declaration = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.name === 'GadgetBox')!;
  definitions = manifest.modules
    .flatMap((module) => module.exports ?? [])
    .filter((entry) => entry.kind === 'custom-element-definition')
    .map((entry) => entry.name);
});

describe('the manifest plugins, on any Lit element', () => {
  it('keep only public members and attributes: no private, #private or _-prefixed ones, nor their state attributes', () => {
    const members = declaration.members!.map((member) => member.name).sort();
    assert.deepEqual(members, ['mode', 'run', 'source']);
    const attributes = declaration.attributes!.map((attribute) => attribute.name).sort();
    assert.deepEqual(attributes, ['mode', 'source']);
  });

  it('keep only the events documented with @fires, dropping one named after a variable and an undocumented one', () => {
    assert.deepEqual(declaration.events!.map((event) => event.name).sort(), ['gadget-before-close', 'gadget-done']);
  });

  it('read bubbles, composed and cancelable from the code: a literal name first, else the one dispatching helper', () => {
    const events = Object.fromEntries(declaration.events!.map((event) => [event.name, event]));
    const flags = (event: Item) => [event.bubbles, event.composed, event.cancelable];
    assert.deepEqual(flags(events['gadget-done']), [true, true, false]);
    assert.deepEqual(flags(events['gadget-before-close']), [false, false, true]);
  });

  it('write the values of exported string constants: a default, and the tag of the definition', () => {
    assert.deepEqual(definitions, ['gadget-box']);
    const source = declaration.attributes!.find((attribute) => attribute.name === 'source')!;
    assert.equal(source.default, "'https://example.test/gadget.js'");
  });

  it('link an @attr to the property of its name and fill what the attribute lacks from its property', () => {
    const mode = declaration.attributes!.find((attribute) => attribute.name === 'mode')!;
    assert.equal(mode.fieldName, 'mode');
    const source = declaration.attributes!.find((attribute) => attribute.name === 'source')!;
    assert.equal(source.description, 'Where the gadget comes from.');
    assert.equal(source.type?.text, 'string');
  });
});
