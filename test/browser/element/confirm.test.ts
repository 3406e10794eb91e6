import { expect } from '@open-wc/testing';
import type { VeratadVerify } from '../../../src/index.js';
import { useFakeClock } from '../support/clock.js';
import { mount, nextEvent, type MountOptions } from '../support/element.js';
import { confirmUrl, linkAnswer, requestsFor, uniqueKey, type Step } from '../support/endpoint.js';
import { callback, onlyModal } from '../support/fake-sdk.js';
import { recordFetches } from '../support/page.js';

// confirm-url: once the session reports a result, the element asks the host's server for its word, and asks again
// while the server says "not yet". On a fake clock: every poll is read from the timer the element arms, and time
// moves only when the test moves it, so each answer has arrived before the next timer fires. The requests go over
// real HTTP to the scripted endpoint.

/** The per-request timeout here; the poll delays (about 2 s, 4 s, 8 s) and the backoff (about 0.5 s) differ from it. */
const TIMEOUT = 5000;
const CONFIRM_TIMEOUT = 10_000;
const isPoll = (ms: number) => ms !== TIMEOUT && ms >= 1600 && ms <= 9600;
const isBackoff = (ms: number) => ms >= 400 && ms <= 600;

const answer = (found: boolean, status: string | undefined, verified: boolean): Step => ({
  body: status === undefined ? { found, verified } : { found, status, verified },
});
const NOT_YET = answer(true, 'PENDING', false);
const PASSED = answer(true, 'PASS', true);

/** An SDK-mode element with confirm-url on the scripted endpoint, ready; `finish` reports a result from the SDK. */
async function readyWithConfirm(plan: Step[], options: MountOptions = {}) {
  const confirmKey = uniqueKey('confirm');
  const mounted = mount({
    ...options,
    attrs: {
      'confirm-url': confirmUrl(confirmKey, plan),
      'confirm-timeout': String(CONFIRM_TIMEOUT),
      ...options.attrs,
    },
    props: { timeout: TIMEOUT, ...options.props },
  });
  await mounted.ready;
  return {
    ...mounted,
    /** The confirm requests; with `count`, once that many have arrived. */
    confirms: (count?: number) => requestsFor(confirmKey, count),
    finish: (name = 'onSuccess') => callback(onlyModal(), name),
  };
}

