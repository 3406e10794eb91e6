import { expect, fixture, html } from '@open-wc/testing';
import type { VeratadVerify } from '../../src/index.js';
import {
  EventLog,
  nextEvent,
  requestsFor,
  spyOnFetch,
  tokenUrl,
  uniqueKey,
  until,
  veratadBody,
  wait,
} from './helpers.js';

describe('token request', () => {
  it('POSTs the ids as JSON with JSON content type and accept headers', async () => {
    const key = uniqueKey();
    const el = await fixture<VeratadVerify>(
      html`<veratad-verify
        token-url=${tokenUrl(key)}
        journey-id="J1"
        settings-id="S1"
        branding-id="B1"
        sdk-src="/test/browser/fixtures/fake-sdk.js"
      ></veratad-verify>`,
    );
    await nextEvent(el, 'veratad-token');
    const [request] = await requestsFor(key);
    expect(request!.method).to.equal('POST');
    expect(request!.headers['content-type']).to.equal('application/json');
    expect(request!.headers.accept).to.equal('application/json');
    expect(JSON.parse(request!.body)).to.deep.equal({ journey_id: 'J1', settings_id: 'S1', branding_id: 'B1' });
  });

  it('omits ids that are not set', async () => {
    const key = uniqueKey();
    const el = await fixture<VeratadVerify>(
      html`<veratad-verify token-url=${tokenUrl(key)} journey-id="J9"></veratad-verify>`,
    );
    await nextEvent(el, 'veratad-token');
    const [request] = await requestsFor(key);
    expect(JSON.parse(request!.body)).to.deep.equal({ journey_id: 'J9' });
  });

  it('adds requestHeaders (e.g. a CSRF header) to the POST', async () => {
    const key = uniqueKey();
    const el = document.createElement('veratad-verify');
    el.tokenUrl = tokenUrl(key);
    el.requestHeaders = { 'X-CSRF-Token': 'csrf-123' };
    const token = nextEvent(el, 'veratad-token');
    document.body.append(el);
    await token;
    const [request] = await requestsFor(key);
    expect(request!.headers['x-csrf-token']).to.equal('csrf-123');
    el.remove();
  });

  it('passes the credentials mode to fetch', async () => {
    const fetches = spyOnFetch();
    try {
      const el = await fixture<VeratadVerify>(
        html`<veratad-verify token-url=${tokenUrl(uniqueKey())} credentials="include"></veratad-verify>`,
      );
      await nextEvent(el, 'veratad-token');
      const other = await fixture<VeratadVerify>(
        html`<veratad-verify token-url=${tokenUrl(uniqueKey())}></veratad-verify>`,
      );
      await nextEvent(other, 'veratad-token');
    } finally {
      fetches.restore();
    }
    expect(fetches.calls.map((call) => call.init?.credentials)).to.deep.equal(['include', 'same-origin']);
  });

  it('makes exactly one request per mount, and a new one on every mount', async () => {
    const key = uniqueKey();
    const el = document.createElement('veratad-verify');
    el.tokenUrl = tokenUrl(key);
    for (let mount = 1; mount <= 3; mount++) {
      const token = nextEvent(el, 'veratad-token');
      document.body.append(el);
      await token;
      el.remove();
      expect(await requestsFor(key)).to.have.length(mount);
    }
  });

  it('aborts the pending request on disconnect and fires nothing afterwards', async () => {
    const key = uniqueKey();
    const fetches = spyOnFetch();
    const log = new EventLog(document);
    const el = document.createElement('veratad-verify');
    el.tokenUrl = tokenUrl(key, [{ delay: 300 }]);
    try {
      document.body.append(el);
      el.remove();
    } finally {
      fetches.restore();
    }
    const signals = fetches.calls.map((call) => call.init!.signal!);
    expect(signals).to.have.length(1);
    expect(signals[0]!.aborted).to.equal(true);
    await wait(500);
    expect(log.events).to.have.length(0);
    expect(el.phase).to.equal('idle');
  });

  it('close() while the token request is pending aborts it and ends closed, with veratad-close and no error', async () => {
    const key = uniqueKey();
    const fetches = spyOnFetch();
    const el = document.createElement('veratad-verify');
    el.tokenUrl = tokenUrl(key, [{ delay: 300 }]);
    const log = new EventLog(el);
    try {
      document.body.append(el);
      el.close();
    } finally {
      fetches.restore();
    }
    expect(fetches.calls[0]!.init!.signal!.aborted).to.equal(true);
    await wait(500);
    expect(log.events).to.deep.equal([{ type: 'veratad-close', detail: { source: 'host' } }]);
    expect(el.phase).to.equal('closed');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"] button')?.textContent).to.equal('Start again');
    el.remove();
  });

  it('moving the element aborts the first request and makes exactly one new one', async () => {
    const key = uniqueKey();
    const fetches = spyOnFetch();
    const first = document.createElement('div');
    const second = document.createElement('div');
    document.body.append(first, second);
    const el = document.createElement('veratad-verify');
    el.tokenUrl = tokenUrl(key);
    const log = new EventLog(el);
    try {
      first.append(el);
      second.append(el);
    } finally {
      fetches.restore();
    }
    const signals = fetches.calls.map((call) => call.init!.signal!);
    expect(signals).to.have.length(2);
    expect(signals[0]!.aborted).to.equal(true);
    expect(signals[1]!.aborted).to.equal(false);
    await until(() => log.of('veratad-token').length === 1, 'the token');
    await wait(100);
    expect(log.of('veratad-token')).to.have.length(1);
    first.remove();
    second.remove();
  });

  it('coalesces many attribute changes in one task into one restart', async () => {
    const key = uniqueKey();
    const el = await fixture<VeratadVerify>(
      html`<veratad-verify token-url=${tokenUrl(key)} sdk-src="/test/browser/fixtures/fake-sdk.js"></veratad-verify>`,
    );
    await nextEvent(el, 'veratad-token');
    expect(await requestsFor(key)).to.have.length(1);
    el.setAttribute('journey-id', 'J2');
    el.setAttribute('settings-id', 'S2');
    el.setAttribute('first-name', 'Ada');
    el.lastName = 'Lovelace';
    await el.updateComplete;
    await until(() => el.phase !== 'loading', 'the restarted request');
    const requests = await requestsFor(key);
    expect(requests).to.have.length(2);
    expect(JSON.parse(requests[1]!.body)).to.deep.equal({ journey_id: 'J2', settings_id: 'S2' });
  });

  it('does not restart when a property is set to the value it already has, or a non-session one changes', async () => {
    const key = uniqueKey();
    const el = await fixture<VeratadVerify>(
      html`<veratad-verify token-url=${tokenUrl(key)} journey-id="J1"></veratad-verify>`,
    );
    await nextEvent(el, 'veratad-token');
    el.journeyId = 'J1';
    el.frameTitle = 'Another title';
    await el.updateComplete;
    await wait(50);
    expect(await requestsFor(key)).to.have.length(1);
  });

  it('changing token-url while connected requests from the new URL', async () => {
    const first = uniqueKey();
    const second = uniqueKey();
    const el = await fixture<VeratadVerify>(html`<veratad-verify token-url=${tokenUrl(first)}></veratad-verify>`);
    await nextEvent(el, 'veratad-token');
    const token = nextEvent(el, 'veratad-token');
    el.tokenUrl = tokenUrl(second);
    await token;
    expect(await requestsFor(first)).to.have.length(1);
    expect(await requestsFor(second)).to.have.length(1);
  });

  it('fetchToken replaces the POST and gets the ids and an AbortSignal', async () => {
    const calls: Array<{ request: unknown; signal: AbortSignal }> = [];
    const el = document.createElement('veratad-verify');
    el.journeyId = 'J5';
    el.fetchToken = async (request, signal) => {
      calls.push({ request, signal });
      return veratadBody('tok-from-function');
    };
    const token = nextEvent(el, 'veratad-token');
    document.body.append(el);
    const detail = await token;
    expect(calls).to.have.length(1);
    expect(calls[0]!.request).to.deep.equal({ journey_id: 'J5' });
    expect(calls[0]!.signal).to.be.instanceOf(AbortSignal);
    expect(detail.mode).to.equal('sdk');
    el.remove();
  });

  it('removing the element aborts the signal of a pending fetchToken', async () => {
    let seen: AbortSignal | undefined;
    const el = document.createElement('veratad-verify');
    el.fetchToken = (_request, signal) => {
      seen = signal;
      return new Promise(() => {});
    };
    document.body.append(el);
    expect(seen!.aborted).to.equal(false);
    el.remove();
    expect(seen!.aborted).to.equal(true);
  });

  it('fetchToken may resolve to a Response, which is judged like the built-in POST', async () => {
    const el = document.createElement('veratad-verify');
    el.retries = 0;
    el.fetchToken = async () => new Response(JSON.stringify({ error: { message: 'nope' } }), { status: 401 });
    const error = nextEvent(el, 'veratad-error');
    document.body.append(el);
    expect(await error).to.deep.equal({ code: 'unauthorized', message: 'nope', retryable: false, status: 401 });
    el.remove();
  });

  it('an answer from fetchToken is validated like an HTTP answer', async () => {
    const el = document.createElement('veratad-verify');
    el.fetchToken = async () => ({ hello: 'world' });
    const error = nextEvent(el, 'veratad-error');
    document.body.append(el);
    const detail = await error;
    expect(detail.code).to.equal('invalid-response');
    expect(detail).to.not.have.property('status');
    el.remove();
  });

  it('a fetchToken that throws is a network error', async () => {
    const el = document.createElement('veratad-verify');
    el.retries = 0;
    el.fetchToken = () => Promise.reject(new Error('socket hang up'));
    const error = nextEvent(el, 'veratad-error');
    document.body.append(el);
    const detail = await error;
    expect(detail.code).to.equal('network');
    expect(detail.retryable).to.equal(true);
    el.remove();
  });
});
