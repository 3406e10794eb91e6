// The token endpoint failing on purpose (the demo's "Token endpoint" switch, which the demo backend applies at
// once), the element's retries, its built-in error view, and "Try again" once the endpoint answers again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSuite, intentionalEndpointFailure, TOKEN_PATH, type DemoPage } from './harness.js';

describe('e2e: endpoint failure, then retry', () => {
  const suite = useSuite('failure');

  /** Applies the demo's settings (a new element, so a new token request); resolves with the mark before it. */
  async function newElement(demo: DemoPage): Promise<number> {
    const mark = await demo.mark();
    await demo.page.locator('#apply').click();
    return mark;
  }

  /** The endpoint is back: "Try again" on the element that failed makes one request and gives a working session. */
  async function recoverWithTryAgain(demo: DemoPage): Promise<void> {
    await demo.setEndpointFailure('');
    const requestsBefore = demo.requests.length;
    const retry = await demo.mark();
    await demo.view.getByRole('button', { name: 'Try again' }).click();
    const token = await demo.nextEvent('veratad-token', retry);
    assert.equal(token.detail.mode, 'sdk');
    await demo.nextEvent('veratad-ready', retry);
    assert.equal(demo.requests.length, requestsBefore + 1, 'exactly one new token request');
    assert.deepEqual(await demo.typesSince(retry), ['veratad-token', 'veratad-ready']);
    assert.equal(await demo.phase(), 'ready');
    assert.equal(await demo.view.count(), 0, 'the error view is gone');
    await demo.sdkFrame.waitFor({ state: 'visible' });
    for (const answer of (await demo.answers()).filter((item) => item.status === 200)) {
      await demo.assertTokenNotExposed((answer.body as { token: string }).token);
    }
  }

  it('HTTP 500: retried twice, then a retryable "server" error with the error view; "Try again" works once the endpoint is back', async () => {
    const demo = await suite().open('http-500');
    await demo.nextEvent('veratad-ready');

    // Switch, then "Apply settings" at once, without waiting for the backend: the demo holds the new element back
    // until the switch has arrived, so its very first request already fails.
    await demo.page.locator('#fail').selectOption('500');
    const requestsBefore = demo.requests.length;
    const mark = await newElement(demo);
    const error = await demo.nextEvent('veratad-error', mark);
    assert.deepEqual(error.detail, {
      code: 'server',
      message: 'The demo endpoint was told to fail.',
      retryable: true,
      status: 500,
    });
    assert.equal(error.phase, 'error');
    // `retries` defaults to 2: the first attempt and two retries, then the event (and nothing else).
    assert.equal(demo.requests.length - requestsBefore, 3);
    assert.deepEqual(await demo.typesSince(mark), ['veratad-error']);
    assert.equal(await demo.sdkFrame.count(), 0);

    // The built-in error view: an alert with the message and, as the error is retryable, "Try again".
    assert.equal(await demo.view.getAttribute('role'), 'alert');
    // The person's words; the developer's message is in the event.
    assert.equal(
      (await demo.view.locator('p').textContent())?.trim(),
      "We couldn't start the verification. Please try again in a moment.",
    );
    await demo.view.getByRole('button', { name: 'Try again' }).waitFor({ state: 'visible' });
    await demo.page.locator('#log li.error').waitFor();
    await demo.screenshot('error-view');

    await recoverWithTryAgain(demo);
    await demo.screenshot('recovered-by-try-again');
    assert.deepEqual(
      (await demo.answers()).map((answer) => answer.status),
      [200, 500, 500, 500, 200],
    );
    // Exactly the three intentional 500s show up as console network errors.
    assert.equal(demo.console.filter((entry) => intentionalEndpointFailure(500).matches(entry)).length, 3);
    await demo.assertClean([intentionalEndpointFailure(500)]);
  });

  it('wrong server credentials: Veratad is asked once per attempt, the element reports a final error and offers no "Try again"', async () => {
    const demo = await suite().open('wrong-credentials');
    await demo.nextEvent('veratad-ready');
    const simulator = suite().stack.simulator!;

    await demo.setEndpointFailure('veratad');
    const refusedBefore = simulator.calls('/token/create', 401);
    const requestsBefore = demo.requests.length;
    const mark = await newElement(demo);
    const error = await demo.nextEvent('veratad-error', mark);
    // The handler answers 502 {"error":{"code":"upstream-unauthorized","message":<its own, fixed>,"retryable":false}}
    // (Veratad's words go to onEvent only); the element keeps the message for the developer and does not retry.
    assert.deepEqual(error.detail, {
      code: 'server',
      message: 'Veratad refused the server’s credentials; check the user and pass this server is configured with.',
      retryable: false,
      status: 502,
    });
    assert.equal(error.phase, 'error');
    assert.equal(demo.requests.length - requestsBefore, 1, 'one token request');
    assert.equal(simulator.calls('/token/create', 401) - refusedBefore, 1, 'one call to Veratad');
    const answers = await demo.answers();
    assert.deepEqual(answers.at(-1)?.body, {
      error: {
        code: 'upstream-unauthorized',
        message: 'Veratad refused the server’s credentials; check the user and pass this server is configured with.',
        retryable: false,
      },
    });
    // The person reads plain words, not the operator's message, and gets no button that cannot work.
    assert.equal(await demo.view.getAttribute('role'), 'alert');
    assert.equal((await demo.view.locator('p').textContent())?.trim(), 'Verification is unavailable right now.');
    assert.equal(await demo.view.getByRole('button').count(), 0);
    await demo.screenshot('final-error-view');

    // Another attempt (the page's own choice: here "Apply settings") costs Veratad one more call, no more.
    const again = await newElement(demo);
    await demo.nextEvent('veratad-error', again);
    assert.equal(simulator.calls('/token/create', 401) - refusedBefore, 2);

    // Fixed on the server: the next element works.
    await demo.setEndpointFailure('');
    const fixed = await newElement(demo);
    await demo.nextEvent('veratad-ready', fixed);
    assert.equal(demo.console.filter((entry) => intentionalEndpointFailure(502).matches(entry)).length, 2);
    await demo.assertClean([intentionalEndpointFailure(502)]);
  });

  it('hanging endpoint: each attempt is cut at the element\'s 4 s timeout, retried twice, then a retryable "timeout" error', async () => {
    const demo = await suite().open('timeout');
    await demo.nextEvent('veratad-ready');

    await demo.setEndpointFailure('timeout');
    const requestsBefore = demo.requests.length;
    const mark = await newElement(demo);
    await demo.waitForPhase('loading');
    // Three 4 s attempts and two backoffs (about 0.5 s and 1.5 s) before the one event.
    const error = await demo.nextEvent('veratad-error', mark, 30_000);
    assert.deepEqual(error.detail, {
      code: 'timeout',
      message: 'The token request timed out after 4000 ms.',
      retryable: true,
    });
    assert.equal(error.phase, 'error');
    assert.equal(demo.requests.length - requestsBefore, 3);
    assert.deepEqual(await demo.typesSince(mark), ['veratad-error']);
    assert.equal(await demo.view.getAttribute('role'), 'alert');
    await demo.screenshot('timeout-error-view');

    await recoverWithTryAgain(demo);
    // The aborted attempts got no answer at all; only the two sessions did.
    assert.deepEqual(
      (await demo.answers()).map((answer) => answer.status),
      [200, 200],
    );
    await demo.assertClean();
  });

  it('the demo backend refuses a failure switch value it does not know, and keeps the one it had', async () => {
    const demo = await suite().open('switch-guard');
    await demo.nextEvent('veratad-ready');
    await demo.setEndpointFailure('500');
    const switchUrl = new URL('/demo/endpoint-failure', suite().stack.url).href;
    const tokenUrl = new URL(TOKEN_PATH, suite().stack.url).href;

    const refused = await demo.page.request.post(switchUrl, { data: { fail: 'crash' } });
    assert.equal(refused.status(), 400);
    assert.deepEqual(await refused.json(), {
      error: { code: 'invalid-request', message: 'fail must be one of ["","timeout","500","veratad"]' },
    });
    assert.equal((await demo.page.request.post(switchUrl, { data: null })).status(), 400);
    assert.equal((await demo.page.request.get(switchUrl)).status(), 405);
    assert.equal(
      (
        await demo.page.request.post(switchUrl, { data: '{"fail":""}', headers: { 'Content-Type': 'text/plain' } })
      ).status(),
      415,
    );
    assert.equal(
      (await demo.page.request.post(switchUrl, { data: { fail: '', padding: 'x'.repeat(2048) } })).status(),
      413,
    );
    // Still failing with 500: none of those changed the switch.
    assert.equal((await demo.page.request.post(tokenUrl, { data: {} })).status(), 500);

    await demo.setEndpointFailure('');
    assert.equal((await demo.page.request.post(tokenUrl, { data: {} })).status(), 200);
    await demo.assertClean();
  });
});
