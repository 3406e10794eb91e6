import { expect } from '@open-wc/testing';
import type { VeratadVerify } from '../../../src/index.js';
import type { VeratadEventName } from '../../../src/events.js';
import { mount as mountElement, nextEvent, statusView, viewButton, type MountOptions } from '../support/element.js';
import { linkAnswer, type Step } from '../support/endpoint.js';
import { afterThisTest } from '../support/teardown.js';
import { ENGLISH } from '../../../src/strings.js';

// The built-in views (loading, error, expired, closed), their slots, parts and custom properties.

const SLOTS = ['loading', 'error', 'expired', 'closed'] as const;
type SlotName = (typeof SLOTS)[number];

/** Plans that take an element to each view, and then (for "Try again"/"Start again") to a ready session. */
const PLANS: Record<SlotName, Step[]> = {
  loading: [{ hold: true }],
  error: [{ status: 503, body: { error: { message: 'Token service busy, come back soon' } } }, linkAnswer()],
  expired: [linkAnswer('LINK EXPIRED'), linkAnswer()],
  closed: [linkAnswer('CLOSE'), linkAnswer()],
};

/** The event that takes the element into each view. */
const ENTERED: Record<SlotName, VeratadEventName> = {
  loading: 'veratad-token', // (never fires: the loading view is there from the start)
  error: 'veratad-error',
  expired: 'veratad-expired',
  closed: 'veratad-close',
};

/** mount() with no retries, so a failed request shows its error view at once. */
function mount(options: MountOptions) {
  return mountElement({ ...options, attrs: { retries: '0', ...options.attrs } });
}

/** Resolves once `el` shows the `view` it is heading for (mount it with PLANS[view]), rendered. */
async function reach(el: VeratadVerify, view: SlotName): Promise<void> {
  if (view !== 'loading') await nextEvent(el, ENTERED[view]);
  await el.updateComplete;
  expect(el.phase).to.equal(view);
}

