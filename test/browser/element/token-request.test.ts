import { expect } from '@open-wc/testing';
import { EventLog, mount, nextEvent } from '../support/element.js';
import { requestsFor, tokenUrl, uniqueKey, veratadBody } from '../support/endpoint.js';
import { nextTask, recordFetches } from '../support/page.js';
import { afterThisTest } from '../support/teardown.js';

describe('token request', () => {
  it('POSTs the ids as JSON with JSON content type and accept headers', async () => {
    const { el, requests } = mount({ attrs: { 'journey-id': 'J1', 'settings-id': 'S1', 'branding-id': 'B1' } });
    await nextEvent(el, 'veratad-token');
    const [request] = await requests();
    expect(request.method).to.equal('POST');
    expect(request.headers['content-type']).to.equal('application/json');
    expect(request.headers.accept).to.equal('application/json');
    expect(JSON.parse(request.body)).to.deep.equal({ journey_id: 'J1', settings_id: 'S1', branding_id: 'B1' });
  });

  it('omits ids that are not set', async () => {
    const { el, requests } = mount({ attrs: { 'journey-id': 'J9' } });
    await nextEvent(el, 'veratad-token');
    const [request] = await requests();
    expect(JSON.parse(request.body)).to.deep.equal({ journey_id: 'J9' });
  });

  it('adds requestHeaders (e.g. a CSRF header) to the POST', async () => {
    const { el, requests } = mount({ props: { requestHeaders: { 'X-CSRF-Token': 'csrf-123' } } });
    await nextEvent(el, 'veratad-token');
    const [request] = await requests();
    expect(request.headers['x-csrf-token']).to.equal('csrf-123');
  });

  it('passes the credentials mode to fetch (same-origin by default)', () => {
    const fetches = recordFetches();
    mount({ plan: [{ hold: true }], attrs: { credentials: 'include' } });
    mount({ plan: [{ hold: true }] });
    expect(fetches.map((call) => call.init?.credentials)).to.deep.equal(['include', 'same-origin']);
  });

  it('makes exactly one request per mount, and a new one on every mount', async () => {
    const { el, requests } = mount({ parent: null });
    for (let mounted = 1; mounted <= 3; mounted++) {
      const token = nextEvent(el, 'veratad-token');
      document.body.append(el);
      await token;
      el.remove();
      expect(await requests()).to.have.length(mounted);
    }
  });

  it('aborts the pending request on disconnect and fires nothing afterwards', async () => {
    const fetches = recordFetches();
    const log = new EventLog(document);
    const { el } = mount({ plan: [{ hold: true }] });
    el.remove();
    expect(fetches).to.have.length(1);
    expect(fetches[0].init!.signal!.aborted).to.equal(true);
    await fetches[0].settled;
    await nextTask();
    expect(log.events).to.have.length(0);
    expect(el.phase).to.equal('idle');
  });

  it('close() while the token request is pending aborts it and ends closed, with veratad-close and no error', async () => {
    const fetches = recordFetches();
    const { el, log } = mount({ plan: [{ hold: true }] });
    el.close();
    expect(fetches[0].init!.signal!.aborted).to.equal(true);
    await fetches[0].settled;
    await nextTask();
    expect(log.events).to.deep.equal([{ type: 'veratad-close', detail: { source: 'host' } }]);
    expect(el.phase).to.equal('closed');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"] button')?.textContent).to.equal('Start again');
  });

  it('moving the element aborts the first request and makes exactly one new one', async () => {
    const fetches = recordFetches();
    const first = document.createElement('div');
    const second = document.createElement('div');
    document.body.append(first, second);
    afterThisTest(() => [first, second].forEach((div) => div.remove()));
    const { el, log } = mount({ parent: first });
    second.append(el);
    const signals = fetches.map((call) => call.init!.signal!);
    expect(signals.map((signal) => signal.aborted)).to.deep.equal([true, false]);
    await nextEvent(el, 'veratad-token');
    await Promise.all(fetches.map((call) => call.settled));
    await nextTask();
    expect(log.of('veratad-token')).to.have.length(1);
    expect(fetches).to.have.length(2);
  });

  it('removed, then re-inserted a task later before its token answer: the first request is aborted, one new one made', async () => {
    const fetches = recordFetches();
    const { el, log, requests } = mount({ plan: [{ hold: true }, {}] });
    await requests(1);
    el.remove();
    await nextTask();
    const token = nextEvent(el, 'veratad-token');
    document.body.append(el);
    await token;
    await Promise.all(fetches.map((call) => call.settled));
    await nextTask();
    expect(fetches.map((call) => call.init!.signal!.aborted)).to.deep.equal([true, false]);
    expect(log.of('veratad-token')).to.have.length(1);
    expect(log.of('veratad-error')).to.have.length(0);
  });

  it('coalesces many attribute changes in one task into one restart', async () => {
    const { el, requests } = mount();
    await nextEvent(el, 'veratad-token');
    const fetches = recordFetches();
    el.setAttribute('journey-id', 'J2');
    el.setAttribute('settings-id', 'S2');
    el.setAttribute('first-name', 'Ada');
    el.lastName = 'Lovelace';
    await el.updateComplete;
    expect(fetches).to.have.length(1);
    const all = await requests(2);
    expect(all).to.have.length(2);
    expect(JSON.parse(all[1].body)).to.deep.equal({ journey_id: 'J2', settings_id: 'S2' });
  });

  it('does not restart when a property is set to the value it already has, or a non-session one changes', async () => {
    const { el, requests } = mount({ attrs: { 'journey-id': 'J1' } });
    await nextEvent(el, 'veratad-token');
    const fetches = recordFetches();
    el.journeyId = 'J1';
    el.frameTitle = 'Another title';
    await el.updateComplete;
    expect(fetches).to.have.length(0);
    expect(await requests()).to.have.length(1);
  });

  it('changing token-url while connected requests from the new URL', async () => {
    const { el, requests } = mount();
    await nextEvent(el, 'veratad-token');
    const second = uniqueKey();
    const token = nextEvent(el, 'veratad-token');
    el.tokenUrl = tokenUrl(second);
    await token;
    expect(await requests()).to.have.length(1);
    expect(await requestsFor(second)).to.have.length(1);
  });

  it('fetchToken replaces the POST and gets the ids and an AbortSignal', async () => {
    const fetches = recordFetches();
    const calls: Array<{ request: unknown; signal: AbortSignal }> = [];
    const { el } = mount({
      tokenUrl: null,
      props: {
        journeyId: 'J5',
        fetchToken: async (request, signal) => {
          calls.push({ request, signal });
          return veratadBody('tok-from-function');
        },
      },
    });
    const detail = await nextEvent(el, 'veratad-token');
    expect(calls).to.have.length(1);
    expect(calls[0].request).to.deep.equal({ journey_id: 'J5' });
    expect(calls[0].signal).to.be.instanceOf(AbortSignal);
    expect(detail.mode).to.equal('sdk');
    expect(fetches).to.have.length(0);
  });

  it('removing the element aborts the signal of a pending fetchToken', () => {
    let seen: AbortSignal | undefined;
    const { el } = mount({
      tokenUrl: null,
      props: {
        fetchToken: (_request, signal) => {
          seen = signal;
          return new Promise(() => {});
        },
      },
    });
    expect(seen!.aborted).to.equal(false);
    el.remove();
    expect(seen!.aborted).to.equal(true);
  });

  it('fetchToken may resolve to a Response, which is judged like the built-in POST', async () => {
    const { el } = mount({
      tokenUrl: null,
      props: {
        retries: 0,
        fetchToken: async () => new Response(JSON.stringify({ error: { message: 'nope' } }), { status: 401 }),
      },
    });
    expect(await nextEvent(el, 'veratad-error')).to.deep.equal({
      code: 'unauthorized',
      message: 'nope',
      retryable: false,
      status: 401,
    });
  });

  it('an answer from fetchToken is validated like an HTTP answer', async () => {
    const { el } = mount({ tokenUrl: null, props: { fetchToken: async () => ({ hello: 'world' }) } });
    const detail = await nextEvent(el, 'veratad-error');
    expect(detail.code).to.equal('invalid-response');
    expect(detail).to.not.have.property('status');
  });

  describe("the host's own mistakes are not retried", () => {
    const answers: Array<[string, () => Promise<unknown>]> = [
      [
        'an answer whose token getter throws',
        async () => ({
          get token(): string {
            throw new Error('getter');
          },
        }),
      ],
      [
        'a Proxy that throws on any field but then',
        async () =>
          new Proxy(
            {},
            {
              get: (_target, key) => {
                if (key === 'then') return undefined;
                throw new Error('trap');
              },
            },
          ),
      ],
      [
        'a Proxy that throws when asked its prototype',
        async () =>
          new Proxy(
            {},
            {
              getPrototypeOf: () => {
                throw new Error('trap');
              },
            },
          ),
      ],
      ['a Proxy of a Response', async () => new Proxy(new Response('{"token":"abc"}'), {})],
      [
        'a Response whose body was read already',
        async () => {
          const response = new Response('{"token":"abc"}');
          await response.text();
          return response;
        },
      ],
    ];
    for (const [what, fetchToken] of answers) {
      it(`fetchToken resolving ${what} is invalid-response after one attempt`, async () => {
        let calls = 0;
        const { el } = mount({
          tokenUrl: null,
          props: { retries: 2, fetchToken: () => (calls++, fetchToken()) },
        });
        const detail = await nextEvent(el, 'veratad-error');
        expect(detail).to.include({ code: 'invalid-response', retryable: false });
        expect(calls).to.equal(1);
      });
    }

    for (const value of ['a\r\nX-Injected: 1', 'csrf\n', 'a\0b']) {
      it(`a requestHeaders value with ${JSON.stringify(value)} is invalid-config, and nothing is sent`, async () => {
        const fetches = recordFetches();
        const { el } = mount({ props: { retries: 2, requestHeaders: { 'X-CSRF-Token': value } } });
        const detail = await nextEvent(el, 'veratad-error');
        expect(detail).to.include({ code: 'invalid-config', retryable: false });
        expect(detail.message).to.contain('requestHeaders');
        expect(fetches).to.have.length(0);
      });
    }
  });

  it('a fetchToken that throws is a network error', async () => {
    const { el } = mount({
      tokenUrl: null,
      props: { retries: 0, fetchToken: () => Promise.reject(new Error('socket hang up')) },
    });
    const detail = await nextEvent(el, 'veratad-error');
    expect(detail.code).to.equal('network');
    expect(detail.retryable).to.equal(true);
  });
});
