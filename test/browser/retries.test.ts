import { expect } from '@open-wc/testing';
import type { VeratadVerify } from '../../src/index.js';
import { EventLog, nextEvent, requestsFor, tokenUrl, uniqueKey, type Step } from './helpers.js';

const FAKE_SDK = '/test/browser/fixtures/fake-sdk.js';

async function run(plan: Step[], extra: Partial<VeratadVerify> = {}) {
  const key = uniqueKey();
  const el = document.createElement('veratad-verify');
  Object.assign(el, { tokenUrl: tokenUrl(key, plan), sdkSrc: FAKE_SDK, ...extra });
  const log = new EventLog(el);
  const outcome = Promise.race([nextEvent(el, 'veratad-token'), nextEvent(el, 'veratad-error')]);
  document.body.append(el);
  await outcome;
  el.remove();
  return { log, requests: await requestsFor(key) };
}

describe('retries', () => {
  it('retries server errors twice by default, about 0.5 s then 1.5 s apart, then succeeds', async () => {
    const { log, requests } = await run([{ status: 503 }, { status: 500 }, {}]);
    expect(requests).to.have.length(3);
    expect(log.of('veratad-error')).to.have.length(0);
    expect(log.of('veratad-token')).to.have.length(1);
    // Lower bounds only: a timer never fires early, so these hold on any machine (0.5 s and 1.5 s, -20 % jitter).
    expect(requests[1]!.at - requests[0]!.at).to.be.at.least(400);
    expect(requests[2]!.at - requests[1]!.at).to.be.at.least(1200);
  });

  it('reports the last failure after the retries run out', async () => {
    const { log, requests } = await run([{ status: 502, body: { error: { message: 'upstream down' } } }], {
      retries: 1,
    });
    expect(requests).to.have.length(2);
    expect(log.of('veratad-error')).to.deep.equal([
      { code: 'server', message: 'upstream down', retryable: true, status: 502 },
    ]);
  });

  it('honours Retry-After on 429', async () => {
    const { log, requests } = await run([{ status: 429, headers: { 'Retry-After': '1' } }, {}], { retries: 1 });
    expect(requests).to.have.length(2);
    expect(requests[1]!.at - requests[0]!.at).to.be.at.least(950);
    expect(log.of('veratad-token')).to.have.length(1);
  });

  it('retries timeouts and then reports timeout', async () => {
    const { log, requests } = await run([{ delay: 800 }], { retries: 1, timeout: 100 });
    expect(requests).to.have.length(2);
    const [error] = log.of('veratad-error');
    expect(error!.code).to.equal('timeout');
    expect(error!.retryable).to.equal(true);
    expect(error).to.not.have.property('status');
  });

  it('retries network failures and then reports network', async () => {
    const el = document.createElement('veratad-verify');
    el.tokenUrl = 'http://127.0.0.1:1/token';
    el.retries = 1;
    const log = new EventLog(el);
    const error = nextEvent(el, 'veratad-error');
    document.body.append(el);
    const detail = await error;
    el.remove();
    expect(detail.code).to.equal('network');
    expect(detail.retryable).to.equal(true);
    expect(log.of('veratad-error')).to.have.length(1);
  });

  for (const [what, step] of [
    ['unauthorized', { status: 401 }],
    ['rejected', { status: 400, body: { result: 'Error', message: 'Missing a required input', token: '' } }],
    ['invalid-response', { raw: 'garbage' }],
  ] as Array<[string, Step]>) {
    it(`does not retry ${what}`, async () => {
      const { log, requests } = await run([step]);
      expect(requests).to.have.length(1);
      expect(log.of('veratad-error')[0]!.code).to.equal(what);
    });
  }

  it('retries="0" makes a single attempt', async () => {
    const { requests } = await run([{ status: 500 }], { retries: 0 });
    expect(requests).to.have.length(1);
  });

  it('removing the element during the backoff stops the retries', async () => {
    const key = uniqueKey();
    const el = document.createElement('veratad-verify');
    el.tokenUrl = tokenUrl(key, [{ status: 503 }, {}]);
    const log = new EventLog(document);
    document.body.append(el);
    await new Promise((resolve) => setTimeout(resolve, 150));
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(await requestsFor(key)).to.have.length(1);
    expect(log.events).to.have.length(0);
  });
});
