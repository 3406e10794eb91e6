import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { VeratadVerify } from '../../../src/index.js';
import { de } from '../../../src/locales/de.js';
import { es } from '../../../src/locales/es.js';
import { fr } from '../../../src/locales/fr.js';
import { ENGLISH, type VeratadStrings } from '../../../src/strings.js';
import { mount, nextEvent, statusView, viewButton, type MountOptions } from '../support/element.js';
import { linkAnswer, type Step } from '../support/endpoint.js';
import { afterThisTest } from '../support/teardown.js';

// What the person reads: texts chosen by the element, never the developer's message; `strings` and the locales;
// a final 5xx; the look on a page with no styles of its own.

const PERSON_TEXTS = [ENGLISH.failed, ENGLISH.unavailable];

/** The error view's paragraph once `el` has failed. */
async function errorText(el: VeratadVerify): Promise<string> {
  await el.updateComplete;
  return statusView(el)!.querySelector('p')!.textContent;
}

describe('views speak to the person', () => {
  const failures: Array<[what: string, options: MountOptions]> = [
    ['a missing token-url (invalid-config)', { tokenUrl: null }],
    ['a bad timeout attribute (invalid-config)', { attrs: { timeout: '-1' } }],
    [
      'a 5xx whose message names a URL and a figure',
      {
        plan: [
          { status: 503, body: { error: { message: 'Upstream https://internal.example/x timed out after 4000 ms' } } },
        ],
      },
    ],
    [
      'a refusal with an operator message',
      { plan: [{ status: 401, body: { error: { message: 'Bad API key for ops' } } }] },
    ],
    ['an answer without a token (invalid-response)', { plan: [{ body: { hello: 'world' } }] }],
    ['an endpoint that is not JSON', { plan: [{ raw: '<html>oops</html>', type: 'text/html' }] }],
  ];
  for (const [what, options] of failures) {
    it(`${what}: the view shows a person's text, never the developer message`, async () => {
      const { el } = mount({ ...options, attrs: { retries: '0', ...options.attrs } });
      const error = await nextEvent(el, 'veratad-error');
      const text = await errorText(el);
      expect(PERSON_TEXTS).to.include(text);
      expect(text).to.equal(error.retryable ? ENGLISH.failed : ENGLISH.unavailable);
      expect(statusView(el)!.textContent).not.to.contain(error.message);
      expect(statusView(el)!.textContent).not.to.match(/https?:|\d{3,}|veratad-verify|token-url/);
    });
  }

  it('a 5xx saying {"retryable": false} is tried once, reported not retryable and shows no "Try again"', async () => {
    const final: Step = {
      status: 502,
      body: { error: { code: 'upstream-unauthorized', message: 'Veratad refused the credentials.', retryable: false } },
    };
    const { el, requests } = mount({ plan: [final], attrs: { retries: '2' } });
    const error = await nextEvent(el, 'veratad-error');
    expect(error).to.deep.include({ code: 'server', retryable: false, status: 502 });
    expect(await errorText(el)).to.equal(ENGLISH.unavailable);
    expect(viewButton(el) === null, 'no button').to.equal(true);
    expect(await requests()).to.have.length(1);
  });

  it('any other 5xx is still retried and offers "Try again"', async () => {
    const busy: Step = { status: 502, body: { error: { code: 'upstream-timeout', message: 'slow' } } };
    const { el, requests } = mount({ plan: [busy], attrs: { retries: '1' } });
    const error = await nextEvent(el, 'veratad-error');
    expect(error.retryable).to.equal(true);
    expect(await requests()).to.have.length(2);
    expect(viewButton(el)!.textContent).to.equal(ENGLISH.tryAgain);
  });
});

