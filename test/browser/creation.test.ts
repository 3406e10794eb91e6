import { expect, fixture, html } from '@open-wc/testing';
import { VeratadVerify } from '../../src/index.js';
import { EventLog, nextEvent, requestsFor, spyOnFetch, tokenUrl, uniqueKey } from './helpers.js';

describe('creating <veratad-verify>', () => {
  it('is registered under its tag and typed in the tag map', () => {
    const el = document.createElement('veratad-verify');
    expect(el).to.be.instanceOf(VeratadVerify);
    expect(customElements.get('veratad-verify')).to.equal(VeratadVerify);
  });

  it('importing the built module twice does not throw', async () => {
    await import('../../src/index.js');
    await import('../../src/index.js');
    expect(customElements.get('veratad-verify')).to.equal(VeratadVerify);
  });

  it('starts idle when detached and reflects its phase once connected', async () => {
    const el = new VeratadVerify();
    expect(el.phase).to.equal('idle');
    const key = uniqueKey();
    el.tokenUrl = tokenUrl(key);
    const ready = nextEvent(el, 'veratad-token');
    document.body.append(el);
    expect(el.getAttribute('phase')).to.equal('loading');
    await ready;
    el.remove();
    expect(el.phase).to.equal('idle');
  });

  it('sends the POST in the same task as connectedCallback', async () => {
    const key = uniqueKey();
    const fetches = spyOnFetch();
    try {
      const el = document.createElement('veratad-verify');
      el.setAttribute('token-url', tokenUrl(key));
      document.body.append(el);
      expect(fetches.calls).to.have.length(1);
      el.remove();
    } finally {
      fetches.restore();
    }
  });

  it('without token-url fires invalid-config and makes no request', async () => {
    const log = new EventLog(document);
    const el = await fixture<VeratadVerify>(html`<veratad-verify journey-id="J1"></veratad-verify>`);
    await el.updateComplete;
    const errors = log.of('veratad-error');
    expect(errors).to.have.length(1);
    expect(errors[0]!.code).to.equal('invalid-config');
    expect(errors[0]!.retryable).to.equal(false);
    expect(el.phase).to.equal('error');
    expect(await requestsFor('default')).to.have.length(0);
  });
});
