import { expect } from '@open-wc/testing';
import { mount, nextEvent } from '../support/element.js';
import { linkAnswer, type Step } from '../support/endpoint.js';

// axe (through @open-wc/testing's chai-a11y-axe) on the element in each state a visitor can meet.

/** An element with no retries, so a failed request shows its error view at once. */
function mountWith(plan: Step[], attrs: Record<string, string> = {}) {
  return mount({ plan, attrs: { retries: '0', ...attrs } });
}

describe('accessibility', () => {
  it('is accessible while loading', async () => {
    const { el } = mountWith([{ hold: true }]);
    await el.updateComplete;
    expect(el.phase).to.equal('loading');
    await expect(el).to.be.accessible();
  });

  it('is accessible showing a non-retryable error', async () => {
    const { el } = mountWith([{ body: { result: 'Error', message: 'This account may not verify people' } }]);
    expect((await nextEvent(el, 'veratad-error')).retryable).to.equal(false);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('is accessible showing a retryable error with its "Try again" button', async () => {
    const { el } = mountWith([{ status: 503 }]);
    expect((await nextEvent(el, 'veratad-error')).retryable).to.equal(true);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button') !== null, 'a Try again button').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('is accessible in the closed view', async () => {
    const { el } = mountWith([linkAnswer('CLOSE')]);
    await nextEvent(el, 'veratad-close');
    await el.updateComplete;
    expect(el.phase).to.equal('closed');
    await expect(el).to.be.accessible();
  });

  it('is accessible in the expired view', async () => {
    const { el } = mountWith([linkAnswer('LINK EXPIRED')]);
    await nextEvent(el, 'veratad-expired');
    await el.updateComplete;
    expect(el.phase).to.equal('expired');
    await expect(el).to.be.accessible();
  });

  it('is accessible with the link-mode session ready (titled iframe)', async () => {
    const { el, ready } = mountWith([linkAnswer()]);
    await ready;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('is accessible with a custom frame-title', async () => {
    const { el, ready } = mountWith([linkAnswer()], { 'frame-title': 'Verify your age with Veratad' });
    await ready;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
