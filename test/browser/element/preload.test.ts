import { expect } from '@open-wc/testing';
import { VeratadVerify, preloadVeratad } from '../../../src/index.js';
import { mount, nextEvent, type MountOptions } from '../support/element.js';
import { fakeFrameLink, linkAnswer, tokenUrl, uniqueKey } from '../support/endpoint.js';
import { fakeSdk, scriptsWithSrc, stylesheetsWithHref } from '../support/fake-sdk.js';
import { afterThisTest } from '../support/teardown.js';

// Loading fast: `preload` (the Web SDK downloads in the task of the token request), VeratadVerify.preload() /
// preloadVeratad (the same before any element exists) and the preconnect hints added at connect. Overlap is
// proven by the ORDER in which requests reach the test server (server/middleware.mjs's /api/order), never by time.

const FIXTURES = '/test/browser/fixtures';
/** Another origin than the page's (localhost next to 127.0.0.1), served by the same test server. */
const OTHER_ORIGIN = new URL(fakeFrameLink()).origin;

/** What reached the test server for `key`, in order (token-request, token-answer, sdk-script, sdk-css). */
async function orderFor(key: string): Promise<string[]> {
  return (await (await fetch(`/api/order?${new URLSearchParams({ key })}`)).json()) as string[];
}

/** The fake SDK's URLs for `key`: the server notes their requests under that key. */
function sdkUrls(key: string, origin = '') {
  return { src: `${origin}${FIXTURES}/fake-sdk.js?t=${key}`, css: `${origin}${FIXTURES}/fake-sdk.css?t=${key}` };
}

function withSdk(options: MountOptions & { src: string; css: string; preload?: boolean }) {
  const { src, css, preload, ...rest } = options;
  const attrs: Record<string, string> = { ...rest.attrs, 'sdk-src': src, 'sdk-css': css };
  if (preload) attrs.preload = '';
  return mount({ ...rest, attrs });
}

