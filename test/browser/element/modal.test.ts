import { expect } from '@open-wc/testing';
import { executeServerCommand, resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { VeratadVerify } from '../../../src/index.js';
import { ENGLISH } from '../../../src/strings.js';
import { TARGET, linkFrame, mount, nextEvent, sdkFrameCount, statusView } from '../support/element.js';
import { linkAnswer } from '../support/endpoint.js';
import { onlyModal } from '../support/fake-sdk.js';
import { nextTask } from '../support/page.js';
import { afterThisTest } from '../support/teardown.js';

// display="modal": the link-mode frame in a native <dialog> of the element's shadow root, opened with showModal()
// once the session is ready (src/modal.ts).

const dialogOf = (el: VeratadVerify) => el.shadowRoot!.querySelector('dialog');
const closeButtonOf = (el: VeratadVerify) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="close"]');

/** A link-mode element with display="modal" (and `attrs`, `props`). */
function mountModal(attrs: Record<string, string> = {}, props: Partial<VeratadVerify> = {}) {
  return mount({ plan: [linkAnswer()], attrs: { display: 'modal', ...attrs }, props });
}

/** A modal link-mode element whose session is ready, with its open dialog and its frame. */
async function openModal(attrs: Record<string, string> = {}, props: Partial<VeratadVerify> = {}) {
  const mounted = mountModal(attrs, props);
  await mounted.ready;
  const dialog = dialogOf(mounted.el);
  const frame = linkFrame(mounted.el);
  if (!dialog || !frame?.contentWindow) throw new Error('no modal dialog with a loaded frame');
  return { ...mounted, dialog, frame, frameWindow: frame.contentWindow };
}

/** Has the fake frame post `data` to the page (fixtures/fake-frame.js). */
function postFromFrame(frameWindow: Window, data: unknown): void {
  frameWindow.postMessage({ command: 'post', data }, '*');
}

/** The one veratad-close the element fired, after a task in which a second one could have come. */
async function onlyClose(log: ReturnType<typeof mount>['log']) {
  await nextTask();
  const closes = log.of('veratad-close');
  expect(closes).to.have.length(1);
  return closes[0];
}

/** A button in the page, focused, as the control that started the verification would be. */
function focusedTrigger(): HTMLButtonElement {
  const trigger = document.createElement('button');
  trigger.textContent = 'Verify my age';
  document.body.prepend(trigger);
  afterThisTest(() => trigger.remove());
  trigger.focus();
  return trigger;
}

/** Makes the page 4000 px tall and scrolls it to `y`; sets the root's inline `overflow` to `overflow`. */
function scrolledPage(y: number, overflow: string): void {
  const filler = document.createElement('div');
  filler.style.height = '4000px';
  document.body.append(filler);
  const root = document.documentElement;
  const before = root.style.overflow;
  root.style.overflow = overflow;
  afterThisTest(() => {
    filler.remove();
    root.style.overflow = before;
    scrollTo(0, 0);
  });
  scrollTo(0, y);
  expect(scrollY).to.equal(y);
}

/**
 * Turns the mouse wheel down by 600 px near the viewport's top left corner (the backdrop, beside the centred
 * panel, while the dialog is open); resolves once the page got the wheel event.
 */
async function wheelDown(): Promise<void> {
  const wheeled = new Promise((resolve) => addEventListener('wheel', resolve, { once: true, capture: true }));
  await executeServerCommand('mouse-wheel', { x: 10, y: 10, deltaY: 600 });
  await wheeled;
}

/** Two animation frames: a scroll the wheel caused has been applied by then. */
const twoFrames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

interface SavedScreenshot {
  path: string;
  bytes: number;
  signature: string;
}

const PNG_SIGNATURE = '89504e470d0a1a0a';

/** Saves the page as test-results/browser/<name>.png (server/plugins.mjs, pageCommands) and says what was saved. */
function screenshot(name: string): Promise<SavedScreenshot> {
  return executeServerCommand<SavedScreenshot, { name: string }>('page-screenshot', { name });
}

