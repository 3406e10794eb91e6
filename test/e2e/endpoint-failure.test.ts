// The token endpoint failing on purpose (the demo's "Endpoint" switch), the element's retries, its built-in
// error view, and a working session once the endpoint answers again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSuite, TOKEN_PATH, intentionalEndpointFailure, type DemoPage } from './harness.js';

describe('e2e: endpoint failure, then retry', () => {
  const suite = useSuite('failure');

  /** Sets the demo's Endpoint switch and applies it (a new element); resolves with the mark before it. */
  async function applyFailure(demo: DemoPage, fail: string): Promise<number> {
    await demo.page.locator('#fail').selectOption(fail);
    const mark = await demo.mark();
    await demo.page.locator('#apply').click();
    return mark;
  }

  const failing = (demo: DemoPage, fail: string) => demo.requests.filter((request) => request.url.searchParams.get('fail') === fail);

  it('HTTP 500: retried twice, then a retryable "server" error with the error view; "Try again" works once the endpoint is back', async () => {
    const demo = await suite().open('http-500');
    await demo.nextEvent('veratad-ready');

    const mark = await applyFailure(demo, '500');
    const error = await demo.nextEvent('veratad-error', mark);
    assert.deepEqual(error.detail, {
      code: 'server',
      message: 'The demo endpoint was told to fail.',
      retryable: true,
      status: 500,
    });
    assert.equal(error.phase, 'error');
    // `retries` defaults to 2: the first attempt and two retries, then the event (and nothing else).
    assert.equal(failing(demo, '500').length, 3);
    assert.deepEqual(await demo.typesSince(mark), ['veratad-error']);
    assert.equal(await demo.sdkFrame.count(), 0);

    // The built-in error view: an alert with the message and, as the error is retryable, "Try again".
    assert.equal(await demo.view.getAttribute('role'), 'alert');
    assert.equal((await demo.view.locator('p').textContent())?.trim(), 'The demo endpoint was told to fail.');
    const tryAgain = demo.view.getByRole('button', { name: 'Try again' });
    await tryAgain.waitFor({ state: 'visible' });
    await demo.page.locator('#log li.error').waitFor();
    await demo.screenshot('error-view');

    // The endpoint comes back. The demo bakes its switch into the element's token-url (its changes apply to a
    // new element), so an endpoint that recovers while this element shows its error is modelled at the network
    // layer: from now on, requests carrying fail=500 reach the endpoint without it.
    await demo.page.locator('#fail').selectOption('');
    await demo.page.route(
      (url) => url.pathname === TOKEN_PATH && url.searchParams.get('fail') === '500',
      (route) => {
        const url = new URL(route.request().url());
        url.searchParams.delete('fail');
        return route.continue({ url: url.href });
      },
    );
    const requestsBefore = demo.requests.length;
    const retry = await demo.mark();
    await tryAgain.click();
    const token = await demo.nextEvent('veratad-token', retry);
    assert.equal(token.detail.mode, 'sdk');
    await demo.nextEvent('veratad-ready', retry);
    assert.equal(demo.requests.length, requestsBefore + 1, 'exactly one new token request');
    assert.deepEqual(await demo.typesSince(retry), ['veratad-token', 'veratad-ready']);
    assert.equal(await demo.phase(), 'ready');
    assert.equal(await demo.view.count(), 0, 'the error view is gone');
    await demo.sdkFrame.waitFor({ state: 'visible' });
    await demo.screenshot('recovered-by-try-again');

    const answers = await demo.answers();
    assert.deepEqual(answers.map((answer) => answer.status), [200, 500, 500, 500, 200]);
    for (const answer of answers.filter((item) => item.status === 200)) {
      await demo.assertTokenNotExposed((answer.body as { token: string }).token);
    }
    // Exactly the three intentional 500s show up as console network errors.
    assert.equal(demo.console.filter((entry) => intentionalEndpointFailure('500', 500).matches(entry)).length, 3);
    await demo.assertClean([intentionalEndpointFailure('500', 500)]);
  });

  it('Veratad error: the handler relays Veratad\'s message as 502 upstream-rejected; "Try again" while it still fails, then a working session', async () => {
    const demo = await suite().open('veratad-error');
    await demo.nextEvent('veratad-ready');

    const mark = await applyFailure(demo, 'veratad');
    const error = await demo.nextEvent('veratad-error', mark);
    // The handler answers 502 {"error":{"code":"upstream-rejected","message":<Veratad's>}}; the element files
    // every 5xx under "server" (retried, retryable) and keeps the body's message.
    assert.deepEqual(error.detail, { code: 'server', message: 'Missing a required input', retryable: true, status: 502 });
    assert.equal(error.phase, 'error');
    assert.equal(failing(demo, 'veratad').length, 3);
    const answers = await demo.answers();
    assert.deepEqual(answers.at(-1), {
      url: answers.at(-1)!.url,
      status: 502,
      body: { error: { code: 'upstream-rejected', message: 'Missing a required input' } },
    });
    assert.equal(await demo.view.getAttribute('role'), 'alert');
    assert.equal((await demo.view.locator('p').textContent())?.trim(), 'Missing a required input');
    const tryAgain = demo.view.getByRole('button', { name: 'Try again' });
    await tryAgain.waitFor({ state: 'visible' });
    await demo.screenshot('error-view');

    // "Try again" really asks again (three more attempts), and the endpoint still fails.
    let next = await demo.mark();
    await tryAgain.click();
    const again = await demo.nextEvent('veratad-error', next);
    assert.deepEqual(again.detail, error.detail);
    assert.equal(failing(demo, 'veratad').length, 6);
    assert.deepEqual(await demo.typesSince(next), ['veratad-error']);
    await demo.view.getByRole('button', { name: 'Try again' }).waitFor({ state: 'visible' });

    // Switching the failure off and applying it (a new element) gives a working session.
    next = await applyFailure(demo, '');
    const token = await demo.nextEvent('veratad-token', next);
    assert.equal(token.detail.mode, 'sdk');
    await demo.nextEvent('veratad-ready', next);
    assert.equal(demo.requests.at(-1)!.url.searchParams.has('fail'), false);
    assert.deepEqual(await demo.typesSince(next), ['veratad-token', 'veratad-ready']);
    assert.equal(await demo.phase(), 'ready');
    assert.equal(await demo.view.count(), 0);
    await demo.sdkFrame.waitFor({ state: 'visible' });
    await demo.screenshot('recovered-after-switch-off');

    for (const answer of (await demo.answers()).filter((item) => item.status === 200)) {
      await demo.assertTokenNotExposed((answer.body as { token: string }).token);
    }
    assert.equal(demo.console.filter((entry) => intentionalEndpointFailure('veratad', 502).matches(entry)).length, 6);
    await demo.assertClean([intentionalEndpointFailure('veratad', 502)]);
  });
});