describe('loading fast', () => {
  describe('the preload attribute', () => {
    it('requests the SDK script while the token request waits: the token is answered only after it arrived', async () => {
      const key = uniqueKey('pre');
      const { src, css } = sdkUrls(key);
      const { el, ready, log } = withSdk({
        key,
        plan: [{ awaitSdk: true }],
        src,
        css,
        preload: true,
        attrs: { retries: '0' },
      });
      expect(el.preload).to.equal(true);
      expect(await ready).to.deep.equal({ mode: 'sdk' });
      const order = await orderFor(key);
      expect(order.indexOf('token-request')).to.be.at.least(0);
      expect(order.indexOf('sdk-script'), order.join(', ')).to.be.below(order.indexOf('token-answer'));
      expect(order.indexOf('sdk-css'), order.join(', ')).to.be.below(order.indexOf('token-answer'));
      // The session used the preloaded script: one of each element, one run of the script, one modal.
      expect(scriptsWithSrc(src)).to.have.length(1);
      expect(stylesheetsWithHref(css)).to.have.length(1);
      expect(fakeSdk().loads).to.equal(1);
      expect(fakeSdk().modals).to.have.length(1);
      expect(log.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-ready']);
    });

    it('without it, SDK mode requests the script only after the token answer left the server', async () => {
      const key = uniqueKey('serial');
      const { src, css } = sdkUrls(key);
      const { el, ready } = withSdk({ key, src, css });
      expect(el.preload).to.equal(false);
      await ready;
      const order = await orderFor(key);
      expect(order.indexOf('token-answer'), order.join(', ')).to.be.below(order.indexOf('sdk-script'));
    });

    it('without it, link mode makes no SDK request at all', async () => {
      const key = uniqueKey('link');
      const { src, css } = sdkUrls(key);
      const { ready } = withSdk({ key, plan: [linkAnswer()], src, css });
      expect(await ready).to.deep.equal({ mode: 'link' });
      expect(scriptsWithSrc(src)).to.have.length(0);
      expect(stylesheetsWithHref(css)).to.have.length(0);
      expect(await orderFor(key)).to.deep.equal(['token-request', 'token-answer']);
    });

    it('VeratadVerify.preload() before, then three elements with preload in one task: one script and one stylesheet', async () => {
      const key = uniqueKey('many');
      const { src, css } = sdkUrls(key);
      const early = [VeratadVerify.preload({ sdkSrc: src, sdkCss: css }), preloadVeratad({ sdkSrc: src, sdkCss: css })];
      const sdk = withSdk({ src, css, preload: true });
      const links = [1, 2].map(() => withSdk({ plan: [linkAnswer()], src, css, preload: true }));
      expect(await Promise.all(early)).to.deep.equal([undefined, undefined]);
      await Promise.all([sdk.ready, ...links.map((link) => link.ready)]);
      expect(scriptsWithSrc(src)).to.have.length(1);
      expect(stylesheetsWithHref(css)).to.have.length(1);

      // Mounted again after a removal: the same script serves the second session.
      sdk.el.remove();
      const again = withSdk({ src, css, preload: true });
      await again.ready;
      expect(scriptsWithSrc(src)).to.have.length(1);
      expect(stylesheetsWithHref(css)).to.have.length(1);
      expect(fakeSdk().loads).to.equal(1);
      expect(fakeSdk().modals).to.have.length(2);
      expect((await orderFor(key)).filter((what) => what === 'sdk-script')).to.have.length(1);
    });
  });

  describe('VeratadVerify.preload()', () => {
    it('resolves once the SDK has run, with no element on the page', async () => {
      const { src, css } = sdkUrls(uniqueKey('static'));
      const loaded = VeratadVerify.preload({ sdkSrc: src, sdkCss: css });
      expect(scriptsWithSrc(src)).to.have.length(1);
      expect(stylesheetsWithHref(css)).to.have.length(1);
      expect(await loaded).to.equal(undefined);
      expect(fakeSdk().loads).to.equal(1);
      expect(document.querySelector('veratad-verify')).to.equal(null);
    });

    it('resolves when the script fails, reporting nothing; an element then loads it again and reports sdk-load', async () => {
      const key = uniqueKey('fail');
      const src = `${FIXTURES}/missing-sdk.js?t=${key}`;
      const { css } = sdkUrls(key);
      expect(await VeratadVerify.preload({ sdkSrc: src, sdkCss: css })).to.equal(undefined);
      expect(scriptsWithSrc(src)).to.have.length(0);

      const added: Node[] = [];
      const observer = new MutationObserver((records) => records.forEach((r) => added.push(...r.addedNodes)));
      observer.observe(document.head, { childList: true });
      afterThisTest(() => observer.disconnect());
      const { el, log } = withSdk({ key, src, css });
      expect((await nextEvent(el, 'veratad-error')).code).to.equal('sdk-load');
      expect(
        added.filter((node) => node instanceof HTMLScriptElement && node.getAttribute('src') === src),
      ).to.have.length(1);
      expect(log.of('veratad-error')).to.have.length(1);
    });
  });

  describe('preconnect hints', () => {
    /** The preconnect hints in document.head, as [href, crossorigin attribute]. */
    const hints = () =>
      [...document.head.querySelectorAll('link[rel="preconnect"]')].map((l) => [
        l.getAttribute('href'),
        l.getAttribute('crossorigin'),
      ]);

    beforeEach(() => {
      afterThisTest(() => document.head.querySelectorAll('link[rel="preconnect"]').forEach((l) => l.remove()));
    });

    it('one for a token-url on another origin (crossorigin as the fetch: anonymous, or use-credentials with credentials=include); none for the page origin', () => {
      const held = JSON.stringify([{ hold: true }]);
      const url = `${OTHER_ORIGIN}/api/token?key=${uniqueKey('x')}&plan=${encodeURIComponent(held)}`;
      const first = mount({ tokenUrl: url });
      const second = mount({ tokenUrl: url });
      const credentialed = mount({ tokenUrl: url, attrs: { credentials: 'include' } });
      const sameOrigin = mount({ plan: [{ hold: true }] });
      // Removed in the task that sent the requests: the cross-origin POSTs are aborted before they leave.
      [first, second, credentialed, sameOrigin].forEach(({ el }) => el.remove());
      expect(hints()).to.deep.equal([
        [OTHER_ORIGIN, 'anonymous'],
        [OTHER_ORIGIN, 'use-credentials'],
      ]);
    });

    it('one per frame-origins entry, and for the SDK origin only with preload (no crossorigin: a frame, a script)', () => {
      const other = 'http://127.0.0.2:1';
      const key = uniqueKey('hint');
      const { src, css } = sdkUrls(key, OTHER_ORIGIN);
      afterThisTest(() =>
        document.head
          .querySelectorAll(`[src^="${OTHER_ORIGIN}"], [href^="${OTHER_ORIGIN}/test"]`)
          .forEach((n) => n.remove()),
      );
      withSdk({ plan: [{ hold: true }], src, css, attrs: { 'frame-origins': `${other} ${other}/` } });
      expect(hints()).to.deep.equal([[other, null]]);
      withSdk({ plan: [{ hold: true }], src, css, preload: true });
      expect(hints()).to.deep.equal([
        [other, null],
        [OTHER_ORIGIN, null],
      ]);
    });

    it('never duplicated, also not a hint the host wrote itself, and left in place on disconnect', async () => {
      const own = document.createElement('link');
      own.rel = 'preconnect';
      own.href = OTHER_ORIGIN;
      document.head.append(own);
      const attrs = { 'frame-origins': OTHER_ORIGIN };
      const { el, ready } = mount({ plan: [linkAnswer()], attrs });
      const second = mount({ plan: [linkAnswer()], attrs });
      expect(hints()).to.deep.equal([[OTHER_ORIGIN, null]]);
      await Promise.all([ready, second.ready]);
      el.remove();
      second.el.remove();
      mount({ tokenUrl: tokenUrl(uniqueKey(), [{ hold: true }]), attrs: { 'frame-origins': 'http://127.0.0.2:1' } });
      expect(hints()).to.deep.equal([
        [OTHER_ORIGIN, null],
        ['http://127.0.0.2:1', null],
      ]);
    });
  });
});
