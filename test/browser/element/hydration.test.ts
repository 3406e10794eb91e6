import { expect } from '@open-wc/testing';
import { mount, nextEvent } from '../support/element.js';
import { recordFetches } from '../support/page.js';

// defer-hydration: server-rendered markup carries it until the framework has set the element's properties. Until it
// is gone the element does nothing visible: no request, no phase attribute, no event.

describe('defer-hydration', () => {
  it('makes no request, writes no phase and fires no event while present, then starts once it is removed', async () => {
    const fetches = recordFetches();
    const { el, log } = mount({ attrs: { 'defer-hydration': '' } });
    await el.updateComplete;
    expect(fetches).to.have.length(0);
    expect(el.hasAttribute('phase')).to.equal(false);
    expect(el.phase).to.equal('idle');
    expect(log.events).to.have.length(0);

    const token = nextEvent(el, 'veratad-token');
    el.removeAttribute('defer-hydration');
    await token;
    expect(fetches).to.have.length(1);
    expect(el.getAttribute('phase')).to.equal('loading');
  });

  it('waits for the properties a framework sets before it removes the attribute: no invalid-config without token-url', async () => {
    const fetches = recordFetches();
    const { el, log } = mount({ tokenUrl: null, attrs: { 'defer-hydration': '' } });
    await el.updateComplete;
    expect(log.of('veratad-error'), 'no spurious invalid-config').to.have.length(0);

    // What @lit/react does after hydration: set the properties, then remove the attribute (one task).
    el.tokenUrl = '/api/token?key=hydrated';
    el.journeyId = 'J1';
    el.removeAttribute('defer-hydration');
    await nextEvent(el, 'veratad-token');
    expect(fetches.map((call) => call.url)).to.deep.equal(['/api/token?key=hydrated']);
    expect(JSON.parse(fetches[0].init?.body as string)).to.deep.equal({ journey_id: 'J1' });
    expect(log.of('veratad-error')).to.have.length(0);
  });

  it('restart() does nothing while the element waits', async () => {
    const fetches = recordFetches();
    const { el } = mount({ attrs: { 'defer-hydration': '' } });
    await el.restart();
    expect(fetches).to.have.length(0);
    expect(el.hasAttribute('phase')).to.equal(false);
  });

  it('a waiting element that is removed leaves no phase attribute behind, and waits again when re-added', async () => {
    const fetches = recordFetches();
    const { el } = mount({ attrs: { 'defer-hydration': '' } });
    await el.updateComplete;
    el.remove();
    expect(el.hasAttribute('phase')).to.equal(false);
    document.body.append(el);
    await el.updateComplete;
    expect(fetches).to.have.length(0);
    el.removeAttribute('defer-hydration');
    await nextEvent(el, 'veratad-token');
    expect(fetches).to.have.length(1);
  });
});