describe('display="modal"', () => {
  const viewport = { width: innerWidth, height: innerHeight };
  afterEach(async () => {
    await resetMouse();
    await setViewport(viewport);
  });

  describe('opening', () => {
    it('builds the dialog while loading and opens it with showModal() when the session is ready, the frame inside', async () => {
      const calls: Array<{ open: boolean; frameInside: boolean; phase: string; loadingView: boolean }> = [];
      // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be called on the dialog and put back
      const showModal = HTMLDialogElement.prototype.showModal;
      HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
        const el = (this.getRootNode() as ShadowRoot).host as VeratadVerify;
        calls.push({
          open: this.open,
          frameInside: this.querySelector('iframe') !== null,
          phase: el.phase,
          loadingView: statusView(el)?.getAttribute('aria-busy') === 'true',
        });
        showModal.call(this);
      };
      afterThisTest(() => void (HTMLDialogElement.prototype.showModal = showModal));

      const { el, ready } = mountModal();
      expect(await ready).to.deep.equal({ mode: 'link' });
      expect(calls).to.deep.equal([{ open: false, frameInside: true, phase: 'loading', loadingView: true }]);
      const dialog = dialogOf(el)!;
      expect(dialog.open, 'open').to.equal(true);
      expect(dialog.matches(':modal'), 'modal').to.equal(true);
      expect(dialog.getAttribute('part')).to.equal('dialog');
      expect(dialog.getAttribute('aria-label')).to.equal('Identity verification');
      const frame = linkFrame(el)!;
      expect(frame.parentElement === dialog, 'the frame is inside the dialog').to.equal(true);
      expect(frame.getAttribute('part')).to.equal('frame');
      expect(frame.hasAttribute('allowfullscreen'), 'allowfullscreen').to.equal(true);
      expect(el.phase).to.equal('ready');
      expect(statusView(el), 'no view while the session shows').to.equal(null);
    });

    it('has a visible close button (part close, type button) named by strings.close', async () => {
      const { el } = await openModal();
      const button = closeButtonOf(el)!;
      expect(button.parentElement === dialogOf(el), 'inside the dialog').to.equal(true);
      expect(button.type).to.equal('button');
      expect(button.getAttribute('aria-label')).to.equal(ENGLISH.close);
      const box = button.getBoundingClientRect();
      expect(box.width > 0 && box.height > 0, 'rendered').to.equal(true);
      expect(getComputedStyle(button).visibility).to.equal('visible');
    });

    it('names the close button from the strings property', async () => {
      const { el } = await openModal({}, { strings: { close: 'Überprüfung schließen' } });
      expect(closeButtonOf(el)!.getAttribute('aria-label')).to.equal('Überprüfung schließen');
    });
  });

  describe('closing', () => {
    it('Escape closes it: one veratad-close {source: "user"}, phase closed, dialog gone', async () => {
      const { el, log } = await openModal();
      const closed = nextEvent(el, 'veratad-close');
      await sendKeys({ press: 'Escape' });
      expect(await closed).to.deep.equal({ source: 'user' });
      expect(await onlyClose(log)).to.deep.equal({ source: 'user' });
      expect(el.phase).to.equal('closed');
      expect(dialogOf(el), 'dialog removed').to.equal(null);
      expect(linkFrame(el), 'frame removed').to.equal(null);
    });

    it('the close button closes it: one veratad-close {source: "user"}, phase closed, dialog gone', async () => {
      const { el, log } = await openModal();
      const box = closeButtonOf(el)!.getBoundingClientRect();
      const closed = nextEvent(el, 'veratad-close');
      const middle: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
      await sendMouse({ type: 'click', position: middle });
      expect(await closed).to.deep.equal({ source: 'user' });
      expect(await onlyClose(log)).to.deep.equal({ source: 'user' });
      expect(el.phase).to.equal('closed');
      expect(dialogOf(el), 'dialog removed').to.equal(null);
    });

    it('the frame\'s CLOSE message closes it: one veratad-close {source: "user"}, phase closed, dialog gone', async () => {
      const { el, log, frameWindow } = await openModal();
      const closed = nextEvent(el, 'veratad-close');
      postFromFrame(frameWindow, { event: 'CLOSE' });
      expect(await closed).to.deep.equal({ source: 'user' });
      expect(await onlyClose(log)).to.deep.equal({ source: 'user' });
      expect(el.phase).to.equal('closed');
      expect(dialogOf(el), 'dialog removed').to.equal(null);
    });

    it('close() closes it with veratad-close {source: "host"}', async () => {
      const { el, log } = await openModal();
      el.close();
      expect(await onlyClose(log)).to.deep.equal({ source: 'host' });
      expect(el.phase).to.equal('closed');
      expect(dialogOf(el), 'dialog removed').to.equal(null);
    });

    it('an error that ends the session closes it (BAD TOKEN from the frame)', async () => {
      const { el, frameWindow } = await openModal();
      const failed = nextEvent(el, 'veratad-error');
      postFromFrame(frameWindow, { error: 'BAD TOKEN' });
      expect((await failed).code).to.equal('bad-token');
      expect(el.phase).to.equal('error');
      expect(dialogOf(el), 'dialog removed').to.equal(null);
      await el.updateComplete;
      expect(statusView(el)?.getAttribute('role')).to.equal('alert');
    });

    it('expiry closes it (LINK EXPIRED from the frame)', async () => {
      const { el, frameWindow } = await openModal();
      const expired = nextEvent(el, 'veratad-expired');
      postFromFrame(frameWindow, 'LINK EXPIRED');
      expect((await expired).reason).to.equal('frame');
      expect(el.phase).to.equal('expired');
      expect(dialogOf(el), 'dialog removed').to.equal(null);
    });

    it('restart() replaces it with a new dialog, closed until the new session is ready', async () => {
      const { el, dialog } = await openModal();
      const settled = el.restart();
      expect(dialog.isConnected, 'the old dialog is gone at once').to.equal(false);
      await settled;
      expect(el.phase).to.equal('ready');
      const next = dialogOf(el)!;
      expect(next !== dialog && next.open, 'a new open dialog').to.equal(true);
      expect(el.shadowRoot!.querySelectorAll('dialog').length).to.equal(1);
    });
  });

  describe('focus', () => {
    it('moves into the dialog when it opens and back to the element that had it when it closes', async () => {
      const trigger = focusedTrigger();
      const { el } = await openModal();
      expect(document.activeElement === el, 'focus is in the element').to.equal(true);
      const inside = el.shadowRoot!.activeElement;
      expect(inside !== null && dialogOf(el)!.contains(inside), 'focus is in the dialog').to.equal(true);
      const closed = nextEvent(el, 'veratad-close');
      await sendKeys({ press: 'Escape' });
      await closed;
      expect(document.activeElement === trigger, 'focus is back on the trigger').to.equal(true);
    });

    it('returns to the element that had it when the element is removed while the dialog is open', async () => {
      const trigger = focusedTrigger();
      const { el } = await openModal();
      expect(document.activeElement === el, 'focus is in the element').to.equal(true);
      el.remove();
      expect(document.activeElement === trigger, 'focus is back on the trigger').to.equal(true);
    });
  });

  describe('scrolling', () => {
    it('the page cannot scroll while it is open; overflow and scroll position come back when it closes', async () => {
      scrolledPage(300, 'auto');
      const { el } = await openModal();
      expect(document.documentElement.style.overflow).to.equal('hidden');
      await wheelDown();
      await twoFrames();
      expect(scrollY, 'the wheel did not scroll the page').to.equal(300);
      // A script of the page jumps to the top while the dialog is open: closing puts the page back.
      scrollTo(0, 0);
      const closed = nextEvent(el, 'veratad-close');
      await sendKeys({ press: 'Escape' });
      await closed;
      expect(document.documentElement.style.overflow).to.equal('auto');
      expect(scrollY).to.equal(300);

      // The same wheel scrolls the page now.
      const scrolled = new Promise((resolve) => addEventListener('scroll', resolve, { once: true }));
      await wheelDown();
      await scrolled;
      expect(scrollY).to.be.above(300);
    });

    it('overflow and scroll position come back when the element is removed while it is open', async () => {
      scrolledPage(500, '');
      const { el } = await openModal();
      expect(document.documentElement.style.overflow).to.equal('hidden');
      scrollTo(0, 0);
      el.remove();
      expect(document.documentElement.style.overflow).to.equal('');
      expect(document.body.style.overflow).to.equal('');
      expect(scrollY).to.equal(500);
    });
  });

  describe('layout', () => {
    it('under 600 px wide it fills the viewport (390×844), the frame allowed full screen; screenshot saved', async () => {
      await setViewport({ width: 390, height: 844 });
      const { el, dialog, frame } = await openModal();
      const box = dialog.getBoundingClientRect();
      expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, innerWidth, innerHeight]);
      expect(frame.hasAttribute('allowfullscreen')).to.equal(true);
      const frameBox = frame.getBoundingClientRect();
      expect(frameBox.width).to.equal(innerWidth);
      expect(frameBox.bottom).to.equal(innerHeight);
      const button = closeButtonOf(el)!.getBoundingClientRect();
      expect(button.bottom <= frameBox.top, 'the close button sits above the frame').to.equal(true);
      const shot = await screenshot(`modal-${TARGET}-390x844`);
      expect(shot.signature).to.equal(PNG_SIGNATURE);
      expect(shot.bytes).to.be.above(1000);
    });

    it('at 1280 px wide it is a centred panel sized by the custom properties (1280×900); screenshot saved', async () => {
      await setViewport({ width: 1280, height: 900 });
      const { el, dialog, frame } = await openModal();
      let box = dialog.getBoundingClientRect();
      expect(box.width, '30rem by default').to.equal(480);
      expect(box.width).to.be.below(innerWidth);
      expect(Math.abs(box.left - (innerWidth - box.right)), 'centred across').to.be.below(1);
      expect(Math.abs(box.top - (innerHeight - box.bottom)), 'centred down').to.be.below(1);
      expect(frame.getBoundingClientRect().height, '--veratad-verify-height by default').to.equal(670);

      el.style.setProperty('--veratad-verify-width', '600px');
      el.style.setProperty('--veratad-verify-height', '500px');
      box = dialog.getBoundingClientRect();
      expect(box.width).to.equal(600);
      expect(frame.getBoundingClientRect().height).to.equal(500);
      expect(Math.abs(box.left - (innerWidth - box.right)), 'centred across').to.be.below(1);
      const shot = await screenshot(`modal-${TARGET}-1280x900`);
      expect(shot.signature).to.equal(PNG_SIGNATURE);
      expect(shot.bytes).to.be.above(1000);
    });
  });

  it('is accessible with the dialog open', async () => {
    const { el, dialog } = await openModal();
    expect(dialog.open).to.equal(true);
    await expect(el).to.be.accessible();
  });

  describe('other modes', () => {
    for (const display of [undefined, 'inline']) {
      it(`display=${display ?? '(absent)'} keeps the frame inline: no dialog, no allowfullscreen, page left alone`, async () => {
        const attrs: Record<string, string> = display ? { display } : {};
        const { el, ready } = mount({ plan: [linkAnswer()], attrs });
        await ready;
        expect(dialogOf(el)).to.equal(null);
        const frame = linkFrame(el)!;
        expect(frame.parentNode === el.shadowRoot, 'the frame is in the shadow root').to.equal(true);
        expect(frame.hasAttribute('allowfullscreen')).to.equal(false);
        expect(document.documentElement.style.overflow).to.equal('');
      });
    }

    it('display has no effect in SDK mode: the Web SDK opens its own overlay, no dialog', async () => {
      const { el, ready } = mount({ attrs: { display: 'modal' } });
      expect(await ready).to.deep.equal({ mode: 'sdk' });
      expect(onlyModal().opened).to.equal(1);
      expect(sdkFrameCount()).to.equal(1);
      expect(dialogOf(el)).to.equal(null);
      expect(document.documentElement.style.overflow).to.equal('');
    });
  });
});
