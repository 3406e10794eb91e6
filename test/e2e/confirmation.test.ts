// Server-side confirmation end to end: the demo page's element has confirm-url (the demo backend's
// createStatusHandler, which asks the simulator's User Status), and the simulator delivers the result callback
// to the demo backend's createWebhookHandler. The page must show the server's verdict, and the callback.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shownText } from '../shown-text.js';
import { useSuite } from './harness.js';

const SDK_FRAME = '#veratad-frame';
const LINK_FRAME = '#host > veratad-verify iframe[part="frame"]';

describe('e2e: results confirmed on the server', () => {
  const suite = useSuite('confirm');

  it('SDK mode: after Pass, the server confirms PASS from User Status and the webhook receives the callback', async () => {
    const demo = await suite().open('sdk-confirmed');
    await demo.nextEvent('veratad-ready');
    assert.equal(await shownText(demo.page.locator('#server-verdict')), 'not asked yet');
    const before = await demo.mark();
    await demo.pressInJourney(SDK_FRAME, 'Pass');

    const status = await demo.nextEvent('veratad-status', before);
    assert.deepEqual(status.detail, { status: 'PASS', source: 'sdk' });
    const confirmed = await demo.nextEvent('veratad-confirmed', before);
    assert.deepEqual(confirmed.detail, { status: 'PASS', verified: true });
    assert.deepEqual(await demo.typesSince(before), ['veratad-status', 'veratad-confirmed']);
    await demo.page.locator('#server-verdict[data-verified="true"]', { hasText: 'PASS (verified)' }).waitFor();
    await demo.page.locator('#callbacks li', { hasText: 'PASS (verified)' }).waitFor();
    await demo.screenshot('confirmed');
    await demo.assertClean();
  });

  it('link mode: after Fail, the server confirms FAIL, not verified, and the webhook receives it', async () => {
    const demo = await suite().open('link-confirmed');
    await demo.nextEvent('veratad-ready');
    const since = await demo.mark();
    await demo.applyMode('link');
    const ready = await demo.nextEvent('veratad-ready', since);
    assert.deepEqual(ready.detail, { mode: 'link' });
    const before = await demo.mark();
    await demo.pressInJourney(LINK_FRAME, 'Fail');

    const confirmed = await demo.nextEvent('veratad-confirmed', before);
    assert.deepEqual(confirmed.detail, { status: 'FAIL', verified: false });
    await demo.page.locator('#server-verdict', { hasText: 'FAIL (not verified)' }).waitFor();
    await demo.page.locator('#callbacks li', { hasText: 'FAIL (not verified)' }).waitFor();
    await demo.assertClean();
  });
});
