// Link mode end to end: the endpoint's handler also calls the simulator's /link/generate, the element shows
// the link in its shadow-DOM iframe (part "frame", the simulator's origin) and turns the frame page's
// postMessages into events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSuite, simulatorSettings, type DemoPage } from './harness.js';
import { shownText } from '../shown-text.js';

const FRAME = '#host > veratad-verify iframe[part="frame"]';

describe('e2e: link mode', () => {
  const suite = useSuite('link');

  /**
   * Opens the demo, lets its default SDK-mode element come up, then picks link mode and applies it (the demo
   * replaces the element). Returns once the link-mode session is ready, with the mark to read events after.
   */
  async function openLinkSession(
    label: string,
  ): Promise<{ demo: DemoPage; since: number; token: string; link: string }> {
    const demo = await suite().open(label);
    await demo.nextEvent('veratad-ready');
    const since = await demo.mark();
    const answered = demo.page.waitForResponse(
      (response) => new URL(response.url()).searchParams.get('mode') === 'link',
    );
    await demo.applyMode('link');
    const body = (await (await answered).json()) as { token: string; link: string };
    await demo.nextEvent('veratad-ready', since);
    return { demo, since, token: body.token, link: body.link };
  }

  it('loads the link in the shadow-DOM frame, reports PASS then FAIL from the frame, then the user closes it', async () => {
    const { demo, since, token, link } = await openLinkSession('pass-fail-close');

    const requests = demo.requests.map((request) => request.url.searchParams.get('mode'));
    assert.deepEqual(requests, ['sdk', 'link'], 'one request per mounted element');

    const tokenEvent = await demo.nextEvent('veratad-token', since);
    assert.equal(tokenEvent.detail.mode, 'link');
    assert.ok(tokenEvent.detail.expiresAt > tokenEvent.at);
    assert.deepEqual(tokenEvent.detail.settings, simulatorSettings(suite().simulatorOrigin));
    const ready = await demo.nextEvent('veratad-ready', since);
    assert.deepEqual(ready.detail, { mode: 'link' });
    assert.equal(ready.phase, 'ready');
    assert.deepEqual(await demo.typesSince(since), ['veratad-token', 'veratad-ready']);

    // The frame lives in the element's shadow root, points at the simulator's link, and no SDK overlay exists.
    const frame = demo.linkFrame;
    await frame.waitFor({ state: 'visible' });
    const attributes = await frame.evaluate((node) => ({
      inShadow: node.getRootNode() instanceof ShadowRoot,
      src: node.getAttribute('src'),
      title: node.getAttribute('title'),
      allow: node.getAttribute('allow'),
    }));
    assert.deepEqual(attributes, {
      inShadow: true,
      src: link,
      title: 'Identity verification',
      allow: 'camera; fullscreen',
    });
    assert.ok(link.startsWith(`${suite().simulatorOrigin}/frame?request_id=`), link);
    assert.equal(await demo.sdkFrame.count(), 0);
    // Sized by the element's custom property (demo.css sets --veratad-verify-height: 700px).
    const sizing = await frame.evaluate((node) => ({
      wanted: getComputedStyle(node).getPropertyValue('--veratad-verify-height').trim(),
      height: `${node.getBoundingClientRect().height}px`,
    }));
    assert.deepEqual(sizing, { wanted: '700px', height: '700px' });
    // The handler's link step prefilled the person (the demo's default Ada Lovelace).
    assert.equal(await shownText(demo.page.frameLocator(FRAME).locator('#person')), 'Ada Lovelace');
    await demo.screenshot('frame-ready');

    let mark = await demo.mark();
    await demo.pressInJourney(FRAME, 'Pass');
    const pass = await demo.nextEvent('veratad-status', mark);
    assert.deepEqual(pass.detail, { status: 'PASS', component: 'DCAMS', source: 'frame' });
    assert.equal(pass.phase, 'complete');
    const passMessage = await demo.nextEvent('veratad-message', mark);
    assert.deepEqual(passMessage.detail, {
      data: { status: 'PASS', component: 'DCAMS', error: '', event: '' },
      origin: suite().simulatorOrigin,
    });
    // The demo's element has confirm-url: the server's word follows, once per session (not again after Fail).
    const confirmed = await demo.nextEvent('veratad-confirmed', mark);
    assert.deepEqual(confirmed.detail, { status: 'PASS', verified: true });
    assert.deepEqual(await demo.typesSince(mark), ['veratad-message', 'veratad-status', 'veratad-confirmed']);
    await demo.screenshot('passed');

    mark = await demo.mark();
    await demo.pressInJourney(FRAME, 'Fail');
    const fail = await demo.nextEvent('veratad-status', mark);
    assert.deepEqual(fail.detail, { status: 'FAIL', source: 'frame' });
    assert.equal(fail.phase, 'complete');
    assert.deepEqual((await demo.nextEvent('veratad-message', mark)).detail, {
      data: 'FAIL',
      origin: suite().simulatorOrigin,
    });
    await demo.screenshot('failed');

    mark = await demo.mark();
    await demo.pressInJourney(FRAME, 'Close');
    const closed = await demo.nextEvent('veratad-close', mark);
    assert.deepEqual(closed.detail, { source: 'user' });
    assert.equal(closed.phase, 'closed');
    assert.deepEqual((await demo.nextEvent('veratad-message', mark)).detail, {
      data: { event: 'CLOSED', app: 'DCAMS_AUTO_SCAN' },
      origin: suite().simulatorOrigin,
    });
    assert.deepEqual(await demo.typesSince(mark), ['veratad-message', 'veratad-close']);
    // Torn down: the iframe left the shadow DOM; the closed view offers a new start.
    assert.equal(await demo.linkFrame.count(), 0);
    assert.equal((await demo.view.locator('p').textContent())?.trim(), 'Verification closed.');
    await demo.view.getByRole('button', { name: 'Start again' }).waitFor({ state: 'visible' });
    await demo.screenshot('closed-by-user');

    assert.equal(demo.requests.length, 2, 'no further token request');
    await demo.assertTokenNotExposed(token);
    await demo.assertClean();
  });

  it('display="modal" on a 390×844 phone: the link fills the screen in a dialog, its close button closes it', async () => {
    const demo = await suite().open('modal-phone');
    await demo.page.setViewportSize({ width: 390, height: 844 });
    await demo.nextEvent('veratad-ready');
    const since = await demo.mark();
    await demo.page.locator('input[name="display"][value="modal"]').check();
    await demo.applyMode('link');
    const ready = await demo.nextEvent('veratad-ready', since);
    assert.deepEqual(ready.detail, { mode: 'link' });

    const dialog = demo.page.locator('#host > veratad-verify dialog[part="dialog"]');
    await dialog.waitFor({ state: 'visible' });
    const shown = await dialog.evaluate((node: HTMLDialogElement) => {
      const box = node.getBoundingClientRect();
      const frame = node.querySelector('iframe[part="frame"]');
      return {
        open: node.open,
        modal: node.matches(':modal'),
        box: [box.left, box.top, box.width, box.height],
        frameInside: frame !== null,
        allowFullscreen: frame?.hasAttribute('allowfullscreen'),
        pageOverflow: document.documentElement.style.overflow,
      };
    });
    const viewport = await demo.page.evaluate(() => [innerWidth, innerHeight]);
    assert.deepEqual(viewport, [390, 844]);
    assert.deepEqual(shown, {
      open: true,
      modal: true,
      box: [0, 0, 390, 844],
      frameInside: true,
      allowFullscreen: true,
      pageOverflow: 'hidden',
    });
    // The simulator's journey runs in the dialog's frame, prefilled as inline.
    assert.equal(await shownText(demo.page.frameLocator(FRAME).locator('#person')), 'Ada Lovelace');
    await demo.screenshot('modal-open', { fullPage: false });

    const mark = await demo.mark();
    await demo.page.getByRole('button', { name: 'Close verification' }).click();
    const closed = await demo.nextEvent('veratad-close', mark);
    assert.deepEqual(closed.detail, { source: 'user' });
    assert.equal(closed.phase, 'closed');
    assert.deepEqual(await demo.typesSince(mark), ['veratad-close']);
    assert.equal(await dialog.count(), 0);
    assert.equal(await demo.linkFrame.count(), 0);
    const after = await demo.page.evaluate(() => ({
      pageOverflow: document.documentElement.style.overflow,
      focused: document.activeElement?.id,
    }));
    // Focus is back on the demo's "Apply settings" button, which started this session.
    assert.deepEqual(after, { pageOverflow: '', focused: 'apply' });
    await demo.view.getByRole('button', { name: 'Start again' }).waitFor({ state: 'visible' });
    await demo.screenshot('modal-closed', { fullPage: false });
    await demo.assertClean();
  });

  it('reports COMPLETE as PASS and COMPLETE AND IN REVIEW as REVIEW', async () => {
    const { demo, token } = await openLinkSession('complete-review');

    let mark = await demo.mark();
    await demo.pressInJourney(FRAME, 'Complete');
    const complete = await demo.nextEvent('veratad-status', mark);
    assert.deepEqual(complete.detail, { status: 'PASS', component: 'DCAMS_AUTO_SCAN', source: 'frame' });
    assert.equal(complete.phase, 'complete');
    assert.deepEqual((await demo.nextEvent('veratad-message', mark)).detail, {
      data: { event: 'COMPLETE', app: 'DCAMS_AUTO_SCAN' },
      origin: suite().simulatorOrigin,
    });
    await demo.screenshot('complete');

    mark = await demo.mark();
    await demo.pressInJourney(FRAME, 'Complete with review');
    const review = await demo.nextEvent('veratad-status', mark);
    assert.deepEqual(review.detail, { status: 'REVIEW', component: 'DCAMS_AUTO_SCAN', source: 'frame' });
    assert.equal(review.phase, 'complete');
    // Sent as JSON text: the raw message is reported as it came.
    assert.deepEqual((await demo.nextEvent('veratad-message', mark)).detail, {
      data: '{"event":"COMPLETE AND IN REVIEW","app":"DCAMS_AUTO_SCAN"}',
      origin: suite().simulatorOrigin,
    });
    assert.equal(await demo.phase(), 'complete');
    // Results do not tear the session down: the vendor's page stays to show its outcome.
    assert.ok(await demo.linkFrame.isVisible());
    assert.equal(await shownText(demo.page.frameLocator(FRAME).locator('#outcome-title')), 'Complete, in review');
    await demo.screenshot('in-review');

    await demo.assertTokenNotExposed(token);
    await demo.assertClean();
  });
});