describe('strings and locales', () => {
  const marked = Object.fromEntries(Object.keys(ENGLISH).map((key) => [key, `«${key}»`])) as unknown as VeratadStrings;

  it('`strings` replaces the text of every view and button', async () => {
    const seen: string[] = [];
    const read = (el: VeratadVerify) => {
      const view = statusView(el)!;
      seen.push(
        view.querySelector('p')!.textContent,
        ...[...view.querySelectorAll('button')].map((b) => b.textContent),
      );
    };
    const plans: Array<[Step[], string]> = [
      [[{ hold: true }], ''],
      [[{ status: 503, body: {} }], 'veratad-error'],
      [[{ status: 400, body: { error: { message: 'no' } } }], 'veratad-error'],
      [[linkAnswer('LINK EXPIRED')], 'veratad-expired'],
      [[linkAnswer('CLOSE')], 'veratad-close'],
    ];
    for (const [plan, event] of plans) {
      const { el } = mount({ plan, props: { strings: marked }, attrs: { retries: '0' } });
      if (event) await nextEvent(el, event as 'veratad-error');
      await el.updateComplete;
      read(el);
    }
    const shown = ['loading', 'failed', 'tryAgain', 'unavailable', 'expired', 'startAgain', 'closed'];
    expect(seen.sort()).to.deep.equal([...shown.map((key) => `«${key}»`), '«startAgain»'].sort());
  });

  it('a partial `strings` replaces only what it names, and takes effect at once', async () => {
    const { el } = mount({ plan: [{ hold: true }] });
    await el.updateComplete;
    expect(statusView(el)!.textContent).to.equal(ENGLISH.loading);
    el.strings = { loading: 'Un momento…' };
    await el.updateComplete;
    expect(statusView(el)!.textContent).to.equal('Un momento…');
  });

  it('a locale module shows its texts: el.strings = es', async () => {
    const { el } = mount({ plan: [linkAnswer('CLOSE')], props: { strings: es } });
    await nextEvent(el, 'veratad-close');
    await el.updateComplete;
    expect(statusView(el)!.querySelector('p')!.textContent).to.equal(es.closed);
    expect(viewButton(el)!.textContent).to.equal(es.startAgain);
  });

  for (const [name, locale] of Object.entries({ es, fr, de })) {
    it(`locale ${name} has every text, each translated`, () => {
      expect(Object.keys(locale).sort()).to.deep.equal(Object.keys(ENGLISH).sort());
      for (const [key, text] of Object.entries(locale) as Array<[keyof VeratadStrings, string]>) {
        expect(text.trim(), key).not.to.equal('');
        expect(text, key).not.to.equal(ENGLISH[key]);
      }
    });
  }

  it('lang on the element or the document picks nothing by itself', async () => {
    document.documentElement.lang = 'de';
    afterThisTest(() => document.documentElement.removeAttribute('lang'));
    const { el } = mount({ plan: [{ hold: true }], attrs: { lang: 'es' } });
    await el.updateComplete;
    expect(statusView(el)!.textContent).to.equal(ENGLISH.loading);
  });
});

describe('looks finished on a bare page', () => {
  it("uses a system font stack, and the page's own font once the page styles the element with it", async () => {
    const { el } = mount({ plan: [{ hold: true }] });
    await el.updateComplete;
    expect(getComputedStyle(statusView(el)!).fontFamily).to.equal('system-ui, sans-serif');
    const style = document.createElement('style');
    style.textContent = 'body { font-family: Georgia, serif } veratad-verify { font-family: inherit }';
    document.head.append(style);
    afterThisTest(() => style.remove());
    expect(getComputedStyle(statusView(el)!).fontFamily).to.equal('Georgia, serif');
  });

  it('the loading view shows a spinning indicator, slowed down under prefers-reduced-motion', async () => {
    const { el } = mount({ plan: [{ hold: true }] });
    await el.updateComplete;
    const indicator = getComputedStyle(statusView(el)!, '::before');
    expect(indicator.animationName).to.equal('spin');
    const normal = parseFloat(indicator.animationDuration);
    await emulateMedia({ reducedMotion: 'reduce' });
    afterThisTest(() => void emulateMedia({ reducedMotion: 'no-preference' }));
    expect(parseFloat(getComputedStyle(statusView(el)!, '::before').animationDuration)).to.be.above(normal * 4);
  });

  it('buttons take their colours from --veratad-verify-accent and --veratad-verify-on-accent', async () => {
    const { el } = mount({ plan: [{ status: 503, body: {} }], attrs: { retries: '0' } });
    await nextEvent(el, 'veratad-error');
    await el.updateComplete;
    el.style.setProperty('--veratad-verify-accent', 'rgb(10, 20, 30)');
    el.style.setProperty('--veratad-verify-on-accent', 'rgb(200, 210, 220)');
    const button = getComputedStyle(viewButton(el)!);
    expect(button.backgroundColor).to.equal('rgb(10, 20, 30)');
    expect(button.color).to.equal('rgb(200, 210, 220)');
    expect(getComputedStyle(el).colorScheme).to.equal('light dark');
  });
});