describe('built-in views', () => {
  it('loading view has role=status and aria-busy="true" while the token request is pending', async () => {
    const { el } = mount({ plan: PLANS.loading });
    await el.updateComplete;
    expect(el.phase).to.equal('loading');
    const view = statusView(el)!;
    expect(view.getAttribute('role')).to.equal('status');
    expect(view.getAttribute('aria-busy')).to.equal('true');
    expect(view.textContent.trim()).to.not.equal('');
    expect(viewButton(el) === null, 'no button').to.equal(true);
  });

  it('the loading view goes away once the session is ready', async () => {
    const { el } = mount({ plan: [linkAnswer()] });
    await el.updateComplete;
    expect(statusView(el) !== null, 'a status view').to.equal(true);
    await nextEvent(el, 'veratad-ready');
    await el.updateComplete;
    expect(statusView(el) === null, 'no status view').to.equal(true);
  });

  it('error view has role=alert and says verification is unavailable, with no "Try again", when the error is final', async () => {
    const message = 'Your account may not start verifications';
    const { el } = mount({ plan: [{ body: { result: 'Error', message } }] });
    const error = await nextEvent(el, 'veratad-error');
    expect(error.retryable).to.equal(false);
    expect(error.message).to.equal(message);
    await el.updateComplete;
    const view = statusView(el)!;
    expect(view.getAttribute('role')).to.equal('alert');
    expect(view.textContent.trim()).to.equal(ENGLISH.unavailable);
    expect(viewButton(el) === null, 'no button').to.equal(true);
  });

  it('error view offers "Try again" when retryable; clicking it makes a new request and a new session', async () => {
    const { el, requests } = mount({ plan: PLANS.error });
    const error = await nextEvent(el, 'veratad-error');
    expect(error.code).to.equal('server');
    expect(error.retryable).to.equal(true);
    await el.updateComplete;
    expect(statusView(el)!.getAttribute('role')).to.equal('alert');
    expect(statusView(el)!.querySelector('p')!.textContent).to.equal(ENGLISH.failed);
    expect(await requests()).to.have.length(1);
    const button = viewButton(el)!;
    expect(button.textContent).to.equal('Try again');
    expect(button.getAttribute('part')).to.equal('button');
    const ready = nextEvent(el, 'veratad-ready');
    button.click();
    await ready;
    expect(await requests()).to.have.length(2);
    await el.updateComplete;
    expect(statusView(el) === null, 'no status view').to.equal(true);
  });

  for (const phase of ['expired', 'closed'] as const) {
    it(`${phase} view offers "Start again"; clicking it starts a new session`, async () => {
      const { el, requests, log } = mount({ plan: PLANS[phase] });
      await reach(el, phase);
      const view = statusView(el)!;
      expect(view.getAttribute('role')).to.equal('status');
      expect(el.shadowRoot!.querySelector('iframe') === null, 'the iframe is gone').to.equal(true);
      const button = viewButton(el)!;
      expect(button.textContent).to.equal('Start again');
      const ready = nextEvent(el, 'veratad-ready');
      button.click();
      await ready;
      expect(el.phase).to.equal('ready');
      expect(log.of('veratad-token')).to.have.length(2);
      expect(await requests()).to.have.length(2);
    });
  }

  describe('slots', () => {
    for (const name of SLOTS) {
      it(`slot "${name}" replaces the built-in ${name} view: slotted content shown, built-in text not`, async () => {
        const { el } = mount({ plan: PLANS[name], slotted: [...SLOTS] });
        await reach(el, name);
        const slot = el.shadowRoot!.querySelector<HTMLSlotElement>(`slot[name="${name}"]`)!;
        const custom = el.querySelector<HTMLElement>(`.custom-${name}`)!;
        const assigned = slot.assignedElements();
        expect(assigned.length === 1 && assigned[0] === custom, 'only the custom content is assigned').to.equal(true);
        expect(custom.checkVisibility()).to.equal(true);
        const builtIn = [...statusView(el)!.querySelectorAll('*')].filter((node) => !(node instanceof HTMLSlotElement));
        expect(builtIn.length, 'the built-in view is there as fallback content').to.be.above(0);
        for (const node of builtIn) expect(node.checkVisibility(), node.outerHTML).to.equal(false);
        for (const other of SLOTS.filter((n) => n !== name)) {
          expect(el.querySelector<HTMLElement>(`.custom-${other}`)!.checkVisibility(), other).to.equal(false);
        }
      });
    }

    it('without slotted content the built-in text is shown', async () => {
      const { el } = mount({ plan: PLANS.closed });
      await reach(el, 'closed');
      const text = statusView(el)!.innerText;
      expect(text).to.contain('Start again');
      expect(text.replace('Start again', '').trim()).to.not.equal('');
    });
  });

  describe('styling surface', () => {
    it('exposes the parts "frame" (link-mode iframe) and "status" (the views)', async () => {
      const style = document.createElement('style');
      style.textContent =
        '.parts-test::part(status) { outline: 3px solid rgb(1, 2, 3); } .parts-test::part(frame) { outline: 3px solid rgb(4, 5, 6); }';
      document.head.append(style);
      afterThisTest(() => style.remove());
      const { el } = mount({ plan: [linkAnswer()], attrs: { class: 'parts-test' } });
      await el.updateComplete;
      expect(getComputedStyle(statusView(el)!).outlineColor).to.equal('rgb(1, 2, 3)');
      await nextEvent(el, 'veratad-ready');
      const frame = el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe')!;
      expect(frame.getAttribute('part')).to.equal('frame');
      expect(getComputedStyle(frame).outlineColor).to.equal('rgb(4, 5, 6)');
    });

    it('--veratad-verify-height sets the iframe height (default 670px)', async () => {
      const { el } = mount({ plan: [linkAnswer()] });
      await nextEvent(el, 'veratad-ready');
      await el.updateComplete;
      const frame = el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe')!;
      expect(getComputedStyle(frame).height).to.equal('670px');
      el.style.setProperty('--veratad-verify-height', '420px');
      expect(getComputedStyle(frame).height).to.equal('420px');
    });

    it('--veratad-verify-width sets the host width (default 100%)', async () => {
      const container = document.createElement('div');
      container.style.width = '480px';
      document.body.append(container);
      afterThisTest(() => container.remove());
      const { el } = mount({ plan: PLANS.loading, parent: container });
      await el.updateComplete;
      expect(getComputedStyle(el).width).to.equal('480px');
      el.style.setProperty('--veratad-verify-width', '300px');
      expect(getComputedStyle(el).width).to.equal('300px');
      el.style.setProperty('--veratad-verify-width', '50%');
      expect(getComputedStyle(el).width).to.equal('240px');
    });
  });
});
