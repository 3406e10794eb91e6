import { expect } from '@open-wc/testing';
import { StrictMode, createElement as h, useEffect } from 'react';
import { VeratadVerify } from '../../../src/react.js';
import { requestsFor, tokenUrl, uniqueKey } from '../support/endpoint.js';
import { fakeSdk, scriptsWithSrc } from '../support/fake-sdk.js';
import { nextTask, recordFetches } from '../support/page.js';
import type { VeratadVerify as VeratadVerifyElement } from '../../../src/element.js';
import { Handlers, dispatchedEvents, fakeSdkUrls, reactRoot } from './support.js';

// React's development build under <StrictMode> mounts every component, unmounts it and mounts it again (effects,
// layout effects and ref callbacks run, are cleaned up and run again). React 19 keeps the DOM node through that
// cycle: the element is inserted once and stays connected, so it starts once.

describe('<VeratadVerify> under StrictMode (React development build)', () => {
  it('mount, unmount, mount: one element, one token request, one SDK script and session, each event handled once', async () => {
    const key = uniqueKey('strict');
    const { sdkSrc, sdkCss } = fakeSdkUrls(key);
    const handlers = new Handlers();
    const dispatched = dispatchedEvents();
    const effects: string[] = [];
    const refs: Array<VeratadVerifyElement | null> = [];
    // A sibling whose effect logs StrictMode's cycle, to show it ran.
    function Probe() {
      useEffect(() => {
        effects.push('mount');
        return () => void effects.push('unmount');
      }, []);
      return null;
    }
    const ready = handlers.next('veratad-ready');
    const { root } = reactRoot();
    root.render(
      h(
        StrictMode,
        null,
        h(Probe),
        h(VeratadVerify, {
          tokenUrl: tokenUrl(key),
          sdkSrc,
          sdkCss,
          ref: (el: VeratadVerifyElement | null) => void refs.push(el),
          ...handlers.props(),
        }),
      ),
    );
    await ready;
    await nextTask();

    expect(effects, 'StrictMode ran its mount, unmount, mount').to.deep.equal(['mount', 'unmount', 'mount']);
    const elements = document.querySelectorAll('veratad-verify');
    expect(elements.length).to.equal(1);
    const [el] = elements;
    expect(
      refs.map((ref) => (ref === el ? 'element' : ref)),
      'the ref was given the element, detached and given the same element again',
    ).to.deep.equal(['element', null, 'element']);
    expect(await requestsFor(key), 'token requests').to.have.length(1);
    expect(scriptsWithSrc(sdkSrc)).to.have.length(1);
    expect(fakeSdk().loads).to.equal(1);
    expect(fakeSdk().modals.map((modal) => modal.destroyed)).to.deep.equal([0]);
    expect(dispatched.filter((type) => type !== 'veratad-preflight')).to.deep.equal(['veratad-token', 'veratad-ready']);
    expect(handlers.types(), 'each event given to its handler once').to.deep.equal(dispatched);
    expect(el.getAttribute('phase')).to.equal('ready');

    // Unmounting for good removes the element, which ends its session; nothing is fired afterwards.
    root.unmount();
    await nextTask();
    expect(fakeSdk().modals.map((modal) => modal.destroyed)).to.deep.equal([1]);
    expect(handlers.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-ready']);
  });

  it('a remount that replaces the element (a new key) while its token request is pending aborts that request', async () => {
    const key = uniqueKey('remount');
    const fetches = recordFetches();
    const { sdkSrc, sdkCss } = fakeSdkUrls(key);
    const handlers = new Handlers();
    const props = { tokenUrl: tokenUrl(key, [{ hold: true }, {}]), sdkSrc, sdkCss, ...handlers.props() };
    const { root } = reactRoot();
    root.render(h(StrictMode, null, h(VeratadVerify, { key: 'first', ...props })));
    await requestsFor(key, 1);
    const [first] = document.querySelectorAll('veratad-verify');

    const ready = handlers.next('veratad-ready');
    root.render(h(StrictMode, null, h(VeratadVerify, { key: 'second', ...props })));
    await ready;
    expect(first.isConnected).to.equal(false);
    expect(fetches.map((call) => call.init!.signal!.aborted)).to.deep.equal([true, false]);
    expect(await requestsFor(key)).to.have.length(2);
    expect(handlers.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-ready']);
  });
});
