import { expect } from '@open-wc/testing';
import { createElement as h, createRef } from 'react';
import { flushSync } from 'react-dom';
import type { VeratadVerify as VeratadVerifyElement } from '../../../src/element.js';
import { EVENT_NAMES } from '../../../src/events.js';
import { VeratadVerify, type VeratadVerifyProps } from '../../../src/react.js';
import { documentedTokenSuccess } from '../../fixtures/veratad-documented.mjs';
import { requestsFor, tokenUrl, uniqueKey } from '../support/endpoint.js';
import { fakeSdk } from '../support/fake-sdk.js';
import { Handlers, fakeSdkUrls, propOf, reactRoot } from './support.js';

describe('<VeratadVerify> props, callbacks and ref', () => {
  it('hands every setting to the element: renamed ones as attributes, the others as properties', async () => {
    const key = uniqueKey('props');
    const handlers = new Handlers();
    const ready = handlers.next('veratad-ready');
    const fetchToken = (request: unknown, signal: AbortSignal) => {
      calls.push({ request, aborted: signal.aborted });
      return Promise.resolve(documentedTokenSuccess(crypto.randomUUID()));
    };
    const calls: Array<{ request: unknown; aborted: boolean }> = [];
    const ref = createRef<VeratadVerifyElement>();
    const props: VeratadVerifyProps = {
      ...fakeSdkUrls(key),
      journeyId: 'J1',
      firstName: 'Ada',
      timeout: 4000,
      qr: true,
      emailFallback: false,
      sdkOptions: { resultMessages: { pass: 'Thanks' } },
      requestHeaders: { 'x-csrf': 'c' },
      fetchToken,
      className: 'checkout-check',
      ref,
      ...handlers.props(),
    };
    reactRoot().root.render(h(VeratadVerify, props));
    await ready;
    const el = ref.current!;
    expect(el).to.be.instanceOf(customElements.get('veratad-verify')!);
    for (const [name, value] of [
      ['journey-id', 'J1'],
      ['first-name', 'Ada'],
      ['class', 'checkout-check'],
    ])
      expect(el.getAttribute(name), name).to.equal(value);
    expect(el.hasAttribute('email-fallback'), 'false writes no attribute').to.equal(false);
    expect([el.timeout, el.qr, el.emailFallback, el.requestHeaders]).to.deep.equal([
      4000,
      true,
      false,
      { 'x-csrf': 'c' },
    ]);
    expect(el.fetchToken).to.equal(fetchToken);
    expect(calls).to.deep.equal([{ request: { journey_id: 'J1' }, aborted: false }]);
    expect(fakeSdk().modals[0].options.resultMessages).to.deep.equal({ pass: 'Thanks' });
  });

  it('has a typed callback prop for every event, and gives each handler the CustomEvent', async () => {
    expect(EVENT_NAMES.map(propOf)).to.deep.equal([
      'onVeratadToken',
      'onVeratadReady',
      'onVeratadStatus',
      'onVeratadStep',
      'onVeratadClose',
      'onVeratadError',
      'onVeratadExpiring',
      'onVeratadExpired',
      'onVeratadMessage',
      'onVeratadConfirmed',
      'onVeratadPreflight',
    ]);
    const key = uniqueKey('events');
    const seen: Array<[string, boolean, unknown]> = [];
    const ref = createRef<VeratadVerifyElement>();
    const { root } = reactRoot();
    const render = (label: string) =>
      root.render(
        h(VeratadVerify, {
          tokenUrl: tokenUrl(key),
          ...fakeSdkUrls(key),
          ref,
          onVeratadReady: (event) => void seen.push([label, event instanceof CustomEvent, event.detail.mode]),
          onVeratadClose: (event) => void seen.push([label, event instanceof CustomEvent, event.detail.source]),
        }),
      );
    render('first');
    await new Promise((resolve) => document.addEventListener('veratad-ready', resolve, { once: true }));
    // A new handler on re-render replaces the old one: only it hears the next event.
    flushSync(() => render('second'));
    ref.current!.close();
    expect(seen).to.deep.equal([
      ['first', true, 'sdk'],
      ['second', true, 'host'],
    ]);
  });

  it('restarts once when a setting changes, and the ref reaches restart()', async () => {
    const key = uniqueKey('change');
    const handlers = new Handlers();
    const ref = createRef<VeratadVerifyElement>();
    const { root } = reactRoot();
    const render = (journeyId: string) =>
      root.render(
        h(VeratadVerify, { tokenUrl: tokenUrl(key), journeyId, ref, ...fakeSdkUrls(key), ...handlers.props() }),
      );
    let ready = handlers.next('veratad-ready');
    render('J1');
    await ready;
    ready = handlers.next('veratad-ready');
    render('J2');
    await ready;
    const bodies = (await requestsFor(key)).map((request) => JSON.parse(request.body) as unknown);
    expect(bodies).to.deep.equal([{ journey_id: 'J1' }, { journey_id: 'J2' }]);

    await ref.current!.restart();
    expect(await requestsFor(key)).to.have.length(3);
    expect(handlers.types().filter((type) => type === 'veratad-token')).to.have.length(3);
  });
});
