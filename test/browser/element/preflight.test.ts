import { expect } from '@open-wc/testing';
import type { VeratadPreflightDetail } from '../../../src/events.js';
import { de } from '../../../src/locales/de.js';
import { ENGLISH } from '../../../src/strings.js';
import { TARGET, mount, nextEvent, type MountOptions } from '../support/element.js';
import { linkAnswer } from '../support/endpoint.js';
import { afterThisTest } from '../support/teardown.js';

// The camera preflight in real Chromium, launched with a fake camera (web-test-runner.config.mjs). The permission
// states (ok, prompt, denied) are set through the DevTools protocol, which takes effect only in a browser context
// of one's own: they are proved in test/e2e/camera-permission.test.ts. The advice line is shown here through an
// in-app browser's user agent.

const INSTAGRAM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 327.0.0.22.106 (iPhone15,2; iOS 17_4; en_US; en; scale=3.00; 1179x2556; 596183432)';

/** Gives `navigator.userAgent` Instagram's in-app browser's value for this test. */
function pretendInstagram(): void {
  Object.defineProperty(navigator, 'userAgent', { value: INSTAGRAM_UA, configurable: true });
  afterThisTest(() => delete (navigator as { userAgent?: string }).userAgent);
}

/** Mounts an element whose token request is held (the preflight needs no session) and returns its preflight. */
async function preflightOf(options: MountOptions = {}) {
  const mounted = mount({ plan: [{ hold: true }], ...options });
  const detail = await nextEvent(mounted.el, 'veratad-preflight');
  await mounted.el.updateComplete;
  return { ...mounted, detail };
}

const advice = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('[part="advice"]');

/** The preflight of a page in a frame (a page of its own: its own policy, its own origin). */
function preflightInFrame(src: string): Promise<VeratadPreflightDetail> {
  const frame = document.createElement('iframe');
  frame.src = src;
  afterThisTest(() => frame.remove());
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<{ preflight?: VeratadPreflightDetail }>) => {
      if (event.source !== frame.contentWindow || !event.data?.preflight) return;
      window.removeEventListener('message', onMessage);
      resolve(event.data.preflight);
    };
    window.addEventListener('message', onMessage);
    document.body.append(frame);
  });
}

