import { expect } from '@open-wc/testing';
import { useFakeClock } from '../support/clock.js';
import { EventLog, mount, nextEvent, tokenOrError } from '../support/element.js';
import type { Step } from '../support/endpoint.js';
import { recordFetches } from '../support/page.js';

// Retries of the token request, on a fake clock: the backoff is read from the timer the element arms, and the
// next attempt must leave exactly when that timer fires. The requests themselves go over real HTTP.

/** The request timeout in these tests: any other timer armed before the token is the backoff. */
const TIMEOUT = 5000;
const isBackoff = (ms: number) => ms !== TIMEOUT;

describe('retries', () => {
  it('retries server errors twice by default, about 0.5 s then 1.5 s apart (±20 %), then succeeds', async () => {
    const clock = useFakeClock();
    const fetches = recordFetches();
    const { el, log, requests } = mount({ plan: [{ status: 503 }, { status: 500 }, {}], props: { timeout: TIMEOUT } });
    const token = nextEvent(el, 'veratad-token');

    const first = await clock.armed(isBackoff);
    expect(first).to.be.within(400, 600);
    await clock.tick(first - 1);
    expect(fetches, 'no second attempt before the backoff is over').to.have.length(1);
    await clock.tick(1);
    expect(fetches).to.have.length(2);

    const second = await clock.armed(isBackoff);
    expect(second).to.be.within(1200, 1800);
    await clock.tick(second - 1);
    expect(fetches, 'no third attempt before the backoff is over').to.have.length(2);
    await clock.tick(1);
    expect(fetches).to.have.length(3);

    await token;
    expect(await requests(3)).to.have.length(3);
    expect(log.of('veratad-error')).to.have.length(0);
    expect(log.of('veratad-token')).to.have.length(1);
  });

  it('reports the last failure after the retries run out', async () => {
    const clock = useFakeClock();
    const { el, log, requests } = mount({
      plan: [{ status: 502, body: { error: { message: 'upstream down' } } }],
      props: { retries: 1, timeout: TIMEOUT },
    });
    const error = nextEvent(el, 'veratad-error');
    await clock.tick(await clock.armed(isBackoff));
    await error;
    expect(await requests(2)).to.have.length(2);
    expect(log.of('veratad-error')).to.deep.equal([
      { code: 'server', message: 'upstream down', retryable: true, status: 502 },
    ]);
  });

  it('waits what Retry-After says on 429 instead of the backoff', async () => {
    const clock = useFakeClock();
    const fetches = recordFetches();
    const { el, log, requests } = mount({
      plan: [{ status: 429, headers: { 'Retry-After': '1' } }, {}],
      props: { retries: 1, timeout: TIMEOUT },
    });
    const token = nextEvent(el, 'veratad-token');
    expect(await clock.armed(isBackoff)).to.equal(1000);
    await clock.tick(999);
    expect(fetches).to.have.length(1);
    await clock.tick(1);
    await token;
    expect(await requests(2)).to.have.length(2);
    expect(log.of('veratad-token')).to.have.length(1);
  });

  it('times a request out after `timeout` ms, retries it, and then reports timeout', async () => {
    const clock = useFakeClock();
    const fetches = recordFetches();
    const { el, log, requests } = mount({ plan: [{ hold: true }], props: { retries: 1, timeout: 100 } });
    const error = nextEvent(el, 'veratad-error');
    await requests(1);
    await clock.tick(99);
    expect(fetches[0].init!.signal!.aborted, 'not timed out yet').to.equal(false);
    await clock.tick(1);
    expect(fetches[0].init!.signal!.aborted, 'timed out').to.equal(true);
    await clock.tick(await clock.armed((ms) => ms !== 100));
    expect(fetches).to.have.length(2);
    await requests(2);
    await clock.tick(100);
    const detail = await error;
    expect(detail.code).to.equal('timeout');
    expect(detail.retryable).to.equal(true);
    expect(detail).to.not.have.property('status');
    expect(log.of('veratad-error')).to.have.length(1);
  });

  it('retries network failures and then reports network', async () => {
    const clock = useFakeClock();
    const fetches = recordFetches();
    const { el, log } = mount({ tokenUrl: 'http://127.0.0.1:1/token', props: { retries: 1, timeout: TIMEOUT } });
    const error = nextEvent(el, 'veratad-error');
    await clock.tick(await clock.armed(isBackoff));
    const detail = await error;
    expect(detail.code).to.equal('network');
    expect(detail.retryable).to.equal(true);
    expect(fetches).to.have.length(2);
    expect(log.of('veratad-error')).to.have.length(1);
  });

  for (const [what, step] of [
    ['unauthorized', { status: 401 }],
    ['rejected', { status: 400, body: { result: 'Error', message: 'Missing a required input', token: '' } }],
    ['invalid-response', { raw: 'garbage' }],
  ] as Array<[string, Step]>) {
    it(`does not retry ${what}`, async () => {
      const { el, log, requests } = mount({ plan: [step] });
      await tokenOrError(el);
      expect(await requests()).to.have.length(1);
      expect(log.of('veratad-error')[0].code).to.equal(what);
    });
  }

  it('retries="0" makes a single attempt', async () => {
    const { el, log, requests } = mount({ plan: [{ status: 500 }], props: { retries: 0 } });
    await tokenOrError(el);
    expect(log.of('veratad-error')[0].code).to.equal('server');
    expect(await requests()).to.have.length(1);
  });

  it('removing the element during the backoff stops the retries', async () => {
    const clock = useFakeClock();
    const fetches = recordFetches();
    const everything = new EventLog(document);
    const { el } = mount({ plan: [{ status: 503 }, {}], props: { timeout: TIMEOUT } });
    await clock.armed(isBackoff);
    const firedBefore = everything.events.length; // the preflight, at most
    el.remove();
    expect(clock.pending(), 'the backoff timer is cleared').to.equal(0);
    await clock.tick(10_000);
    expect(fetches).to.have.length(1);
    expect(everything.events).to.have.length(firedBefore);
    expect(everything.sessionTypes()).to.have.length(0);
  });
});
