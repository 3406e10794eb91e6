// What an integrator installs: the exports map, the self-contained bundle, the types and the custom-elements
// manifest, as `npm run build` (the step before these tests in `npm test`) leaves them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  name: string;
  type: string;
  exports: Record<string, { types: string; default: string } | string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: boolean }>;
  files: string[];
  sideEffects: string[];
};

interface ManifestItem {
  name: string;
  default?: string;
  privacy?: string;
  bubbles?: boolean;
  composed?: boolean;
  cancelable?: boolean;
}
interface Manifest {
  modules: Array<{
    path: string;
    declarations?: Array<{
      tagName?: string;
      customElement?: boolean;
      attributes?: ManifestItem[];
      events?: ManifestItem[];
      members?: ManifestItem[];
    }>;
    exports?: Array<{ kind: string; name: string }>;
  }>;
}

const PUBLIC_ATTRIBUTES = [
  'token-url',
  'journey-id',
  'settings-id',
  'branding-id',
  'token-lifetime',
  'expiry-warning',
  'timeout',
  'retries',
  'credentials',
  'auto-restart',
  'sdk-src',
  'sdk-css',
  'preload',
  'frame-origins',
  'confirm-url',
  'confirm-timeout',
  'defer-hydration',
  'frame-allow',
  'frame-title',
  'frame-timeout',
  'first-name',
  'last-name',
  'address',
  'city',
  'state',
  'zip',
  'dob',
  'email',
  'phone',
  'country',
  'reference',
  'language',
  'style-token',
  'international',
  'qr',
  'email-fallback',
  'bypass-desktop-intro',
  'preflight',
  'display',
  'phase',
];
const PUBLIC_EVENTS = [
  'veratad-token',
  'veratad-ready',
  'veratad-status',
  'veratad-step',
  'veratad-close',
  'veratad-error',
  'veratad-expiring',
  'veratad-expired',
  'veratad-message',
  'veratad-confirmed',
  'veratad-preflight',
];

