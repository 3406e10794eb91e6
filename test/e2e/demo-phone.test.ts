// The demo on a 390×844 phone with a link-mode session open in the page: every control can be reached (scrolled
// to, not covered, inside the screen), nothing is clipped (the phase and camera readouts, the controls' labels),
// the page never scrolls sideways, and the camera preflight's result is shown. Screenshots go to test-results/e2e.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSuite } from './harness.js';

const PHONE = { width: 390, height: 844 };

describe('e2e: the demo on a phone', () => {
  const suite = useSuite('phone');

  it('with a link-mode session open, every control is reachable and no text is clipped at 390×844', async () => {
    const demo = await suite().open('390');
    await demo.page.setViewportSize(PHONE);
    await demo.nextEvent('veratad-ready');
    await demo.page.locator('input[name="mode"][value="link"]').check();
    const mark = await demo.mark();
    await demo.page.locator('#apply').click();
    const preflight = await demo.nextEvent('veratad-preflight', mark);
    await demo.nextEvent('veratad-ready', mark);
    await demo.linkFrame.waitFor({ state: 'visible' });

    // The camera preflight's result, as the demo shows it.
    assert.equal(await demo.page.locator('#camera').textContent(), preflight.detail.camera);

    const overflow = await demo.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);

    const controls = demo.page.locator('main button, main input, main select');
    const count = await controls.count();
    assert.ok(count >= 12, `${count} controls`);
    for (let index = 0; index < count; index++) {
      const control = controls.nth(index);
      await control.scrollIntoViewIfNeeded();
      const reach = await control.evaluate((node) => {
        const box = node.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        const label = node.closest('label');
        return {
          name: node.id || (node as HTMLInputElement).value || node.textContent,
          inside: box.left >= 0 && box.right <= innerWidth && box.top >= 0 && box.bottom <= innerHeight,
          hit: hit === node || !!label?.contains(hit),
        };
      });
      assert.ok(reach.inside, `${reach.name}: inside the screen once scrolled to`);
      assert.ok(reach.hit, `${reach.name}: not covered`);
    }

    // No text cut off: every label and readout is as wide as its content.
    const clipped = await demo.page.evaluate(() =>
      [...document.querySelectorAll('main label, main legend, main output, main p, main h2')]
        .filter((node) => node.scrollWidth > node.clientWidth + 1 || node.getBoundingClientRect().right > innerWidth)
        .map((node) => node.textContent?.trim().slice(0, 40)),
    );
    assert.deepEqual(clipped, []);
    await demo.screenshot('link-session-open');
    await demo.assertClean();
  });
});