describe('camera preflight', () => {
  it('a camera never asked for, on this secure page, gives "prompt" and no advice', async () => {
    const { el, detail } = await preflightOf();
    expect(detail).to.deep.equal({ camera: 'prompt', secure: true });
    expect(advice(el) === null, 'no advice').to.equal(true);
  });

  it('the advice mentions the QR code when qr is set', async () => {
    pretendInstagram();
    const { el } = await preflightOf({ attrs: { qr: '' } });
    expect(advice(el)!.textContent).to.equal(`${ENGLISH.adviceInApp} ${ENGLISH.adviceQr}`);
  });

  it('`strings` and a locale replace the advice texts', async () => {
    pretendInstagram();
    const strings = { adviceInApp: 'Abre esta página en tu navegador.', adviceQr: 'O escanea el código QR.' };
    const { el } = await preflightOf({ attrs: { qr: '' }, props: { strings } });
    expect(advice(el)!.textContent).to.equal('Abre esta página en tu navegador. O escanea el código QR.');
    el.strings = de;
    await el.updateComplete;
    expect(advice(el)!.textContent).to.equal(`${de.adviceInApp} ${de.adviceQr}`);
  });

  it('preflight="silent" fires the event but shows no advice line', async () => {
    pretendInstagram();
    const { el, detail } = await preflightOf({ attrs: { preflight: 'silent' } });
    expect(detail.inApp).to.equal('instagram');
    expect(advice(el) === null, 'no advice').to.equal(true);
  });

  it('slot "advice" replaces the built-in advice line', async () => {
    pretendInstagram();
    const { el } = await preflightOf({ slotted: ['advice'] });
    const slot = advice(el)!.querySelector('slot')!;
    expect(slot.assignedElements()[0].textContent).to.equal('Custom advice view');
    expect(el.querySelector<HTMLElement>('.custom-advice')!.checkVisibility()).to.equal(true);
  });

  it('the advice line sits above the link-mode session and stays while it runs', async () => {
    pretendInstagram();
    const { el } = mount({ plan: [linkAnswer()] });
    await nextEvent(el, 'veratad-ready');
    await el.updateComplete;
    const line = advice(el)!;
    const frame = el.shadowRoot!.querySelector('iframe')!;
    expect(line.compareDocumentPosition(frame) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    expect(line.getBoundingClientRect().bottom).to.be.at.most(frame.getBoundingClientRect().top);
  });

  it('with display="modal" the advice line moves into the open dialog, above the frame, where it stays visible', async () => {
    pretendInstagram();
    const { el } = mount({ plan: [linkAnswer()], attrs: { display: 'modal' } });
    await nextEvent(el, 'veratad-ready');
    await el.updateComplete;
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    const line = advice(el)!;
    expect(line.parentNode === dialog, 'the advice is in the dialog').to.equal(true);
    expect(line.checkVisibility()).to.equal(true);
    expect(line.textContent).to.equal(ENGLISH.adviceInApp);
    const frame = dialog.querySelector('iframe')!;
    expect(line.getBoundingClientRect().bottom).to.be.at.most(frame.getBoundingClientRect().top);
    el.close();
    await el.updateComplete;
    expect(advice(el) === null, 'no advice once closed').to.equal(true);
  });

  it('fires once per session, before veratad-ready, and again for a restarted session', async () => {
    const { el, log } = mount({ plan: [linkAnswer()] });
    await nextEvent(el, 'veratad-ready');
    const types = log.types();
    expect(types.filter((type) => type === 'veratad-preflight')).to.have.length(1);
    expect(types.indexOf('veratad-preflight')).to.be.below(types.indexOf('veratad-ready'));
    await el.restart();
    expect(log.types().filter((type) => type === 'veratad-preflight')).to.have.length(2);
  });

  it('never calls getUserMedia and leaves the permission unasked', async () => {
    const media = navigator.mediaDevices;
    const original = media.getUserMedia.bind(media);
    let calls = 0;
    media.getUserMedia = (...args) => {
      calls++;
      return original(...args);
    };
    // The own property goes; the prototype's method is back.
    afterThisTest(() => delete (media as Partial<MediaDevices>).getUserMedia);
    const { el } = mount({ plan: [linkAnswer()] });
    await nextEvent(el, 'veratad-ready');
    expect(calls).to.equal(0);
    expect((await navigator.permissions.query({ name: 'camera' })).state).to.equal('prompt');
  });

  it('an Instagram in-app browser gives inApp "instagram" and the advice to open the page in a browser', async () => {
    pretendInstagram();
    const { el, detail } = await preflightOf();
    expect(detail.inApp).to.equal('instagram');
    expect(advice(el)!.textContent).to.equal(ENGLISH.adviceInApp);
  });

  it('a page served with Permissions-Policy: camera=() gives "blocked"', async () => {
    const detail = await preflightInFrame(`/preflight-page?camera=none&target=${TARGET}`);
    expect(detail).to.deep.equal({ camera: 'blocked', secure: true });
  });

  it('a plain-http page on a non-local origin gives "insecure"', async () => {
    const detail = await preflightInFrame(`http://preflight.test:${location.port}/preflight-page?target=${TARGET}`);
    expect(detail).to.deep.equal({ camera: 'insecure', secure: false });
  });

  it('a browser that lists no camera gives "no-device" and the advice to use another device', async () => {
    // The one case this machine cannot produce for real (Chromium runs with a fake camera): the device list is
    // replaced by an empty one, as on a computer without a camera.
    const media = navigator.mediaDevices;
    media.enumerateDevices = () => Promise.resolve([]);
    afterThisTest(() => delete (media as Partial<MediaDevices>).enumerateDevices);
    const { el, detail } = await preflightOf();
    expect(detail.camera).to.equal('no-device');
    expect(advice(el)!.textContent).to.equal(ENGLISH.adviceNoDevice);
  });
});
