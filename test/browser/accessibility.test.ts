import { expect } from '@open-wc/testing';
import type { VeratadVerify } from '../../src/index.js';
import type { Phase } from '../../src/events.js';
import { fakeFrameLink, nextEvent, tokenUrl, uniqueKey, until, type Step } from './helpers.js';

// axe (through @open-wc/testing's chai-a11y-axe) on the element in each state a visitor can meet.

function mount(plan: Step[], attrs: Record<string, string> = {}) {
  const el = document.createElement('veratad-verify');
  el.setAttribute('token-url', tokenUrl(uniqueKey('a11y'), plan));
  el.setAttribute('retries', '0');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.body.append(el);
  return el;
}

const linkAnswer = (send?: unknown): Step => ({ body: { token: `tok-${uniqueKey()}`, link: fakeFrameLink(send) } });

describe('accessibility', () => {
  afterEach(() => {
    document.querySelectorAll('veratad-verify').forEach((el) => el.remove());
  });

  async function reach(el: VeratadVerify, phase: Phase) {
    await until(() => el.phase === phase, `phase ${phase}`);
    await el.updateComplete;
  }

  it('is accessible while loading', async () => {
    const el = mount([{ delay: 5000 }]);
    await el.updateComplete;
    expect(el.phase).to.equal('loading');
    await expect(el).to.be.accessible();
  });

  it('is accessible showing a non-retryable error', async () => {
    const el = mount([{ body: { result: 'Error', message: 'This account may not verify people' } }]);
    await reach(el, 'error');
    await expect(el).to.be.accessible();
  });

  it('is accessible showing a retryable error with its "Try again" button', async () => {
    const el = mount([{ status: 503 }]);
    await reach(el, 'error');
    expect(el.shadowRoot!.querySelector('button') !== null, 'a Try again button').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('is accessible in the closed view', async () => {
    const el = mount([linkAnswer('CLOSE')]);
    await reach(el, 'closed');
    await expect(el).to.be.accessible();
  });

  it('is accessible in the expired view', async () => {
    const el = mount([linkAnswer('LINK EXPIRED')]);
    await reach(el, 'expired');
    await expect(el).to.be.accessible();
  });

  it('is accessible with the link-mode session ready (titled iframe)', async () => {
    const el = mount([linkAnswer()]);
    await nextEvent(el, 'veratad-ready');
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('is accessible with a custom frame-title', async () => {
    const el = mount([linkAnswer()], { 'frame-title': 'Verify your age with Veratad' });
    await nextEvent(el, 'veratad-ready');
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
