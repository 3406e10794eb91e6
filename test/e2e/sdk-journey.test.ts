// SDK mode end to end: the demo page, the token endpoint (createTokenHandler) and the simulator's Web SDK,
// whose journey runs in the light-DOM #veratad-frame on the simulator's origin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSuite, TOKEN_PATH, simulatorSettings, type DemoPage } from './harness.js';
import { shownText } from '../shown-text.js';

const FRAME = '#veratad-frame';

describe('e2e: SDK mode', () => {
  const suite = useSuite('sdk');

  /** Opens the demo (SDK mode is its default) and waits for a visible session. */
  async function openSession(label: string): Promise<{ demo: DemoPage; token: string }> {
    const demo = await suite().open(label);
    await demo.nextEvent('veratad-ready');
    const [answer] = await demo.answers();
    assert.ok(answer && answer.status === 200, 'the endpoint answered');
    const { token } = answer.body as { token: string };
    return { demo, token };
  }

  it('loads, shows the overlay, reports PASS, then the user closes it', async () => {
    const { demo, token } = await openSession('pass-close');

    // One POST to the endpoint, in SDK mode (no fail switch).
    assert.equal(demo.requests.length, 1);
    assert.equal(demo.requests[0].method, 'POST');
    assert.equal(demo.requests[0].url.searchParams.get('mode'), 'sdk');

    const tokenEvent = await demo.nextEvent('veratad-token');
    assert.equal(tokenEvent.detail.mode, 'sdk');
    assert.equal(typeof tokenEvent.detail.expiresAt, 'number');
    assert.ok(tokenEvent.detail.expiresAt > tokenEvent.at, 'expiresAt is in the future');
    assert.deepEqual(tokenEvent.detail.settings, simulatorSettings(suite().simulatorOrigin));
    assert.deepEqual(Object.keys(tokenEvent.detail).sort(), ['expiresAt', 'mode', 'settings']);
    assert.equal(tokenEvent.phase, 'loading');

    const ready = await demo.nextEvent('veratad-ready');
    assert.deepEqual(ready.detail, { mode: 'sdk' });
    assert.equal(ready.phase, 'ready');
    assert.deepEqual(await demo.typesSince(-1), ['veratad-token', 'veratad-ready']);

    // The simulator's SDK shows its frame as a fixed, centred overlay on the simulator's origin.
    const frame = demo.sdkFrame;
    await frame.waitFor({ state: 'visible' });
    const overlay = await frame.evaluate((node) => ({
      open: node.classList.contains('veratad-modal-open'),
      position: getComputedStyle(node).position,
      parent: node.parentElement?.localName,
      origin: new URL((node as HTMLIFrameElement).src).origin,
    }));
    assert.deepEqual(overlay, {
      open: true,
      position: 'fixed',
      parent: 'veratad-verify',
      origin: suite().simulatorOrigin,
    });
    const box = await frame.boundingBox();
    assert.ok(box && box.width === 420 && box.height === 670, `overlay is 420 × 670, got ${JSON.stringify(box)}`);
    // The demo's person fields are prefilled into the journey.
    const journey = demo.page.frameLocator(FRAME);
    assert.equal(await shownText(journey.locator('#person')), 'Ada Lovelace');
    assert.equal(await demo.page.locator('#phase').textContent(), 'ready');
    await demo.screenshot('overlay-open');

    const beforePass = await demo.mark();
    await demo.pressInJourney(FRAME, 'Pass');
    const pass = await demo.nextEvent('veratad-status', beforePass);
    assert.deepEqual(pass.detail, { status: 'PASS', source: 'sdk' });
    assert.equal(pass.phase, 'complete');
    assert.equal(await demo.phase(), 'complete');
    await demo.page.locator('#log li', { hasText: 'veratad-status' }).filter({ hasText: '"status": "PASS"' }).waitFor();
    // The demo's element has confirm-url: the server's word follows (before the close, which would stop it).
    const confirmed = await demo.nextEvent('veratad-confirmed', beforePass);
    assert.deepEqual(confirmed.detail, { status: 'PASS', verified: true });
    await demo.screenshot('passed');

    const beforeClose = await demo.mark();
    await demo.pressInJourney(FRAME, 'Close');
    const closed = await demo.nextEvent('veratad-close', beforeClose);
    assert.deepEqual(closed.detail, { source: 'user' });
    assert.equal(closed.phase, 'closed');
    assert.deepEqual(await demo.typesSince(beforePass), ['veratad-status', 'veratad-confirmed', 'veratad-close']);
    // Torn down: the SDK's frame is gone and the built-in closed view offers a new start.
    assert.equal(await demo.sdkFrame.count(), 0);
    assert.equal(await demo.view.getAttribute('role'), 'status');
    assert.equal((await demo.view.locator('p').textContent())?.trim(), 'Verification closed.');
    await demo.view.getByRole('button', { name: 'Start again' }).waitFor({ state: 'visible' });
    await demo.screenshot('closed-by-user');

    assert.equal(demo.requests.length, 1, 'no further token request');
    await demo.assertTokenNotExposed(token);
    await demo.assertClean();
  });

  it('reports FAIL from the journey', async () => {
    const { demo, token } = await openSession('fail');
    const mark = await demo.mark();
    await demo.pressInJourney(FRAME, 'Fail');
    const fail = await demo.nextEvent('veratad-status', mark);
    assert.deepEqual(fail.detail, { status: 'FAIL', source: 'sdk' });
    assert.equal(fail.phase, 'complete');
    assert.equal(await demo.phase(), 'complete');
    // The vendor's view stays: the journey shows its own outcome.
    assert.equal(await shownText(demo.page.frameLocator(FRAME).locator('#outcome-title')), 'Verification failed');
    await demo.screenshot('failed');
    const confirmed = await demo.nextEvent('veratad-confirmed', mark);
    assert.deepEqual(confirmed.detail, { status: 'FAIL', verified: false });
    assert.deepEqual(await demo.typesSince(mark), ['veratad-status', 'veratad-confirmed']);
    await demo.assertTokenNotExposed(token);
    await demo.assertClean();
  });

  it('reports velocity and already-verified errors and leaves the vendor view in place', async () => {
    const { demo, token } = await openSession('errors');

    let mark = await demo.mark();
    await demo.pressInJourney(FRAME, 'Velocity');
    const velocity = await demo.nextEvent('veratad-error', mark);
    assert.deepEqual(velocity.detail, {
      code: 'velocity',
      message: 'Too many attempts. Please try again later.',
      retryable: false,
    });
    await demo.screenshot('velocity');

    mark = await demo.mark();
    await demo.pressInJourney(FRAME, 'Already verified');
    const already = await demo.nextEvent('veratad-error', mark);
    assert.deepEqual(already.detail, {
      code: 'already-verified',
      message: 'This person is already verified.',
      retryable: false,
    });

    // These errors are the vendor's to show: no teardown, no built-in error view, the overlay stays.
    assert.equal(await demo.phase(), 'ready');
    assert.equal(await demo.view.count(), 0);
    assert.ok(await demo.sdkFrame.isVisible());
    assert.equal(await demo.page.locator('#log li.error').count(), 2);
    // The demo repeats the last error next to the phase, since the page's own view does not change.
    assert.equal(
      await demo.page.locator('#last-error').textContent(),
      'already-verified: This person is already verified.',
    );
    await demo.screenshot('already-verified');
    assert.deepEqual(await demo.typesSince(-1), ['veratad-token', 'veratad-ready', 'veratad-error', 'veratad-error']);
    assert.equal(demo.requests.length, 1);
    assert.equal(demo.requests[0].url.pathname, TOKEN_PATH);
    await demo.assertTokenNotExposed(token);
    await demo.assertClean();
  });
});
