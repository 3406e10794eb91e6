import { expect } from '@open-wc/testing';
import { VeratadVerify } from '../../../src/index.js';
import { TARGET, mount, nextEvent } from '../support/element.js';
import { tokenUrl, uniqueKey } from '../support/endpoint.js';
import { recordFetches } from '../support/page.js';

describe('creating <veratad-verify>', () => {
  it(`comes from the build this run tests (${TARGET === 'bundle' ? 'dist/veratad-verify.js' : 'src/'})`, () => {
    const loaded = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    const fromBundle = loaded.includes('/dist/veratad-verify.js');
    const fromSource = loaded.some((path) => path.startsWith('/src/veratad-verify.'));
    expect({ fromBundle, fromSource }).to.deep.equal({ fromBundle: TARGET === 'bundle', fromSource: TARGET === 'src' });
  });

  it('is registered under its tag and typed in the tag map', () => {
    const el = document.createElement('veratad-verify');
    expect(el).to.be.instanceOf(VeratadVerify);
    expect(customElements.get('veratad-verify')).to.equal(VeratadVerify);
  });

  it('importing the module twice does not throw', async () => {
    await import('../../../src/index.js');
    await import('../../../src/index.js');
    expect(customElements.get('veratad-verify')).to.equal(VeratadVerify);
  });

  it('define() again with the same name and class does nothing', () => {
    VeratadVerify.define();
    expect(customElements.get('veratad-verify')).to.equal(VeratadVerify);
  });

  it('define() registers a subclass under a name the host chooses, and works there', async () => {
    class ShopVerify extends VeratadVerify {}
    const name = `shop-verify-${Math.random().toString(36).slice(2, 8)}`;
    ShopVerify.define(name);
    expect(customElements.get(name)).to.equal(ShopVerify);
    ShopVerify.define(name);
    const el = document.createElement(name) as VeratadVerify;
    const token = nextEvent(el, 'veratad-token');
    el.setAttribute('token-url', tokenUrl(uniqueKey()));
    document.body.append(el);
    await token;
    el.remove();
  });

  it('define() refuses a name another class holds, saying so', () => {
    const name = `taken-verify-${Math.random().toString(36).slice(2, 8)}`;
    customElements.define(name, class extends HTMLElement {});
    expect(() => VeratadVerify.define(name)).to.throw(`<${name}> is already defined by another class`);
  });

  it('starts idle when detached, reflects its phase once connected, and is idle again once removed', async () => {
    const { el } = mount({ parent: null });
    expect(el.phase).to.equal('idle');
    const token = nextEvent(el, 'veratad-token');
    document.body.append(el);
    expect(el.getAttribute('phase')).to.equal('loading');
    await token;
    el.remove();
    expect(el.phase).to.equal('idle');
  });

  it('sends the POST in the same task as connectedCallback', () => {
    const fetches = recordFetches();
    mount();
    expect(fetches).to.have.length(1);
  });

  it('without token-url fires invalid-config and makes no request', async () => {
    const fetches = recordFetches();
    const { el, log } = mount({ tokenUrl: null, attrs: { 'journey-id': 'J1' } });
    const error = await nextEvent(el, 'veratad-error');
    expect(error.code).to.equal('invalid-config');
    expect(error.retryable).to.equal(false);
    expect(el.phase).to.equal('error');
    expect(log.of('veratad-error')).to.have.length(1);
    expect(fetches).to.have.length(0);
  });
});
