import { expect } from '@open-wc/testing';
import type { VeratadVerify } from '../../src/index.js';
import type { Phase } from '../../src/events.js';
import { EventLog, fakeFrameLink, nextEvent, requestsFor, tokenUrl, uniqueKey, until, type Step } from './helpers.js';

// The built-in views (loading, error, expired, closed), their slots, parts and custom properties.

const SLOTS = ['loading', 'error', 'expired', 'closed'] as const;
type SlotName = (typeof SLOTS)[number];

const linkAnswer = (send?: unknown): Step => ({ body: { token: `tok-${uniqueKey()}`, link: fakeFrameLink(send) } });

/** Plans that take an element to each view, and then (for "Try again"/"Start again") to a ready session. */
const PLANS: Record<SlotName, Step[]> = {
  loading: [{ delay: 5000 }],
  error: [{ status: 503, body: { error: { message: 'Token service busy, come back soon' } } }, linkAnswer()],
  expired: [linkAnswer('LINK EXPIRED'), linkAnswer()],
  closed: [linkAnswer('CLOSE'), linkAnswer()],
};

interface MountOptions {
  plan?: Step[];
  attrs?: Record<string, string>;
  slotted?: SlotName[];
  parent?: HTMLElement;
}

/** Appends an element (to `parent` or the body); removed in afterEach. */
function mount({ plan, attrs = {}, slotted = [], parent = document.body }: MountOptions) {
  const key = uniqueKey('views');
  const el = document.createElement('veratad-verify');
  el.setAttribute('token-url', tokenUrl(key, plan));
  el.setAttribute('retries', '0');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  for (const name of slotted) {
    const custom = document.createElement('div');
    custom.slot = name;
    custom.className = `custom-${name}`;
    custom.textContent = `Custom ${name} view`;
    el.append(custom);
  }
  const log = new EventLog(el);
  parent.append(el);
  return { el, log, key };
}

function statusView(el: VeratadVerify): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>('[part~="status"]');
}

function viewButton(el: VeratadVerify): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="status"] button');
}

async function reachPhase(el: VeratadVerify, phase: Phase): Promise<void> {
  await until(() => el.phase === phase, `phase ${phase}`);
  await el.updateComplete;
}

describe('built-in views', () => {
  afterEach(() => {
    document.querySelectorAll('veratad-verify').forEach((el) => el.remove());
  });

  it('loading view has role=status and aria-busy="true" while the token request is pending', async () => {
    const { el } = mount({ plan: PLANS.loading });
    await el.updateComplete;
    expect(el.phase).to.equal('loading');
    const view = statusView(el)!;
    expect(view.getAttribute('role')).to.equal('status');
    expect(view.getAttribute('aria-busy')).to.equal('true');
    expect(view.textContent!.trim()).to.not.equal('');
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

  it('error view has role=alert and the message, and no "Try again" when the error is not retryable', async () => {
    const message = 'Your account may not start verifications';
    const { el } = mount({ plan: [{ body: { result: 'Error', message } }] });
    const error = await nextEvent(el, 'veratad-error');
    expect(error.retryable).to.equal(false);
    await el.updateComplete;
    const view = statusView(el)!;
    expect(view.getAttribute('role')).to.equal('alert');
    expect(view.textContent).to.contain(message);
    expect(viewButton(el) === null, 'no button').to.equal(true);
  });

  it('error view offers "Try again" when retryable; clicking it makes a new request and a new session', async () => {
    const { el, key } = mount({ plan: PLANS.error });
    const error = await nextEvent(el, 'veratad-error');
    expect(error.code).to.equal('server');
    expect(error.retryable).to.equal(true);
    await el.updateComplete;
    expect(statusView(el)!.getAttribute('role')).to.equal('alert');
    expect(statusView(el)!.textContent).to.contain(error.message);
    expect(await requestsFor(key)).to.have.length(1);
    const button = viewButton(el)!;
    expect(button.textContent).to.equal('Try again');
    const ready = nextEvent(el, 'veratad-ready');
    button.click();
    await ready;
    expect(await requestsFor(key)).to.have.length(2);
    await el.updateComplete;
    expect(statusView(el) === null, 'no status view').to.equal(true);
  });

  for (const phase of ['expired', 'closed'] as const) {
    it(`${phase} view offers "Start again"; clicking it starts a new session`, async () => {
      const { el, key, log } = mount({ plan: PLANS[phase] });
      await reachPhase(el, phase);
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
      expect(await requestsFor(key)).to.have.length(2);
    });
  }

  describe('slots', () => {
    for (const name of SLOTS) {
      it(`slot "${name}" replaces the built-in ${name} view: slotted content shown, built-in text not`, async () => {
        const { el } = mount({ plan: PLANS[name], slotted: [...SLOTS] });
        await reachPhase(el, name);
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
      await reachPhase(el, 'closed');
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
      try {
        const { el } = mount({ plan: [linkAnswer()], attrs: { class: 'parts-test' } });
        await el.updateComplete;
        expect(getComputedStyle(statusView(el)!).outlineColor).to.equal('rgb(1, 2, 3)');
        await nextEvent(el, 'veratad-ready');
        const frame = el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe')!;
        expect(frame.getAttribute('part')).to.equal('frame');
        expect(getComputedStyle(frame).outlineColor).to.equal('rgb(4, 5, 6)');
      } finally {
        style.remove();
      }
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
      try {
        const { el } = mount({ plan: PLANS.loading, parent: container });
        await el.updateComplete;
        expect(getComputedStyle(el).width).to.equal('480px');
        el.style.setProperty('--veratad-verify-width', '300px');
        expect(getComputedStyle(el).width).to.equal('300px');
        el.style.setProperty('--veratad-verify-width', '50%');
        expect(getComputedStyle(el).width).to.equal('240px');
      } finally {
        container.remove();
      }
    });
  });
});
