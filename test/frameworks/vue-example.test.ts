// examples/vue, as a user runs it: built with Vite (its own vite.config.ts: the Vue plugin with isCustomElement),
// served by `vite preview`, whose proxy sends /api to the token endpoint example in front of the VX simulator. In
// Chromium the element reaches veratad-ready, the app's listeners run, the object property `sdkOptions` reached
// the element as a property, and the template ref's restart() starts a second session.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExamplePage, serveViteExample, type ServedExample } from './example-backend.js';
import { ROOT, assertBuilt } from './type-checkers.js';

const EXAMPLE = join(ROOT, 'examples/vue');

describe('examples/vue (Vite + Vue 3) in Chromium', () => {
  let served: ServedExample;

  before(async () => {
    assertBuilt('dist/lib/vue.js');
    served = await serveViteExample(EXAMPLE);
  });

  after(() => served?.close());

  it('reaches veratad-ready against the simulator, and restarts through the template ref', async () => {
    const example = await ExamplePage.open(served.url);
    try {
      await example.waitForEvents('veratad-ready');
      const element = example.page.locator('veratad-verify');
      assert.equal(await element.getAttribute('phase'), 'ready');
      assert.equal(await element.getAttribute('token-url'), '/api/veratad/token');
      assert.equal(await example.page.getByRole('status').textContent(), 'Verification is open.');
      // Bound as :sdkOptions, set as a property (the element has one by that name), never as an attribute.
      const sdkOptions = await element.evaluate((el) => (el as HTMLElement & { sdkOptions?: unknown }).sdkOptions);
      assert.deepEqual(sdkOptions, { resultMessages: { PASS: 'Thank you, you are verified.' } });
      assert.equal(await element.getAttribute('sdkoptions'), null);
      assert.deepEqual(await example.sessionTypes(), ['veratad-token', 'veratad-ready']);

      await example.page.getByRole('button', { name: 'Start again' }).click();
      await example.waitForEvents('veratad-ready', 2);
      assert.deepEqual(example.tokenRequests, ['POST', 'POST'], 'one token request per session');
      example.assertQuiet();
    } finally {
      await example.close();
    }
  });
});
