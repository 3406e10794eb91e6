// src/retry.ts: the backoff between requests, the delays between confirmation polls, and the sleep that waits.
import { expect } from '@open-wc/testing';
import { backoffDelay, parseRetryAfter, pollDelay, sleep } from '../../../src/retry.js';
import { useFakeClock } from '../support/clock.js';

describe('retry backoff', () => {
  it('is 0.5 s then 1.5 s, with ±20 % jitter', () => {
    expect(backoffDelay(0, () => 0.5)).to.equal(500);
    expect(backoffDelay(1, () => 0.5)).to.equal(1500);
    expect(backoffDelay(0, () => 0)).to.equal(400);
    expect(backoffDelay(0, () => 1)).to.equal(600);
    expect(backoffDelay(1, () => 0)).to.equal(1200);
    expect(backoffDelay(1, () => 1)).to.equal(1800);
  });

  it('asks the confirm endpoint again after 2 s, 4 s, 8 s…, with ±20 % jitter', () => {
    expect([0, 1, 2, 3].map((poll) => pollDelay(poll, () => 0.5))).to.deep.equal([2000, 4000, 8000, 16000]);
    expect(pollDelay(0, () => 0)).to.equal(1600);
    expect(pollDelay(0, () => 1)).to.equal(2400);
    expect(pollDelay(2, () => 1)).to.equal(9600);
  });

  it('reads Retry-After as seconds or an HTTP date, capped at 10 s', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0);
    expect(parseRetryAfter('2', now)).to.equal(2000);
    expect(parseRetryAfter('120', now)).to.equal(10_000);
    expect(parseRetryAfter(new Date(now + 3000).toUTCString(), now)).to.equal(3000);
    expect(parseRetryAfter(new Date(now - 3000).toUTCString(), now)).to.equal(0);
    expect(parseRetryAfter('later', now)).to.equal(undefined);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
  });
});

describe('abortable sleep', () => {
  it('resolves once its time has passed, not a millisecond before', async () => {
    const clock = useFakeClock();
    let done = false;
    const slept = sleep(500, new AbortController().signal).then(() => (done = true));
    await clock.tick(499);
    expect(done).to.equal(false);
    await clock.tick(1);
    await slept;
    expect(done).to.equal(true);
    expect(clock.pending()).to.equal(0);
  });

  it('rejects with the abort reason at once when aborted, and clears its timer', async () => {
    const clock = useFakeClock();
    const abort = new AbortController();
    const slept = sleep(500, abort.signal);
    const reason = new Error('stopped');
    abort.abort(reason);
    let caught: unknown;
    await slept.catch((error: unknown) => (caught = error));
    expect(caught).to.equal(reason);
    expect(clock.pending()).to.equal(0);
  });

  it('rejects without arming a timer when the signal is already aborted', async () => {
    const clock = useFakeClock();
    const abort = new AbortController();
    abort.abort(new Error('too late'));
    let caught: unknown;
    await sleep(500, abort.signal).catch((error: unknown) => (caught = error));
    expect((caught as Error).message).to.equal('too late');
    expect(clock.pending()).to.equal(0);
  });
});
