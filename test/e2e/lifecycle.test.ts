// restart(), close() and expiry end to end, driven through the demo's controls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSuite, type DemoPage } from './harness.js';

/** The token of every 200 answer so far, in order. */
async function tokensOf(demo: DemoPage): Promise<string[]> {
  return (await demo.answers())
    .filter((answer) => answer.status === 200)
    .map((answer) => (answer.body as { token: string }).token);
}

describe('e2e: restart, close and expiry', () => {
  const suite = useSuite('lifecycle');

  it('restart() in SDK mode: exactly one new request, a new token, a new overlay; also after close()', async () => {
    const demo = await suite().open('restart-sdk');
    const first = await demo.nextEvent('veratad-token');
    await demo.nextEvent('veratad-ready');
    assert.equal(demo.requests.length, 1);

    let mark = await demo.mark();
    await demo.page.locator('#restart').click();
    const second = await demo.nextEvent('veratad-token', mark);
    const ready = await demo.nextEvent('veratad-ready', mark);
    assert.equal(second.phase, 'loading');
    assert.equal(ready.phase, 'ready');
    assert.equal(demo.requests.length, 2, 'exactly one new token request');
    assert.deepEqual(await demo.typesSince(mark), ['veratad-token', 'veratad-ready'], 'restart fires no close');
    assert.ok(second.detail.expiresAt >= first.detail.expiresAt);
    const tokens = await tokensOf(demo);
    assert.equal(tokens.length, 2);
    assert.notEqual(tokens[1], tokens[0], 'a fresh token, never a reused one');
    // The old modal was destroyed: one overlay, pointing at the journey of the new token only.
    assert.equal(await demo.sdkFrame.count(), 1);
    await demo.sdkFrame.waitFor({ state: 'visible' });
    await demo.screenshot('restarted');

    // close() from the host: the closed view; then restart() brings a session back with one more request.
    mark = await demo.mark();
    await demo.page.locator('#close').click();
    const closed = await demo.nextEvent('veratad-close', mark);
    assert.deepEqual(closed.detail, { source: 'host' });
    assert.equal(closed.phase, 'closed');
    assert.equal(await demo.sdkFrame.count(), 0);
    await demo.view.getByRole('button', { name: 'Start again' }).waitFor({ state: 'visible' });
    await demo.screenshot('closed-by-host');

    mark = await demo.mark();
    await demo.page.locator('#restart').click();
    await demo.nextEvent('veratad-token', mark);
    await demo.nextEvent('veratad-ready', mark);
    assert.equal(demo.requests.length, 3, 'exactly one new token request');
    assert.equal(await demo.view.count(), 0, 'the closed view is gone');
    await demo.sdkFrame.waitFor({ state: 'visible' });
    await demo.screenshot('restarted-after-close');

    for (const token of await tokensOf(demo)) await demo.assertTokenNotExposed(token);
    await demo.assertClean();
  });

  it('restart() in link mode: exactly one new request and a new link in the frame', async () => {
    const demo = await suite().open('restart-link');
    await demo.nextEvent('veratad-ready');
    let mark = await demo.mark();
    await demo.applyMode('link');
    await demo.nextEvent('veratad-ready', mark);
    const firstSrc = await demo.linkFrame.getAttribute('src');
    const requestsBefore = demo.requests.length;

    mark = await demo.mark();
    const answered = demo.page.waitForResponse(
      (response) => new URL(response.url()).searchParams.get('mode') === 'link',
    );
    await demo.page.locator('#restart').click();
    const { link } = (await (await answered).json()) as { link: string };
    const token = await demo.nextEvent('veratad-token', mark);
    assert.equal(token.detail.mode, 'link');
    await demo.nextEvent('veratad-ready', mark);
    assert.equal(demo.requests.length, requestsBefore + 1, 'exactly one new token request');
    assert.equal(demo.requests.at(-1)!.url.searchParams.get('mode'), 'link');
    assert.deepEqual(await demo.typesSince(mark), ['veratad-token', 'veratad-ready']);
    assert.equal(await demo.linkFrame.count(), 1);
    const src = await demo.linkFrame.getAttribute('src');
    assert.equal(src, link);
    assert.notEqual(src, firstSrc, 'a new link');
    await demo.screenshot('restarted');

    for (const value of await tokensOf(demo)) await demo.assertTokenNotExposed(value);
    await demo.assertClean();
  });

  it('expires after a 2 s token lifetime: expiring, expired, the expired view, then "Start again"', async () => {
    const demo = await suite().open('expiry');
    await demo.nextEvent('veratad-ready');

    // The demo's #lifetime offers 6 h, 20 s and 5 s; the element's own token-lifetime attribute takes 2 s.
    // Changing it does not restart by itself (it is not part of the request or the SDK parameters), so
    // restart() starts the short-lived session. The demo sets expiry-warning to 3 s, more than the lifetime,
    // so the warning is due as soon as the token arrives.
    await demo.element.evaluate((element) => element.setAttribute('token-lifetime', '2'));
    const mark = await demo.mark();
    await demo.page.locator('#restart').click();
    const token = await demo.nextEvent('veratad-token', mark);
    const [, answer] = await demo.answers();
    const serverExpiry = Date.parse((answer.body as { expires_at: string }).expires_at);
    assert.ok(token.detail.expiresAt < serverExpiry, "the 2 s lifetime caps the handler's 6 h expiry");
    assert.ok(token.detail.expiresAt <= token.at + 2000, 'at most 2 s from the token event');

    const expiring = await demo.nextEvent('veratad-expiring', mark);
    assert.equal(expiring.detail.expiresAt, token.detail.expiresAt);
    assert.ok(
      expiring.detail.remaining > 0 && expiring.detail.remaining <= 2000,
      `remaining ${expiring.detail.remaining}`,
    );

    const expired = await demo.nextEvent('veratad-expired', mark);
    assert.deepEqual(expired.detail, { expiresAt: token.detail.expiresAt, reason: 'lifetime' });
    assert.equal(expired.phase, 'expired');
    assert.ok(expired.at >= token.detail.expiresAt, 'not before the expiry time');
    const order = (await demo.typesSince(mark)).filter((type) => type !== 'veratad-ready');
    assert.deepEqual(order, ['veratad-token', 'veratad-expiring', 'veratad-expired']);
    assert.equal((await demo.eventsOf('veratad-expiring', mark)).length, 1, 'the warning fires once');
    assert.equal((await demo.eventsOf('veratad-expired', mark)).length, 1, 'the expiry fires once');

    // Torn down, with the built-in expired view.
    assert.equal(await demo.phase(), 'expired');
    assert.equal(await demo.sdkFrame.count(), 0);
    assert.equal(await demo.view.getAttribute('role'), 'status');
    assert.equal((await demo.view.locator('p').textContent())?.trim(), 'This verification session has expired.');
    const startAgain = demo.view.getByRole('button', { name: 'Start again' });
    await startAgain.waitFor({ state: 'visible' });
    await demo.page.locator('#phase', { hasText: 'expired' }).waitFor();
    await demo.screenshot('expired-view');

    // Back to a long lifetime so the fresh session cannot expire under the assertions, then start again.
    await demo.element.evaluate((element) => element.setAttribute('token-lifetime', '21600'));
    const requestsBefore = demo.requests.length;
    const again = await demo.mark();
    await startAgain.click();
    const fresh = await demo.nextEvent('veratad-token', again);
    await demo.nextEvent('veratad-ready', again);
    assert.equal(demo.requests.length, requestsBefore + 1, 'exactly one new token request');
    assert.ok(fresh.detail.expiresAt > token.detail.expiresAt);
    assert.equal(await demo.phase(), 'ready');
    assert.equal(await demo.view.count(), 0, 'the expired view is gone');
    await demo.sdkFrame.waitFor({ state: 'visible' });
    const tokens = await tokensOf(demo);
    assert.equal(new Set(tokens).size, tokens.length, 'every session had its own token');
    await demo.screenshot('started-again');

    for (const value of tokens) await demo.assertTokenNotExposed(value);
    await demo.assertClean();
  });
});
