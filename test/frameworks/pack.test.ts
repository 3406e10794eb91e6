// The package as a user gets it: `npm pack`, then `npm install <tarball>` into a new project (from npm's cache
// when it has lit and zod, the registry otherwise). The tarball holds what package.json and custom-elements.json
// point at and nothing of src/ or test/; every entry of "exports" resolves by name (the map is read, so an entry
// added later is covered too); under plain Node every JS entry but the browser bundle imports without throwing and
// registers nothing, and `veratad-verify/server` answers a token request; the types resolve by name, the core
// entries needing nothing else installed, a framework entry only its framework.
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { documentedTokenSuccess } from '../fixtures/veratad-documented.mjs';
import { FIXTURES, ROOT, assertBuilt, assertDiagnostics, runCommand, tsc } from './type-checkers.js';

/** Entries not meant for Node: the self-contained file for a browser's <script type="module">. */
const NOT_FOR_NODE = ['./bundle'];
/** The entries whose types need nothing but the package and its dependencies (no framework, no @types/node). */
const SELF_CONTAINED_TYPES = ['.', './element', './bundle', './server'];
/** Framework entries: their typings import their framework's types. */
const FRAMEWORK_TYPES = { './vue': 'vue', './svelte': 'svelte/elements', './preact': 'preact' };

type ExportTarget = string | { types?: string; default?: string };
interface PackageJson {
  name: string;
  main: string;
  module: string;
  types: string;
  customElements: string;
  exports: Record<string, ExportTarget>;
  peerDependencies?: Record<string, string>;
}
interface ProbeEntry {
  specifier: string;
  file: string | null;
  exists: boolean;
  imported: boolean | null;
  exports: string[];
  error: string | null;
}
interface Probe {
  entries: Record<string, ProbeEntry>;
  registered: boolean;
  server: { status: number; body: { token?: string }; upstream: Array<{ url: string }> };
}

const TOKEN = 'pack-test-token-0123456789abcdef';

/** The environment of a user's shell: nothing inherited from the `npm run` that started this test. */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

/** Every relative file a manifest names (`path`, `module`), found anywhere in it. */
function manifestFiles(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) manifestFiles(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if ((key === 'path' || key === 'module') && typeof inner === 'string' && /\.[cm]?[jt]s$/.test(inner)) {
        found.add(inner.replace(/^\.?\//, ''));
      } else manifestFiles(inner, found);
    }
  }
  return found;
}

