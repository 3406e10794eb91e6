// Vue's server rendering, the mechanism Nuxt uses: examples/vue's App is rendered to HTML under Node (importing
// `veratad-verify/vue` there throws nothing and registers nothing), then hydrated in Chromium over that markup.
// No <ClientOnly> is needed: the server writes the tag with its attributes (and `defer-hydration`, as the example
// binds it), the element upgrades on the client, waits until the app is mounted and Vue has set its `sdkOptions`
// property, then starts once; Vue reports no hydration mismatch.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'vite';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import type * as ServerEntryPoint from '../../src/server/index.js';
import { ExamplePage } from './example-backend.js';
import { FIXTURES, ROOT, assertBuilt } from './type-checkers.js';

const EXAMPLE = join(ROOT, 'examples/vue');
// Inside the package (test-results/ is ignored by git), so Node resolves `veratad-verify/vue` and `vue` from the
// server bundle as a host's server would: by name, through node_modules and the package's exports.
const OUT = join(ROOT, 'test-results/vue-ssr');
const USER = 'vue-ssr-user';
const PASS = 'vue-ssr-pass';

interface ServerEntry {
  render(): Promise<string>;
}

describe('examples/vue rendered by Vue on the server, hydrated in Chromium', () => {
  let simulator: Simulator;
  let server: Server;
  let markup: string;

  before(async () => {
    assertBuilt('dist/lib/vue.js');
    simulator = await startSimulator({ port: 0, user: USER, pass: PASS });
    process.env.VITE_VERATAD_SDK_SRC = `${simulator.origin}/js/initialize.js`;
    process.env.VITE_VERATAD_SDK_CSS = `${simulator.origin}/styles/style.css`;
    rmSync(OUT, { recursive: true, force: true });
    const config = { root: EXAMPLE, configFile: join(EXAMPLE, 'vite.config.ts'), logLevel: 'warn' as const };
    await build({
      ...config,
      build: { ssr: join(FIXTURES, 'vue-ssr/entry-server.ts'), outDir: join(OUT, 'server'), emptyOutDir: true },
    });
    await build({
      ...config,
      // Vue's production build then reports hydration mismatches in the console, as its development build does.
      define: { __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'true' },
      build: {
        outDir: join(OUT, 'client'),
        emptyOutDir: true,
        rolldownOptions: { input: join(FIXTURES, 'vue-ssr/entry-client.ts'), output: { entryFileNames: 'hydrate.js' } },
      },
    });

    const entry = (await import(join(OUT, 'server/entry-server.js'))) as ServerEntry;
    markup = await entry.render();
    // The page's backend, as a Nuxt server route would be: createTokenHandler from the package's server entry.
    const specifier = 'veratad-verify/server';
    const { createTokenHandler, toNodeListener } = (await import(specifier)) as typeof ServerEntryPoint;
    const token = toNodeListener(
      createTokenHandler({ user: USER, pass: PASS, endpoint: `${simulator.url}/token/create` }),
    );
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSR</title><link rel="icon" href="data:,"></head><body><div id="app">${markup}</div><script type="module" src="/hydrate.js"></script></body></html>`;
    server = createServer((req, res) => {
      if (req.url === '/api/veratad/token') return void token(req, res);
      if (req.url === '/hydrate.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return void res.end(readFileSync(join(OUT, 'client/hydrate.js')));
      }
      res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html' });
      res.end(req.url === '/' ? page : 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await simulator?.close();
  });

  it('renders the tag with its attributes under Node, where nothing is registered', () => {
    // Lit's Node build puts its DOM shim's registry on globalThis; nothing is registered in it.
    assert.equal(globalThis.customElements?.get('veratad-verify'), undefined, 'nothing registered under Node');
    const tag = /<veratad-verify\b[^>]*>/.exec(markup)?.[0];
    assert.ok(tag, `the tag is in the server's markup:\n${markup}`);
    assert.match(tag, /\btoken-url="\/api\/veratad\/token"/);
    assert.match(tag, /\bfirst-name="Ada"/);
    assert.match(tag, new RegExp(`\\bsdk-src="${simulator.origin}/js/initialize.js"`));
    assert.match(tag, /\bdefer-hydration="true"/, 'the element is to wait for its properties');
    assert.doesNotMatch(tag, /\bphase=/, 'the element has not run');
  });

  it('hydrates without a mismatch, and the element starts once and reaches veratad-ready', async () => {
    const { port } = server.address() as AddressInfo;
    const example = await ExamplePage.open(`http://127.0.0.1:${port}/`);
    try {
      await example.waitForEvents('veratad-ready');
      assert.deepEqual(await example.sessionTypes(), ['veratad-token', 'veratad-ready']);
      assert.deepEqual(example.tokenRequests, ['POST'], 'one token request: it waited for sdkOptions');
      const element = example.page.locator('veratad-verify');
      assert.equal(await element.getAttribute('defer-hydration'), null, 'removed once the app is mounted');
      const sdkOptions = await element.evaluate((el) => (el as HTMLElement & { sdkOptions?: unknown }).sdkOptions);
      assert.deepEqual(sdkOptions, { resultMessages: { PASS: 'Thank you, you are verified.' } });
      // The app is interactive: its listener ran and its button drives the element through the ref.
      assert.equal(await example.page.getByRole('status').textContent(), 'Verification is open.');
      await example.page.getByRole('button', { name: 'Start again' }).click();
      await example.waitForEvents('veratad-ready', 2);
      example.assertQuiet();
    } finally {
      await example.close();
    }
  });
});