describe('confirm-url', () => {
  it("POSTs {} once the session passes and fires the server's final answer as veratad-confirmed", async () => {
    const clock = useFakeClock();
    const { el, log, confirms, finish } = await readyWithConfirm([PASSED], {
      props: { requestHeaders: { 'X-CSRF-Token': 'csrf-1' } },
      attrs: { credentials: 'include' },
    });
    const fetches = recordFetches();
    const confirmed = nextEvent(el, 'veratad-confirmed');
    finish();
    expect(await confirmed).to.deep.equal({ status: 'PASS', verified: true });

    const [request] = await confirms(1);
    expect(request.method).to.equal('POST');
    expect(request.body).to.equal('{}');
    expect(request.headers['content-type']).to.equal('application/json');
    expect(request.headers['x-csrf-token']).to.equal('csrf-1');
    expect(fetches.map((call) => call.init?.credentials)).to.deep.equal(['include']);
    expect(log.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-ready', 'veratad-status', 'veratad-confirmed']);
    expect(el.phase).to.equal('complete');
    expect(clock.pending(), 'no timer left behind').to.equal(0);
  });

  it('asks again after about 2 s and then 4 s while the server says PENDING or not found, one request each', async () => {
    const clock = useFakeClock();
    const plan = [NOT_YET, answer(false, undefined, false), answer(true, 'pass', true)];
    const { el, log, confirms, finish } = await readyWithConfirm(plan);
    const confirmed = nextEvent(el, 'veratad-confirmed');
    finish();

    await confirms(1);
    const first = await clock.armed(isPoll);
    expect(first).to.be.within(1600, 2400);
    await clock.tick(first - 1);
    expect(await confirms(), 'no second request before the delay is over').to.have.length(1);
    await clock.tick(1);
    await confirms(2);

    const second = await clock.armed(isPoll);
    expect(second).to.be.within(3200, 4800);
    await clock.tick(second - 1);
    expect(await confirms(), 'no third request before the delay is over').to.have.length(2);
    await clock.tick(1);

    expect(await confirmed, "the server's status, upper-cased").to.deep.equal({ status: 'PASS', verified: true });
    expect(await confirms(3)).to.have.length(3);
    expect(log.of('veratad-confirmed')).to.have.length(1);
    expect(clock.pending()).to.equal(0);
  });

  it('fires PENDING, not verified, when confirm-timeout passes first, then asks no more', async () => {
    const clock = useFakeClock();
    const { el, log, confirms, finish } = await readyWithConfirm([NOT_YET]);
    finish();
    await confirms(1);
    const first = await clock.armed(isPoll);
    await clock.tick(first);
    await confirms(2);
    const second = await clock.armed(isPoll);
    await clock.tick(second);
    await confirms(3);
    const third = await clock.armed(isPoll);
    expect(first + second + third, 'the third delay runs past the deadline').to.be.above(CONFIRM_TIMEOUT);

    await clock.tick(CONFIRM_TIMEOUT - first - second - 1);
    expect(log.of('veratad-confirmed')).to.have.length(0);
    await clock.tick(1);
    expect(log.of('veratad-confirmed')).to.deep.equal([{ status: 'PENDING', verified: false }]);

    await clock.tick(10 * CONFIRM_TIMEOUT);
    expect(await confirms()).to.have.length(3);
    expect(log.of('veratad-confirmed')).to.have.length(1);
    expect(clock.pending()).to.equal(0);
    expect(el.phase).to.equal('complete');
  });

  it('gives veratad-error confirm-failed (retryable, with the status) when the endpoint keeps failing', async () => {
    const clock = useFakeClock();
    const failing = { status: 500, body: { error: { message: 'status lookup down' } } };
    const { el, log, confirms, finish } = await readyWithConfirm([failing], { props: { retries: 1 } });
    const error = nextEvent(el, 'veratad-error');
    finish();
    await confirms(1);
    await clock.tick(await clock.armed(isBackoff));
    expect(await error).to.deep.equal({
      code: 'confirm-failed',
      message: 'status lookup down',
      retryable: true,
      status: 500,
    });
    expect(await confirms(2)).to.have.length(2);

    await clock.tick(10 * CONFIRM_TIMEOUT);
    expect(log.of('veratad-confirmed'), 'a failed confirmation ends it').to.have.length(0);
    expect(el.phase, 'the finished session stays as it is').to.equal('complete');
    expect(clock.pending()).to.equal(0);
  });

  it('gives confirm-failed with status 401 when the server refuses, without asking again', async () => {
    const clock = useFakeClock();
    const { el, confirms, finish } = await readyWithConfirm([{ status: 401 }]);
    const error = nextEvent(el, 'veratad-error');
    finish();
    const detail = await error;
    expect(detail).to.include({ code: 'confirm-failed', retryable: true, status: 401 });
    expect(detail.message).to.equal('The confirm endpoint refused the request (HTTP 401).');
    await clock.tick(10 * CONFIRM_TIMEOUT);
    expect(await confirms()).to.have.length(1);
  });

  it('gives confirm-failed for an answer that is not {found, status, verified}', async () => {
    useFakeClock();
    const { el, finish } = await readyWithConfirm([{ body: { found: 'yes', verified: true } }]);
    const error = nextEvent(el, 'veratad-error');
    finish();
    expect(await error).to.deep.equal({
      code: 'confirm-failed',
      message: 'The confirm endpoint did not answer {found, status, verified}.',
      retryable: true,
      status: 200,
    });
  });

  // restart() resolves once the new session is ready, before the clock moves (its token request is real).
  for (const [name, stop] of [
    ['disconnect', (el: VeratadVerify) => el.remove()],
    ['close()', (el: VeratadVerify) => el.close()],
    ['restart()', (el: VeratadVerify) => el.restart()],
  ] as const) {
    it(`stops asking on ${name}: no request and no event afterwards`, async () => {
      const clock = useFakeClock();
      const { el, log, confirms, finish, requests } = await readyWithConfirm([NOT_YET]);
      finish();
      await confirms(1);
      await clock.armed(isPoll);
      await stop(el);
      await clock.tick(10 * CONFIRM_TIMEOUT);
      expect(await confirms()).to.have.length(1);
      expect(log.of('veratad-confirmed')).to.have.length(0);
      expect(log.of('veratad-error'), JSON.stringify(log.of('veratad-error'))).to.have.length(0);
      if (name === 'restart()') expect(await requests(2), 'a fresh token for the new session').to.have.length(2);
    });
  }

  it('confirms a FAIL too, and only once per session however many results the session reports', async () => {
    useFakeClock();
    const { el, log, confirms, finish } = await readyWithConfirm([answer(true, 'FAIL', false)]);
    const confirmed = nextEvent(el, 'veratad-confirmed');
    finish('onFailure');
    finish('onSuccess');
    expect(await confirmed).to.deep.equal({ status: 'FAIL', verified: false });
    expect(await confirms()).to.have.length(1);
    expect(log.of('veratad-status').map((status) => status.status)).to.deep.equal(['FAIL', 'PASS']);
  });

  it('confirms a link-mode session that the frame reports as in review', async () => {
    const confirmKey = uniqueKey('confirm');
    // The fake frame posts as its script runs, before its load event: the session completes while loading.
    const { el } = mount({
      plan: [linkAnswer({ event: 'COMPLETE AND IN REVIEW' })],
      attrs: { 'confirm-url': confirmUrl(confirmKey, [answer(true, 'REVIEW', false)]) },
    });
    const confirmed = nextEvent(el, 'veratad-confirmed');
    expect(await confirmed).to.deep.equal({ status: 'REVIEW', verified: false });
    expect(await requestsFor(confirmKey)).to.have.length(1);
  });

  it('does not confirm a PENDING result from the frame', async () => {
    const confirmKey = uniqueKey('confirm');
    const { el, log, ready } = mount({
      plan: [linkAnswer({ status: 'PENDING' })],
      attrs: { 'confirm-url': confirmUrl(confirmKey, [PASSED]) },
    });
    const status = nextEvent(el, 'veratad-status');
    expect(await status).to.include({ status: 'PENDING' });
    await ready;
    expect(await requestsFor(confirmKey)).to.have.length(0);
    expect(log.of('veratad-confirmed')).to.have.length(0);
  });

  it('makes no request and fires no event without confirm-url', async () => {
    const fetches = recordFetches();
    const { el, log, ready } = mount();
    await ready;
    const status = nextEvent(el, 'veratad-status');
    callback(onlyModal(), 'onSuccess');
    await status;
    await el.updateComplete;
    expect(fetches).to.have.length(1);
    expect(log.of('veratad-confirmed')).to.have.length(0);
  });

  it('refuses an unparsable confirm-url or a confirm-timeout of zero as invalid-config, before any request', async () => {
    const cases: Array<Record<string, string>> = [
      { 'confirm-url': 'http://[' },
      { 'confirm-url': '/confirm', 'confirm-timeout': '0' },
    ];
    for (const attrs of cases) {
      const fetches = recordFetches();
      const { el } = mount({ attrs });
      const error = await nextEvent(el, 'veratad-error');
      expect(error.code).to.equal('invalid-config');
      expect(error.message).to.match(/^confirm-(url|timeout) /);
      expect(fetches).to.have.length(0);
    }
  });
});