describe('the package as installed', () => {
  it('is the ES module package "veratad-verify": lit and zod at run time, @lit/react for the React entry, React an optional peer', () => {
    assert.equal(pkg.name, 'veratad-verify');
    assert.equal(pkg.type, 'module');
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit/react', 'lit', 'zod']);
    assert.deepEqual(pkg.peerDependencies, { react: '^18.0.0 || ^19.0.0' });
    assert.deepEqual(pkg.peerDependenciesMeta, { react: { optional: true } });
    assert.ok(pkg.files.includes('dist') && pkg.files.includes('custom-elements.json'));
  });

  it('ships the MIT licence its package.json and README name, and the README says how to install it', () => {
    assert.equal((pkg as { license?: string }).license, 'MIT');
    assert.match(read('LICENSE'), /^MIT License\n\nCopyright \(c\) \d{4} /);
    assert.match(read('README.md'), /^npm install veratad-verify$/m);
    assert.match(read('README.md'), /node_modules\/veratad-verify\/dist\/veratad-verify\.js/);
  });

  it('maps ".", "./element", "./bundle", "./react" and "./server" to the built files, each with types that exist', () => {
    const entry = (name: string) => pkg.exports[name] as { types: string; default: string };
    assert.equal(entry('.').default, './dist/lib/index.js', 'the unbundled modules, which register the tag');
    assert.equal(entry('./element').default, './dist/lib/element.js', 'the class, registering nothing');
    assert.equal(entry('./bundle').default, './dist/veratad-verify.js', 'the self-contained file');
    assert.equal(entry('./react').default, './dist/lib/react.js', 'the React component');
    assert.equal(entry('./server').default, './dist/server.js');
    for (const name of ['.', './element', './bundle', './react', './server']) {
      for (const file of [entry(name).default, entry(name).types]) {
        assert.ok(existsSync(new URL(file, root)), `${file} (${name}) is built`);
      }
    }
    assert.deepEqual(
      pkg.sideEffects,
      [
        './dist/lib/index.js',
        './dist/lib/react.js',
        './dist/lib/vue.js',
        './dist/lib/svelte.js',
        './dist/lib/preact.js',
        './dist/veratad-verify.js',
      ],
      'only the registering files',
    );
  });

  it('maps "./vue", "./svelte" and "./preact" to modules that re-export the registering entry, with their typings', () => {
    for (const name of ['vue', 'svelte', 'preact']) {
      const entry = pkg.exports[`./${name}`] as { types: string; default: string };
      assert.deepEqual(entry, { types: `./dist/lib/${name}.d.ts`, default: `./dist/lib/${name}.js` });
      assert.equal(read(entry.default).trim(), "export * from './index.js';", `${name}: the same module as "."`);
      assert.match(
        read(entry.types),
        name === 'svelte' ? /namespace svelteHTML/ : new RegExp(`declare module '${name}'`),
      );
    }
  });

  it('imports lit and zod from the unbundled modules, so a bundler can share them with the host; only the React entry imports React', () => {
    const importsOf = (files: string[]) => [
      ...new Set(
        files
          .flatMap((file) => [...read(`dist/lib/${file}`).matchAll(/from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]))
          .filter((specifier) => !specifier.startsWith('.')),
      ),
    ];
    const modules = readdirSync(new URL('dist/lib/', root)).filter((file) => file.endsWith('.js'));
    assert.deepEqual(importsOf(modules.filter((file) => file !== 'react.js')).sort(), ['lit', 'zod/v4/core']);
    assert.deepEqual(importsOf(['react.js']).sort(), ['@lit/react', 'react']);
  });

  it('resolves "veratad-verify/server" by its own name, with createTokenHandler and toNodeListener', async () => {
    // A specifier held in a variable: typecheck runs before the build, when dist/types does not exist yet.
    const specifier = 'veratad-verify/server';
    const server = (await import(specifier)) as Record<string, unknown>;
    assert.equal(typeof server.createTokenHandler, 'function');
    assert.equal(typeof server.toNodeListener, 'function');
  });

  it('under Node, with no DOM, preloadVeratad() and VeratadVerify.preload() resolve and touch nothing', async () => {
    const specifier = 'veratad-verify'; // held in a variable: typecheck runs before the build
    const element = (await import(specifier)) as {
      preloadVeratad(options?: object): Promise<unknown>;
      VeratadVerify: { preload(options?: object): Promise<unknown> };
    };
    assert.equal(await element.preloadVeratad(), undefined);
    assert.equal(await element.VeratadVerify.preload({ sdkSrc: 'https://sdk.invalid/initialize.js' }), undefined);
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });

  it('ships one self-contained element bundle: no import of lit, zod or any other module', () => {
    const bundle = read('dist/veratad-verify.js');
    assert.doesNotMatch(bundle, /\bimport\s*(?:[\w*{}\s,]+from\s*)?["']/, 'no static import');
    assert.doesNotMatch(bundle, /\bimport\(\s*["']/, 'no dynamic import of a module');
    assert.match(bundle, /customElements/);
  });

  it('types every event in GlobalEventHandlersEventMap and the tag in HTMLElementTagNameMap', () => {
    const types = ['dist/lib/index.d.ts', 'dist/lib/events.d.ts', 'dist/lib/veratad-verify.d.ts']
      .filter((file) => existsSync(new URL(file, root)))
      .map(read)
      .join('\n');
    assert.match(types, /interface GlobalEventHandlersEventMap/);
    for (const name of PUBLIC_EVENTS) assert.match(types, new RegExp(`'${name}'`), name);
    assert.match(types, /interface HTMLElementTagNameMap[\s\S]*'veratad-verify'/);
  });

  it('describes <veratad-verify> in custom-elements.json: the tag, every attribute and event, real default values', () => {
    const manifest = JSON.parse(read('custom-elements.json')) as Manifest;
    const definitions = manifest.modules
      .flatMap((module) => module.exports ?? [])
      .filter((entry) => entry.kind === 'custom-element-definition');
    assert.deepEqual(
      definitions.map((entry) => entry.name),
      ['veratad-verify'],
    );
    const element = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .find((item) => item.tagName === 'veratad-verify');
    assert.ok(element, 'the element is declared with its tag');
    assert.deepEqual(element.attributes!.map((item) => item.name).sort(), [...PUBLIC_ATTRIBUTES].sort());
    assert.deepEqual(element.events!.map((item) => item.name).sort(), [...PUBLIC_EVENTS].sort());
    const defaults = Object.fromEntries(element.attributes!.map((item) => [item.name, item.default]));
    assert.equal(defaults['sdk-src'], "'https://vx-fe.idresponse.com/js/initialize.js'");
    assert.equal(defaults['sdk-css'], "'https://vx-fe.idresponse.com/styles/style.css'");
    assert.equal(defaults['frame-allow'], "'camera; fullscreen'");
    assert.equal(defaults['token-lifetime'], '21600');
  });

  it('keeps custom-elements.json to public API, and says of every event that it bubbles, is composed and is not cancelable', () => {
    const manifest = JSON.parse(read('custom-elements.json')) as Manifest;
    const element = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .find((item) => item.tagName === 'veratad-verify')!;
    const hidden = [...element.members!, ...element.attributes!].filter(
      (item) => item.privacy === 'private' || /^[_#]/.test(item.name),
    );
    assert.deepEqual(
      hidden.map((item) => item.name),
      [],
    );
    for (const event of element.events!) {
      assert.deepEqual([event.bubbles, event.composed, event.cancelable], [true, true, false], event.name);
    }
  });
});
