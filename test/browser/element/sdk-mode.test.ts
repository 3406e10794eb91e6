import { expect } from '@open-wc/testing';
import type { Phase, VeratadEventName } from '../../../src/events.js';
import { useFakeClock } from '../support/clock.js';
import { EventLog, mount, nextEvent, sdkFrameCount, viewButton, type MountOptions } from '../support/element.js';
import { uniqueKey, veratadBody } from '../support/endpoint.js';
import {
  CALLBACK_NAMES,
  callback,
  fakeSdk,
  fakeSdkOpens,
  onlyModal,
  scriptLoaded,
  scriptsWithSrc,
  sdkWindow,
  stylesheetsWithHref,
} from '../support/fake-sdk.js';

// SDK mode: a token answer without `link`, shown through a fake Veratad Web SDK (fixtures/fake-sdk.js).

const FIXTURES = '/test/browser/fixtures';

/** An SDK-mode element (mount() gives each one its own SDK URLs unless `attrs` sets sdk-src / sdk-css). */
function mountSdk(options: MountOptions & { src?: string; css?: string } = {}) {
  const { src, css, ...rest } = options;
  const attrs = { ...rest.attrs };
  if (src) attrs['sdk-src'] = src;
  if (css) attrs['sdk-css'] = css;
  const mounted = mount({ ...rest, attrs });
  return { ...mounted, src: mounted.sdkSrc, css: mounted.sdkCss };
}