describe('the packed tarball, installed into a new project', () => {
  let dir: string;
  let project: string;
  let files: string[];
  let pkg: PackageJson;
  let probe: Probe;

  before(async () => {
    assertBuilt('dist/lib/index.js');
    dir = mkdtempSync(join(tmpdir(), 'veratad-pack-'));
    const packed = await runCommand('npm', ['pack', '--json', '--pack-destination', dir], { env: userEnv() });
    assert.equal(packed.exitCode, 0, packed.output);
    const [tarball] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = tarball.files.map((file) => file.path);

    project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = await runCommand(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball.filename)],
      { cwd: project, env: userEnv() },
    );
    assert.equal(install.exitCode, 0, install.output);
    pkg = JSON.parse(readFileSync(join(project, 'node_modules/veratad-verify/package.json'), 'utf8')) as PackageJson;
    // Optional peers (a framework) are the host's to install: link this repository's copies, when it has them.
    for (const peer of Object.keys(pkg.peerDependencies ?? {})) {
      const target = join(project, 'node_modules', peer);
      if (!existsSync(target) && existsSync(join(ROOT, 'node_modules', peer))) {
        mkdirSync(join(target, '..'), { recursive: true });
        symlinkSync(join(ROOT, 'node_modules', peer), target, 'dir');
      }
    }

    copyFileSync(join(FIXTURES, 'pack-probe.mjs'), join(project, 'probe.mjs'));
    const input = JSON.stringify({ notForNode: NOT_FOR_NODE, tokenBody: documentedTokenSuccess(TOKEN) });
    const run = await runCommand(process.execPath, ['probe.mjs', input], { cwd: project, env: userEnv() });
    assert.equal(run.exitCode, 0, run.output);
    probe = JSON.parse(run.stdout) as Probe;
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships what package.json and custom-elements.json point at, and nothing from src/ or test/', () => {
    const targets = Object.values(pkg.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : [target.types, target.default].filter((t) => t !== undefined),
    );
    const named = [...targets, pkg.main, pkg.module, pkg.types, pkg.customElements].map((t) => t.replace(/^\.\//, ''));
    const manifest = JSON.parse(readFileSync(join(ROOT, pkg.customElements), 'utf8')) as unknown;
    const fromManifest = [...manifestFiles(manifest)];
    assert.ok(fromManifest.length > 0, 'the manifest names its modules');
    for (const file of [...named, ...fromManifest]) assert.ok(files.includes(file), `${file} is in the tarball`);
    const unwanted = files.filter((file) => /^(src|test|demo|examples|bench|scripts)\//.test(file));
    assert.deepEqual(unwanted, [], 'sources, tests and tooling stay out');
  });

  it('resolves every entry of "exports" by name, to a file that exists', () => {
    assert.deepEqual(Object.keys(probe.entries), Object.keys(pkg.exports), 'every entry was tried');
    for (const [key, entry] of Object.entries(probe.entries)) {
      const target = pkg.exports[key];
      const expected = (typeof target === 'string' ? target : target.default)?.replace(/^\.\//, '');
      assert.equal(entry.file, expected, `${entry.specifier} → ${String(entry.error)}`);
      assert.ok(entry.exists, `${entry.specifier}: ${entry.file} exists`);
    }
  });

  it('imports every JS entry under plain Node without an error, and registers nothing', () => {
    const imported = Object.entries(probe.entries).filter(([, entry]) => entry.file?.endsWith('.js'));
    for (const [key, entry] of imported) {
      if (NOT_FOR_NODE.includes(key)) continue;
      assert.equal(entry.imported, true, `${entry.specifier}: ${String(entry.error)}`);
    }
    for (const key of ['.', './element']) assert.ok(probe.entries[key].exports.includes('VeratadVerify'), key);
    assert.equal(probe.registered, false, 'no <veratad-verify> in the registry under Node');
  });

  it('answers a token request through `veratad-verify/server`', () => {
    assert.equal(probe.server.status, 200);
    assert.equal(probe.server.body.token, TOKEN);
    assert.deepEqual(
      probe.server.upstream.map((call) => call.url),
      ['https://vx-be.idresponse.com/token/create'],
    );
  });

  it('resolves the types of every entry by name (skipLibCheck, as framework templates set it)', async () => {
    const keys = Object.keys(pkg.exports).filter((key) => !key.endsWith('.json'));
    const source = keys.map((key, i) => `import type * as entry${i} from '${pkg.name}${key.slice(1)}';`);
    source.push(`export type All = [${keys.map((_, i) => `typeof entry${i}`).join(', ')}];`);
    writeFileSync(join(project, 'all-entries.ts'), `${source.join('\n')}\n`);
    writeTsconfig(project, 'tsconfig.all.json', ['all-entries.ts'], true);
    assertDiagnostics(await tsc(join(project, 'tsconfig.all.json')), []);
  });

  it('type-checks the core entries with nothing else installed; a framework entry asks only for its framework', async () => {
    const lines = [...SELF_CONTAINED_TYPES, ...Object.keys(FRAMEWORK_TYPES)].map(
      (key) => `import '${pkg.name}${key.slice(1)}';`,
    );
    writeFileSync(join(project, 'strict.ts'), `${lines.join('\n')}\n`);
    writeTsconfig(project, 'tsconfig.strict.json', ['strict.ts'], false);
    const run = await tsc(join(project, 'tsconfig.strict.json'));
    // With skipLibCheck false, a .d.ts importing a framework that is not installed is one error, and only that.
    const importLine = (file: string, module: string) =>
      readFileSync(join(project, 'node_modules/veratad-verify', file), 'utf8')
        .split('\n')
        .findIndex((line) => line.includes(`from '${module}'`)) + 1;
    assertDiagnostics(
      run,
      Object.entries(FRAMEWORK_TYPES).map(([key, module]): [string, number, string] => [
        `${key.slice(2)}.d.ts`,
        importLine(`dist/lib/${key.slice(2)}.d.ts`, module),
        `TS2307: Cannot find module '${module}'`,
      ]),
    );
  });
});

function writeTsconfig(project: string, name: string, files: string[], skipLibCheck: boolean): void {
  const compilerOptions = {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck,
  };
  writeFileSync(join(project, name), JSON.stringify({ compilerOptions, files }));
}
