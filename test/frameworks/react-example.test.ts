// examples/react (Vite + React 19, `veratad-verify/react` imported by name, i.e. the built dist/lib), as a user runs
// it: type-checked with tsc, built with Vite (its own vite.config.ts), served by `vite preview`, whose proxy sends
// /api to the token endpoint example in front of the VX simulator. In Chromium, under <StrictMode>, the element
// reaches veratad-ready after one token request, and the component's callback prop updates the page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExamplePage, serveViteExample, type ServedExample } from './example-backend.js';
import { ROOT, assertBuilt, assertDiagnostics, tsc } from './type-checkers.js';

const EXAMPLE = join(ROOT, 'examples/react');

describe('examples/react (Vite + React 19) in Chromium', () => {
  let served: ServedExample;

  before(async () => {
    assertBuilt('dist/lib/react.js');
    served = await serveViteExample(EXAMPLE);
  });

  after(() => served?.close());

  it('type-checks against the built package', async () => {
    assertDiagnostics(await tsc(EXAMPLE), []);
  });

  it('reaches veratad-ready against the simulator, with one token request, under StrictMode', async () => {
    const example = await ExamplePage.open(served.url);
    try {
      await example.waitForEvents('veratad-ready');
      // The simulator's journey has started in the SDK's frame (a session error would come before it shows).
      await example.page.frameLocator('#veratad-frame').locator('#journey').waitFor();
      const element = example.page.locator('veratad-verify');
      assert.equal(await element.getAttribute('phase'), 'ready');
      assert.equal(await element.getAttribute('defer-hydration'), null);
      // Set by the onVeratadReady callback prop.
      assert.equal(await example.page.getByRole('status').textContent(), 'Follow the steps below.');
      assert.deepEqual(await example.sessionTypes(), ['veratad-token', 'veratad-ready']);
      assert.deepEqual(example.tokenRequests, ['POST']);
      assert.equal(
        await example.page.locator(`script[src="${served.backend.simulator.origin}/js/initialize.js"]`).count(),
        1,
      );
      example.assertQuiet();
    } finally {
      await example.close();
    }
  });
});