describe('SDK mode', () => {
  describe('loading the Web SDK', () => {
    it('adds sdk-css and sdk-src to document.head once per URL, even across two sequential mounts', async () => {
      const first = mountSdk();
      await first.ready;
      expect(scriptsWithSrc(first.src).length).to.equal(1);
      expect(stylesheetsWithHref(first.css).length).to.equal(1);
      first.el.remove();

      const second = mountSdk({ src: first.src, css: first.css });
      await second.ready;
      expect(scriptsWithSrc(first.src).length).to.equal(1);
      expect(stylesheetsWithHref(first.css).length).to.equal(1);
      expect(fakeSdk().loads).to.equal(1);
      expect(fakeSdk().modals).to.have.length(2);
    });

    it('reuses a window.veratad.modal that is already on the page and adds no script', async () => {
      const built: Array<Record<string, unknown>> = [];
      class PreloadedModal {
        constructor(readonly options: Record<string, unknown>) {
          built.push(options);
        }
        open() {
          (this.options.onOpen as () => void)();
        }
        destroy() {}
      }
      sdkWindow().veratad = { modal: PreloadedModal };
      const { ready, src } = mountSdk();
      expect(await ready).to.deep.equal({ mode: 'sdk' });
      expect(built).to.have.length(1);
      expect(scriptsWithSrc(src).length).to.equal(0);
      expect(sdkWindow().__fakeSdk).to.equal(undefined);
    });

    it('a script that fails to load (404) gives sdk-load, and "Try again" adds the script again', async () => {
      const key = uniqueKey('sdk');
      const src = `${FIXTURES}/missing-sdk.js?t=${key}`;
      const added: HTMLScriptElement[] = [];
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof HTMLScriptElement && node.getAttribute('src') === src) added.push(node);
          }
        }
      });
      observer.observe(document.head, { childList: true });
      try {
        const { el, log, requests } = mountSdk({ key, src });
        const error = await nextEvent(el, 'veratad-error');
        expect(error.code).to.equal('sdk-load');
        expect(error.retryable).to.equal(true);
        expect(el.phase).to.equal('error');
        expect(sdkFrameCount()).to.equal(0);
        expect(added.length).to.equal(1);

        await el.updateComplete;
        const button = viewButton(el);
        expect(button?.textContent).to.equal('Try again');
        const again = nextEvent(el, 'veratad-error');
        button!.click();
        expect((await again).code).to.equal('sdk-load');
        expect(added.length).to.equal(2);
        expect(await requests()).to.have.length(2);
        expect(log.of('veratad-ready')).to.have.length(0);
      } finally {
        observer.disconnect();
      }
    });
  });

  describe('building the session', () => {
    it('adds a hidden light-DOM <iframe id="veratad-frame" allow="camera" scrolling="no"> before open() is called', async () => {
      const { el, ready } = mountSdk();
      await ready;
      const modal = onlyModal();
      expect(modal.opened).to.equal(1);
      const frame = modal.frameAtOpen;
      expect(frame instanceof HTMLIFrameElement, 'an iframe at open()').to.equal(true);
      expect(frame!.parentNode === el, 'the frame is a light-DOM child of the element').to.equal(true);
      expect(frame!.getAttribute('allow')).to.equal('camera');
      expect(frame!.getAttribute('scrolling')).to.equal('no');
      expect(frame!.style.display).to.equal('none');
      expect(getComputedStyle(frame!).display).to.equal('none');
      expect(sdkFrameCount()).to.equal(1);
      expect(el.shadowRoot!.querySelector('iframe') === null, 'no shadow-DOM iframe').to.equal(true);
    });

    it('new veratad.modal gets the token, every SDK parameter mapped from its attribute, and all eleven callbacks', async () => {
      const token = crypto.randomUUID();
      const { ready } = mountSdk({
        plan: [{ body: veratadBody(token) }],
        attrs: {
          'first-name': 'Ada',
          'last-name': 'Lovelace',
          address: '12 St James Square',
          city: 'London',
          state: 'LND',
          zip: 'SW1Y 4JH',
          dob: '18151210',
          email: 'ada@example.com',
          phone: '+441234567890',
          country: 'GB',
          reference: 'order-77',
          language: 'en',
          'style-token': 'style-1',
          international: '',
          qr: '',
          'email-fallback': '',
          'bypass-desktop-intro': '',
        },
      });
      await ready;
      const { options } = onlyModal();
      const params = Object.fromEntries(Object.entries(options).filter(([, value]) => typeof value !== 'function'));
      expect(params).to.deep.equal({
        token,
        fn: 'Ada',
        ln: 'Lovelace',
        addr: '12 St James Square',
        city: 'London',
        state: 'LND',
        zip: 'SW1Y 4JH',
        dob: '18151210',
        email: 'ada@example.com',
        phone: '+441234567890',
        country: 'GB',
        reference: 'order-77',
        language: 'en',
        styleToken: 'style-1',
        international: true,
        qr: true,
        email_fallback: true,
        bypassDesktopIntro: true,
      });
      const callbacks = Object.keys(options).filter((name) => typeof options[name] === 'function');
      expect(callbacks).to.have.members(CALLBACK_NAMES);
    });

    it("merges the options in the order sdkOptions < attributes < the server answer's options", async () => {
      const resultMessages = { success: { verificationSuccessTitle: 'Done' } };
      const { ready } = mountSdk({
        plan: [{ body: { token: 'tok-merge', options: { fn: 'Server', extra: 'from-server' } } }],
        attrs: { 'first-name': 'Attribute', 'last-name': 'Attribute' },
        props: {
          sdkOptions: { fn: 'Options', ln: 'Options', language: 'fr', resultMessages, additionalData: '{"a":1}' },
        },
      });
      await ready;
      const { options } = onlyModal();
      expect(options.fn).to.equal('Server');
      expect(options.ln).to.equal('Attribute');
      expect(options.language).to.equal('fr');
      expect(options.resultMessages).to.deep.equal(resultMessages);
      expect(options.additionalData).to.equal('{"a":1}');
      expect(options.extra).to.equal('from-server');
      expect(options.token).to.equal('tok-merge');
    });

    it('restarts once when sdkOptions changes while connected, and not for an equal new object', async () => {
      const { el, ready, requests } = mountSdk({ props: { sdkOptions: { language: 'en' } } });
      await ready;
      el.sdkOptions = { language: 'en' };
      await el.updateComplete;
      expect(await requests(), 'an equal object (a framework re-render) restarts nothing').to.have.length(1);

      const restarted = nextEvent(el, 'veratad-ready');
      el.sdkOptions = { language: 'fr' };
      await restarted;
      expect(await requests(2)).to.have.length(2);
      const { modals } = fakeSdk();
      expect(modals.map((modal) => modal.options.language)).to.deep.equal(['en', 'fr']);
      expect(modals[0].destroyed).to.equal(1);
    });

    it('compares sdkOptions that JSON cannot write by identity', async () => {
      const cyclic: Record<string, unknown> = { language: 'en' };
      cyclic.self = cyclic;
      const { el, ready, requests } = mountSdk({ props: { sdkOptions: cyclic } });
      await ready;
      el.sdkOptions = cyclic;
      el.requestUpdate();
      await el.updateComplete;
      expect(await requests()).to.have.length(1);
      const restarted = nextEvent(el, 'veratad-ready');
      el.sdkOptions = { ...cyclic };
      await restarted;
      expect(await requests(2)).to.have.length(2);
    });

    it('onOpen fires veratad-ready {mode: "sdk"} and sets phase ready', async () => {
      const { el, log, ready } = mountSdk();
      expect(el.phase).to.equal('loading');
      expect(await ready).to.deep.equal({ mode: 'sdk' });
      expect(el.phase).to.equal('ready');
      expect(el.getAttribute('phase')).to.equal('ready');
      expect(log.of('veratad-token')[0].mode).to.equal('sdk');
      expect(log.of('veratad-ready')).to.have.length(1);
    });
  });

  describe('callbacks', () => {
    interface CallbackCase {
      callback: string;
      event: VeratadEventName;
      detail: Record<string, unknown>;
      phase: Phase;
      tearsDown: boolean;
    }
    const cases: CallbackCase[] = [
      {
        callback: 'onSuccess',
        event: 'veratad-status',
        detail: { status: 'PASS', source: 'sdk' },
        phase: 'complete',
        tearsDown: false,
      },
      {
        callback: 'onFailure',
        event: 'veratad-status',
        detail: { status: 'FAIL', source: 'sdk' },
        phase: 'complete',
        tearsDown: false,
      },
      { callback: 'onEmail', event: 'veratad-step', detail: { step: 'EMAIL' }, phase: 'ready', tearsDown: false },
      { callback: 'onQr', event: 'veratad-step', detail: { step: 'QR' }, phase: 'ready', tearsDown: false },
      { callback: 'onClose', event: 'veratad-close', detail: { source: 'user' }, phase: 'closed', tearsDown: true },
      { callback: 'onError', event: 'veratad-error', detail: { code: 'session' }, phase: 'ready', tearsDown: false },
      {
        callback: 'onErrorToken',
        event: 'veratad-error',
        detail: { code: 'bad-token' },
        phase: 'error',
        tearsDown: true,
      },
      {
        callback: 'onErrorPending',
        event: 'veratad-error',
        detail: { code: 'pending' },
        phase: 'ready',
        tearsDown: false,
      },
      {
        callback: 'onErrorAlreadyVerified',
        event: 'veratad-error',
        detail: { code: 'already-verified' },
        phase: 'ready',
        tearsDown: false,
      },
      {
        callback: 'onErrorVelocity',
        event: 'veratad-error',
        detail: { code: 'velocity' },
        phase: 'ready',
        tearsDown: false,
      },
    ];

    for (const c of cases) {
      const what =
        c.event === 'veratad-error'
          ? `veratad-error ${String(c.detail.code)}`
          : `${c.event} ${JSON.stringify(c.detail)}`;
      const effect = c.tearsDown
        ? `phase ${c.phase}, modal destroyed and frame removed`
        : `phase ${c.phase}, session left in place`;
      it(`${c.callback} → ${what}; ${effect}`, async () => {
        const { el, log, ready } = mountSdk();
        await ready;
        const modal = onlyModal();
        const before = log.events.length;
        callback(modal, c.callback);
        const fired = log.events.slice(before);
        expect(fired.map((e) => e.type)).to.deep.equal([c.event]);
        const detail = fired[0].detail as Record<string, unknown>;
        if (c.event === 'veratad-error') {
          expect(detail.code).to.equal(c.detail.code);
          expect(detail.message).to.be.a('string').and.not.equal('');
          expect(detail.retryable).to.be.a('boolean');
        } else {
          expect(detail).to.deep.equal(c.detail);
        }
        expect(el.phase).to.equal(c.phase);
        expect(el.getAttribute('phase')).to.equal(c.phase);
        expect(modal.destroyed).to.equal(c.tearsDown ? 1 : 0);
        expect(sdkFrameCount()).to.equal(c.tearsDown ? 0 : 1);
      });
    }

    it('veratad-status, veratad-step and veratad-close bubble and are composed', async () => {
      const { ready } = mountSdk();
      await ready;
      const modal = onlyModal();
      const seen: Event[] = [];
      const record = (event: Event) => seen.push(event);
      for (const name of ['veratad-step', 'veratad-status', 'veratad-close'] as const)
        document.addEventListener(name, record);
      try {
        callback(modal, 'onEmail');
        callback(modal, 'onSuccess');
        callback(modal, 'onClose');
      } finally {
        for (const name of ['veratad-step', 'veratad-status', 'veratad-close'] as const)
          document.removeEventListener(name, record);
      }
      expect(seen.map((e) => e.type)).to.deep.equal(['veratad-step', 'veratad-status', 'veratad-close']);
      for (const event of seen) {
        expect(event.bubbles).to.equal(true);
        expect(event.composed).to.equal(true);
      }
    });
  });

  describe('failures', () => {
    it('a second live SDK-mode element gets invalid-config, and the first keeps its session', async () => {
      const first = mountSdk();
      await first.ready;
      const second = mountSdk({ src: first.src, css: first.css });
      const error = await nextEvent(second.el, 'veratad-error');
      expect(error.code).to.equal('invalid-config');
      expect(second.el.phase).to.equal('error');
      expect(first.el.phase).to.equal('ready');
      expect(sdkFrameCount()).to.equal(1);
      expect(fakeSdk().modals).to.have.length(1);
      expect(second.log.of('veratad-ready')).to.have.length(0);

      second.el.remove();
      first.el.remove();
      const third = mountSdk({ src: first.src, css: first.css });
      await third.ready;
      expect(sdkFrameCount()).to.equal(1);
    });

    it('open() throwing gives sdk-load and leaves no #veratad-frame', async () => {
      fakeSdkOpens('throw');
      const { el, log } = mountSdk();
      const error = await nextEvent(el, 'veratad-error');
      expect(error.code).to.equal('sdk-load');
      expect(el.phase).to.equal('error');
      expect(sdkFrameCount()).to.equal(0);
      expect(onlyModal().opened).to.equal(1);
      expect(log.of('veratad-ready')).to.have.length(0);
    });

    it('frame-timeout="300" with a modal that never opens gives frame-timeout after 300 ms and tears down', async () => {
      const clock = useFakeClock();
      fakeSdkOpens('silent');
      const { el, log, src } = mountSdk({ attrs: { 'frame-timeout': '300' } });
      await nextEvent(el, 'veratad-token');
      await scriptLoaded(src);
      const modal = onlyModal();
      expect(modal.opened).to.equal(1);
      await clock.tick(299);
      expect(el.phase).to.equal('loading');
      await clock.tick(1);
      const [error] = log.of('veratad-error');
      expect(error.code).to.equal('frame-timeout');
      expect(error.retryable).to.equal(true);
      expect(el.phase).to.equal('error');
      expect(log.of('veratad-ready')).to.have.length(0);
      expect(modal.destroyed).to.equal(1);
      expect(sdkFrameCount()).to.equal(0);
    });

    it('an unexpected failure (not one of ours) is invalid-response, says it was unexpected and keeps its cause', async () => {
      const boom = new Error('boom');
      const sdkOptions = new Proxy(
        {},
        {
          ownKeys() {
            throw boom;
          },
        },
      );
      const { el, log } = mountSdk({ props: { sdkOptions } });
      const error = await nextEvent(el, 'veratad-error');
      expect(error.code).to.equal('invalid-response');
      expect(error.retryable).to.equal(false);
      expect(error.cause).to.equal(boom);
      expect(error.message).to.contain('unexpectedly');
      expect(error.message, "the cause's own text stays out of the message").to.not.contain('boom');
      expect(el.phase).to.equal('error');
      expect(log.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-error']);
      expect(sdkFrameCount()).to.equal(0);
    });
  });

  describe('teardown', () => {
    it('disconnect destroys the modal and removes the frame; a late callback fires no event', async () => {
      const { el, ready } = mountSdk();
      await ready;
      const modal = onlyModal();
      el.remove();
      expect(modal.destroyed).to.equal(1);
      expect(sdkFrameCount()).to.equal(0);
      expect(el.querySelector('iframe') === null, 'no iframe left in the element').to.equal(true);
      expect(el.phase).to.equal('idle');

      const onElement = new EventLog(el);
      const onDocument = new EventLog(document);
      for (const name of CALLBACK_NAMES) callback(modal, name);
      expect(onElement.events).to.have.length(0);
      expect(onDocument.events).to.have.length(0);
      expect(el.phase).to.equal('idle');
    });

    it('disconnecting while the SDK script is still loading builds no modal and frees SDK mode for another element', async () => {
      const first = mountSdk();
      await nextEvent(first.el, 'veratad-token');
      expect(scriptsWithSrc(first.src).length).to.equal(1);
      first.el.remove();
      await scriptLoaded(first.src);
      expect(fakeSdk().loads).to.equal(1);
      expect(fakeSdk().modals).to.have.length(0);
      expect(sdkFrameCount()).to.equal(0);
      expect(first.log.of('veratad-ready')).to.have.length(0);

      const second = mountSdk({ src: first.src, css: first.css });
      expect(await second.ready).to.deep.equal({ mode: 'sdk' });
      expect(fakeSdk().modals).to.have.length(1);
    });

    it('close() while the SDK script is still loading builds no modal: phase closed, only veratad-close', async () => {
      const { el, log, src } = mountSdk();
      await nextEvent(el, 'veratad-token');
      expect(scriptsWithSrc(src).length).to.equal(1);
      el.close();
      await scriptLoaded(src);
      expect(fakeSdk().loads).to.equal(1);
      expect(fakeSdk().modals).to.have.length(0);
      expect(sdkFrameCount()).to.equal(0);
      expect(el.phase).to.equal('closed');
      expect(log.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-close']);
    });

    it('close() inside a veratad-token listener stops the session: no modal, no frame-timeout later', async () => {
      const clock = useFakeClock();
      const { el, log, src } = mountSdk({ attrs: { 'frame-timeout': '200' } });
      el.addEventListener('veratad-token', () => el.close(), { once: true });
      await nextEvent(el, 'veratad-close');
      expect(clock.pending(), 'no timer left').to.equal(0);
      await clock.tick(10_000);
      expect(scriptsWithSrc(src).length, 'the SDK script is not even requested').to.equal(0);
      expect(sdkFrameCount()).to.equal(0);
      expect(el.phase).to.equal('closed');
      expect(log.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-close']);
    });

    it('a frame-timeout while the SDK script is still loading stays an error: the late script opens no modal', async () => {
      const clock = useFakeClock();
      const { el, log, src, css } = mountSdk({ attrs: { 'frame-timeout': '100' } });
      await nextEvent(el, 'veratad-token');
      // The script tag is in, but loading it takes at least a task: time runs out first.
      clock.tickSync(100);
      expect(log.of('veratad-error').map((error) => error.code)).to.deep.equal(['frame-timeout']);
      await scriptLoaded(src);
      expect(fakeSdk().loads).to.equal(1);
      expect(fakeSdk().modals).to.have.length(0);
      expect(sdkFrameCount()).to.equal(0);
      expect(el.phase).to.equal('error');
      expect(log.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-error']);

      // SDK mode is free again: another element gets its session.
      el.remove();
      const other = mountSdk({ src, css });
      expect(await other.ready).to.deep.equal({ mode: 'sdk' });
      expect(fakeSdk().modals).to.have.length(1);
    });

    it('close() fires veratad-close {source: "host"}, destroys the modal and shows the closed view', async () => {
      const { el, log, ready } = mountSdk();
      await ready;
      const modal = onlyModal();
      el.close();
      expect(log.of('veratad-close')).to.deep.equal([{ source: 'host' }]);
      expect(el.phase).to.equal('closed');
      expect(modal.destroyed).to.equal(1);
      expect(sdkFrameCount()).to.equal(0);
      await el.updateComplete;
      expect(viewButton(el)?.textContent).to.equal('Start again');
    });

    it('restart() tears down and builds a fresh modal with a new token (two requests)', async () => {
      const { el, log, requests, ready } = mountSdk({
        plan: [{ body: veratadBody('tok-first') }, { body: veratadBody('tok-second') }],
      });
      await ready;
      const first = onlyModal();
      await el.restart();
      expect(el.phase).to.equal('ready');
      const { modals } = fakeSdk();
      expect(modals).to.have.length(2);
      expect(first.destroyed).to.equal(1);
      expect(first.options.token).to.equal('tok-first');
      expect(modals[1].options.token).to.equal('tok-second');
      expect(modals[1].destroyed).to.equal(0);
      expect(sdkFrameCount()).to.equal(1);
      expect(log.of('veratad-ready')).to.have.length(2);
      expect(await requests()).to.have.length(2);
    });
  });

  it('the token never appears in an event detail, an attribute, the outerHTML, the shadow DOM or the console', async () => {
    const everything = new EventLog(document);
    const logged: unknown[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back as they were
    const originals = methods.map((name) => console[name]);
    for (const name of methods) console[name] = (...args: unknown[]) => void logged.push(...args);
    try {
      const { el, ready } = mountSdk();
      await ready;
      const modal = onlyModal();
      const token = modal.options.token as string;
      expect(token).to.be.a('string').with.length.above(8);
      callback(modal, 'onEmail');
      callback(modal, 'onQr');
      callback(modal, 'onError');
      callback(modal, 'onSuccess');
      await el.updateComplete;
      const texts = [
        JSON.stringify(everything.events),
        el.outerHTML,
        el.shadowRoot!.innerHTML,
        el.shadowRoot!.textContent ?? '',
        document.documentElement.outerHTML,
        ...logged.map((arg) => (typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? String(arg)))),
      ];
      for (const node of [el, ...el.querySelectorAll('*')]) {
        for (const name of node.getAttributeNames()) texts.push(node.getAttribute(name) ?? '');
      }
      for (const text of texts) expect(text.includes(token), text.slice(0, 120)).to.equal(false);
      el.close();
      expect(JSON.stringify(everything.events).includes(token)).to.equal(false);
    } finally {
      methods.forEach((name, i) => (console[name] = originals[i]!));
    }
  });
});
