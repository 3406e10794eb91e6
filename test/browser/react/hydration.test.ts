import { expect } from '@open-wc/testing';
import { createElement as h } from 'react';
import { hydrateRoot } from 'react-dom/client';
import type { VeratadVerify as VeratadVerifyElement } from '../../../src/element.js';
import { requestsFor, tokenUrl, uniqueKey } from '../support/endpoint.js';
import { nextTask } from '../support/page.js';
import { afterThisTest } from '../support/teardown.js';
import { Handlers, consoleErrors, fakeSdkUrls } from './support.js';

// What a server-rendered page does: the markup (from react-dom/server in Node, see server/render-react.ts) is in
// the document before the component's module has run, then React hydrates it.

const attributesOf = (el: Element) => Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));

describe('<VeratadVerify> rendered on the server, hydrated in the browser', () => {
  it('outputs the tag with its attributes; the element waits, then hydrates without a warning and reaches ready', async () => {
    const key = uniqueKey('ssr');
    const errors = consoleErrors();
    const props = { tokenUrl: tokenUrl(key), journeyId: 'J1', timeout: 5000, autoRestart: true, ...fakeSdkUrls(key) };
    const query = new URLSearchParams({ props: JSON.stringify(props) });
    const html = await (await fetch(`/__test__/react-ssr?${query}`)).text();
    expect(html).to.equal(
      `<veratad-verify defer-hydration="" token-url="${props.tokenUrl.replaceAll('&', '&amp;')}" journey-id="J1" ` +
        `timeout="5000" auto-restart="" sdk-src="${props.sdkSrc}" sdk-css="${props.sdkCss}">` +
        '<p slot="loading">Getting your check ready…</p></veratad-verify>',
    );

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    afterThisTest(() => container.remove());
    const el = container.firstElementChild as VeratadVerifyElement;
    const served = attributesOf(el);

    // The component's module arrives after the markup: importing it registers the tag and upgrades the element,
    // which waits for hydration (no request, no phase attribute).
    const { VeratadVerify } = await import('../../../src/react.js');
    expect(el).to.be.instanceOf(customElements.get('veratad-verify')!);
    await el.updateComplete;
    await nextTask();
    expect(attributesOf(el), 'untouched before hydration').to.deep.equal(served);
    expect(await requestsFor(key), 'no request before hydration').to.have.length(0);

    const handlers = new Handlers();
    const ready = handlers.next('veratad-ready');
    const recoverable: unknown[] = [];
    const root = hydrateRoot(
      container,
      h(
        VeratadVerify,
        { ...props, sdkOptions: { resultMessages: { pass: 'Thanks' } }, ...handlers.props() },
        h('p', { slot: 'loading' }, 'Getting your check ready…'),
      ),
      { onRecoverableError: (error) => void recoverable.push(String(error)) },
    );
    afterThisTest(() => root.unmount());
    await ready;

    expect(container.firstElementChild === el, 'React kept the server-rendered element').to.equal(true);
    expect(errors, 'console.error').to.deep.equal([]);
    expect(recoverable, 'recoverable errors').to.deep.equal([]);
    const { 'defer-hydration': _removed, ...kept } = served;
    expect(attributesOf(el)).to.deep.equal({ ...kept, phase: 'ready' });
    expect(el.sdkOptions, 'a property set at hydration').to.deep.equal({ resultMessages: { pass: 'Thanks' } });
    expect(await requestsFor(key)).to.have.length(1);
    expect(handlers.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-ready']);
  });
});
