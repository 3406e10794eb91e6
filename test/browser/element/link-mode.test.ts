import { expect } from '@open-wc/testing';
import type { Phase, VeratadEventName } from '../../../src/events.js';
import { useFakeClock } from '../support/clock.js';
import { linkFrame as frameOf, mount, nextEvent, statusView, viewButton } from '../support/element.js';
import { fakeFrameLink, refusedLink, uniqueKey } from '../support/endpoint.js';
import { recordFetches } from '../support/page.js';
import { afterThisTest } from '../support/teardown.js';
import { ENGLISH } from '../../../src/strings.js';

// Link mode: a token answer with `link`, shown in a shadow-DOM iframe. The fake frame (fixtures/fake-frame.html)
// runs on http://localhost:PORT, a second origin next to the page's http://127.0.0.1:PORT.

const FRAME_ORIGIN = new URL(fakeFrameLink()).origin;

/** A link-mode element whose token answer carries `link`. */
function mountLink(attrs: Record<string, string> = {}, link = fakeFrameLink()) {
  const key = uniqueKey('link');
  return { ...mount({ key, plan: [{ body: { token: `tok-${key}`, link } }], attrs }), link };
}

/** A link-mode element whose fake frame has loaded (its script listens for commands by then). */
async function readyLink(attrs: Record<string, string> = {}) {
  const mounted = mountLink(attrs);
  await mounted.ready;
  const frame = frameOf(mounted.el);
  if (!frame?.contentWindow) throw new Error('no link-mode iframe');
  return { ...mounted, frame, frameWindow: frame.contentWindow };
}

/**
 * The next `message` event the page receives from `source`. The element added its window listener when it
 * connected, before this one, so by the time this resolves the element has handled that same message.
 */
function nextMessageFrom(source: MessageEventSource): Promise<MessageEvent> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== source) return;
      window.removeEventListener('message', listener);
      resolve(event);
    };
    window.addEventListener('message', listener);
  });
}

/** Has the fake frame post `data` to the page; resolves once the page (and so the element) received it. */
async function postFromFrame(frameWindow: Window, data: unknown): Promise<MessageEvent> {
  const arrived = nextMessageFrom(frameWindow);
  frameWindow.postMessage({ command: 'post', data }, '*');
  return arrived;
}

/** What a test compares: error details by code, expiry by reason (their texts and times are not the contract). */
function comparable(event: { type: VeratadEventName; detail: unknown }) {
  const detail = event.detail as Record<string, unknown>;
  if (event.type === 'veratad-error') return { type: event.type, detail: { code: detail.code } };
  if (event.type === 'veratad-expired') return { type: event.type, detail: { reason: detail.reason } };
  return { type: event.type, detail };
}

type Expected = Array<{ type: VeratadEventName; detail: Record<string, unknown> }>;
const status = (value: string, component?: string): Expected[number] => ({
  type: 'veratad-status',
  detail: component ? { status: value, component, source: 'frame' } : { status: value, source: 'frame' },
});
const stepEvent = (value: string, component?: string): Expected[number] => ({
  type: 'veratad-step',
  detail: component ? { step: value, component } : { step: value },
});
const errorEvent = (code: string): Expected[number] => ({ type: 'veratad-error', detail: { code } });
const closeEvent: Expected[number] = { type: 'veratad-close', detail: { source: 'user' } };
const expiredEvent: Expected[number] = { type: 'veratad-expired', detail: { reason: 'frame' } };

interface MessageCase {
  name: string;
  data: unknown;
  expected: Expected;
  phase: Phase;
}

const SHAPE_1: MessageCase[] = [
  {
    name: 'status PASS with a component',
    data: { status: 'PASS', component: 'DCAMS' },
    expected: [status('PASS', 'DCAMS')],
    phase: 'complete',
  },
  {
    name: 'status FAIL with a component',
    data: { status: 'FAIL', component: 'KBA' },
    expected: [status('FAIL', 'KBA')],
    phase: 'complete',
  },
  {
    name: 'status PENDING (phase unchanged)',
    data: { status: 'PENDING', component: 'IDMATCH' },
    expected: [status('PENDING', 'IDMATCH')],
    phase: 'ready',
  },
  { name: 'error ERROR', data: { error: 'ERROR' }, expected: [errorEvent('session')], phase: 'ready' },
  { name: 'error VELOCITY', data: { error: 'VELOCITY' }, expected: [errorEvent('velocity')], phase: 'ready' },
  {
    name: 'error ALREADY VERIFIED',
    data: { error: 'ALREADY VERIFIED' },
    expected: [errorEvent('already-verified')],
    phase: 'ready',
  },
  { name: 'error PENDING', data: { error: 'PENDING' }, expected: [errorEvent('pending')], phase: 'ready' },
  {
    name: 'error BAD TOKEN (tears down)',
    data: { error: 'BAD TOKEN' },
    expected: [errorEvent('bad-token')],
    phase: 'error',
  },
  {
    name: 'event REATTEMPT',
    data: { event: 'REATTEMPT', component: 'DCAMS' },
    expected: [stepEvent('REATTEMPT', 'DCAMS')],
    phase: 'ready',
  },
  {
    name: 'event NEXT',
    data: { event: 'NEXT', component: 'PHONEMATCH' },
    expected: [stepEvent('NEXT', 'PHONEMATCH')],
    phase: 'ready',
  },
  { name: 'event EMAIL', data: { event: 'EMAIL' }, expected: [stepEvent('EMAIL')], phase: 'ready' },
  { name: 'event QR', data: { event: 'QR' }, expected: [stepEvent('QR')], phase: 'ready' },
  { name: 'event CLOSE', data: { event: 'CLOSE' }, expected: [closeEvent], phase: 'closed' },
  {
    name: 'status PASS with a component that is not a string (the field is dropped, not the message)',
    data: { status: 'PASS', component: 5 },
    expected: [status('PASS')],
    phase: 'complete',
  },
  {
    name: 'an event beside a status that is not a string',
    data: { status: ['PASS'], event: 'NEXT', app: 'KBA' },
    expected: [stepEvent('NEXT', 'KBA')],
    phase: 'ready',
  },
  {
    name: 'empty fields beside an event',
    data: { status: '', component: '', error: '', event: 'NEXT' },
    expected: [stepEvent('NEXT')],
    phase: 'ready',
  },
  {
    name: 'status, error and event in one message',
    data: { status: 'PENDING', component: 'DCAMS', error: 'VELOCITY', event: 'NEXT' },
    expected: [status('PENDING', 'DCAMS'), errorEvent('velocity'), stepEvent('NEXT', 'DCAMS')],
    phase: 'ready',
  },
];

const SHAPE_2: MessageCase[] = [
  {
    name: 'NEXT (component = app)',
    data: { event: 'NEXT', app: 'PHONEMATCH' },
    expected: [stepEvent('NEXT', 'PHONEMATCH')],
    phase: 'ready',
  },
  { name: 'CLOSED', data: { event: 'CLOSED', app: 'IDMATCH_KBA' }, expected: [closeEvent], phase: 'closed' },
  {
    name: 'ERROR',
    data: { event: 'ERROR', app: 'DCAMS_AUTO_SCAN' },
    expected: [errorEvent('session')],
    phase: 'ready',
  },
  {
    name: 'COMPLETE',
    data: { event: 'COMPLETE', app: 'DCAMS_AUTO_SCAN' },
    expected: [status('PASS', 'DCAMS_AUTO_SCAN')],
    phase: 'complete',
  },
  {
    name: 'COMPLETE AND IN REVIEW',
    data: { event: 'COMPLETE AND IN REVIEW', app: 'IDMATCH_KBA' },
    expected: [status('REVIEW', 'IDMATCH_KBA')],
    phase: 'complete',
  },
];

const SHAPE_3: MessageCase[] = [
  { name: 'PASS', data: 'PASS', expected: [status('PASS')], phase: 'complete' },
  { name: 'FAIL', data: 'FAIL', expected: [status('FAIL')], phase: 'complete' },
  { name: 'ALREADY VERIFIED', data: 'ALREADY VERIFIED', expected: [errorEvent('already-verified')], phase: 'ready' },
  { name: 'ERROR', data: 'ERROR', expected: [errorEvent('session')], phase: 'ready' },
  { name: 'LINK EXPIRED', data: 'LINK EXPIRED', expected: [expiredEvent], phase: 'expired' },
  { name: 'BOT DETECTED', data: 'BOT DETECTED', expected: [errorEvent('bot-detected')], phase: 'ready' },
  { name: 'CLOSE', data: 'CLOSE', expected: [closeEvent], phase: 'closed' },
];

/** Phases in which the session (and so the iframe) is gone. */
const TORN_DOWN: Phase[] = ['closed', 'expired', 'error'];

async function checkMessage(c: MessageCase, data: unknown) {
  const { el, log, frameWindow } = await readyLink();
  const before = log.events.length;
  await postFromFrame(frameWindow, data);
  const fired = log.events.slice(before);
  const messages = fired.filter((e) => e.type === 'veratad-message');
  expect(messages.map((e) => e.detail)).to.deep.equal([{ data, origin: FRAME_ORIGIN }]);
  const others = fired.filter((e) => e.type !== 'veratad-message').map(comparable);
  expect(others).to.have.deep.members(c.expected);
  expect(others).to.have.length(c.expected.length);
  expect(el.phase).to.equal(c.phase);
  await el.updateComplete;
  expect(frameOf(el) === null).to.equal(TORN_DOWN.includes(c.phase));
}

describe('link mode', () => {
  describe('the iframe', () => {
    it('renders a shadow-DOM <iframe part="frame"> with src=link and the default title and allow', async () => {
      const { el, ready, link } = mountLink();
      await ready;
      const frame = frameOf(el)!;
      expect(frame instanceof HTMLIFrameElement, 'a shadow-DOM iframe').to.equal(true);
      expect(frame.getAttribute('part')).to.equal('frame');
      expect(frame.getAttribute('src')).to.equal(link);
      expect(frame.getAttribute('title')).to.equal('Identity verification');
      expect(frame.getAttribute('allow')).to.equal('camera; fullscreen');
      expect(el.querySelector('iframe') === null, 'no light-DOM iframe').to.equal(true);
      expect(document.getElementById('veratad-frame') === null, 'no SDK frame').to.equal(true);
    });

    it("frame-title and frame-allow set the iframe's title and allow", async () => {
      const { el, ready } = mountLink({ 'frame-title': 'Age check', 'frame-allow': 'camera' });
      await ready;
      const frame = frameOf(el)!;
      expect(frame.getAttribute('title')).to.equal('Age check');
      expect(frame.getAttribute('allow')).to.equal('camera');
    });

    it('fires veratad-ready {mode: "link"} and sets phase ready when the frame loads', async () => {
      const { el, log, ready } = mountLink();
      expect(el.phase).to.equal('loading');
      expect(await ready).to.deep.equal({ mode: 'link' });
      expect(el.phase).to.equal('ready');
      expect(el.getAttribute('phase')).to.equal('ready');
      expect(log.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-ready']);
      expect(log.of('veratad-token')[0].mode).to.equal('link');
    });

    it('close() inside a veratad-token listener leaves no iframe and no frame-timeout later', async () => {
      const clock = useFakeClock();
      const { el, log } = mountLink({ 'frame-timeout': '200' });
      el.addEventListener('veratad-token', () => el.close(), { once: true });
      await nextEvent(el, 'veratad-close');
      expect(clock.pending(), 'no timer left').to.equal(0);
      await clock.tick(10_000);
      await el.updateComplete;
      expect(frameOf(el) === null, 'no iframe').to.equal(true);
      expect(el.phase).to.equal('closed');
      expect(log.sessionTypes()).to.deep.equal(['veratad-token', 'veratad-close']);
    });

    it('a link whose host refuses the connection ends in the retryable error frame-load, never ready', async () => {
      const { el, log } = mountLink({}, await refusedLink());
      // Chromium fires `load` for its own error page: ready would come first without the reachability check.
      const first = await Promise.race([
        nextEvent(el, 'veratad-ready').then(() => ({ code: 'veratad-ready instead' })),
        nextEvent(el, 'veratad-error'),
      ]);
      expect(first).to.include({ code: 'frame-load', retryable: true });
      expect(el.phase).to.equal('error');
      await el.updateComplete;
      expect(frameOf(el) === null, 'the iframe is gone').to.equal(true);
      expect(viewButton(el)?.textContent).to.equal('Try again');
      expect(log.of('veratad-ready')).to.have.length(0);
    });

    it("the reachability check asks the link's origin (HEAD /, no credentials), never the link itself", async () => {
      const fetches = recordFetches();
      const { ready, link } = mountLink();
      await ready;
      const probes = fetches.filter((call) => !new URL(call.url, location.href).pathname.startsWith('/api/'));
      expect(probes.map((call) => call.url)).to.deep.equal([`${new URL(link).origin}/`]);
      expect(probes[0].init).to.include({ method: 'HEAD', mode: 'no-cors', credentials: 'omit' });
    });

    const refused = ['http://example.com/x', 'http://[::1]:9/x', 'javascript:alert(1)'];
    for (const link of [...refused, 'https://user:pass@localhost/x', 'http://user@127.0.0.1/x']) {
      it(`a link that is not https or carries a user name (${link}) gives invalid-response and no iframe`, async () => {
        const { el, log } = mountLink({}, link);
        const error = await nextEvent(el, 'veratad-error');
        expect(error.code).to.equal('invalid-response');
        expect(el.phase).to.equal('error');
        await el.updateComplete;
        expect(frameOf(el) === null, 'the iframe is gone').to.equal(true);
        expect(log.of('veratad-ready')).to.have.length(0);
      });
    }
  });

  describe('documented messages', () => {
    for (const [shape, cases] of [
      ['shape 1 {status, component, error, event}', SHAPE_1],
      ['shape 2 {event, app}', SHAPE_2],
      ['shape 3 (bare string)', SHAPE_3],
    ] as const) {
      describe(shape, () => {
        for (const c of cases) {
          const events = c.expected.map((e) => `${e.type} ${JSON.stringify(e.detail)}`).join(' + ');
          it(`${c.name} → ${events}, phase ${c.phase}`, async () => {
            await checkMessage(c, c.data);
          });
          it(`${c.name} sent as a JSON string → the same events`, async () => {
            await checkMessage(c, JSON.stringify(c.data));
          });
        }
      });
    }

    it('a message holding the token is acted on, without veratad-message and without it as component', async () => {
      const { el, log, frameWindow, key } = await readyLink();
      const token = `tok-${key}`;
      const before = log.events.length;
      await postFromFrame(frameWindow, { event: 'NEXT', app: token });
      await postFromFrame(frameWindow, { status: 'PENDING', component: 'DCAMS', echo: `t=${token}` });
      expect(log.events.slice(before).map(comparable)).to.deep.equal([stepEvent('NEXT'), status('PENDING', 'DCAMS')]);
      expect(JSON.stringify(log.events)).to.not.contain(token);
      expect(el.phase).to.equal('ready');
    });

    it('LINK EXPIRED fires veratad-expired with reason "frame" and shows the expired view', async () => {
      const { el, log, frameWindow } = await readyLink();
      await postFromFrame(frameWindow, 'LINK EXPIRED');
      const [expired] = log.of('veratad-expired');
      expect(expired.reason).to.equal('frame');
      expect(expired.expiresAt).to.be.a('number');
      expect(el.getAttribute('phase')).to.equal('expired');
      await el.updateComplete;
      expect(frameOf(el) === null, 'the iframe is gone').to.equal(true);
      expect(viewButton(el)?.textContent).to.equal('Start again');
    });

    it('{error: "BAD TOKEN"} tears the session down: phase error, iframe removed, error view', async () => {
      const { el, log, frameWindow } = await readyLink();
      await postFromFrame(frameWindow, { error: 'BAD TOKEN' });
      expect(log.of('veratad-error').map((e) => e.code)).to.deep.equal(['bad-token']);
      expect(el.phase).to.equal('error');
      await el.updateComplete;
      expect(frameOf(el) === null, 'the iframe is gone').to.equal(true);
      const view = statusView(el);
      expect(view?.getAttribute('role')).to.equal('alert');
      expect(view?.querySelector('p')?.textContent).to.equal(ENGLISH.failed);
    });
  });

  describe('hostile messages are ignored', () => {
    it('from the page itself (window.postMessage)', async () => {
      const { el, log } = await readyLink();
      const before = log.events.length;
      for (const data of ['PASS', { status: 'PASS' }, { event: 'CLOSED', app: 'X' }, '"CLOSE"']) {
        const arrived = nextMessageFrom(window);
        window.postMessage(data, '*');
        await arrived;
      }
      expect(log.events.slice(before)).to.deep.equal([]);
      expect(el.phase).to.equal('ready');
    });

    it('from a second fake frame on the same allowed origin (wrong window)', async () => {
      const { el, log } = await readyLink();
      const other = document.createElement('iframe');
      other.title = 'another frame';
      other.src = fakeFrameLink();
      const loaded = new Promise((resolve) => other.addEventListener('load', resolve, { once: true }));
      document.body.append(other);
      afterThisTest(() => other.remove());
      await loaded;
      const before = log.events.length;
      for (const data of ['PASS', { status: 'FAIL' }, { event: 'CLOSED', app: 'X' }]) {
        const event = await postFromFrame(other.contentWindow!, data);
        expect(event.origin).to.equal(FRAME_ORIGIN);
      }
      expect(log.events.slice(before)).to.deep.equal([]);
      expect(el.phase).to.equal('ready');
    });

    function navigateTarget(send: unknown): string {
      const url = new URL('/test/browser/fixtures/fake-frame.html', location.origin);
      url.searchParams.set('send', JSON.stringify(send));
      return url.href;
    }

    it('from our own iframe after it navigated to another origin (wrong origin)', async () => {
      const { el, log, frameWindow } = await readyLink();
      const before = log.events.length;
      const arrived = nextMessageFrom(frameWindow);
      frameWindow.postMessage({ command: 'navigate', url: navigateTarget('PASS') }, '*');
      const event = await arrived;
      expect(event.origin).to.equal(location.origin);
      expect(event.data).to.equal('PASS');
      expect(log.events.slice(before)).to.deep.equal([]);
      expect(el.phase).to.equal('ready');
    });

    it('…but accepted from that origin when frame-origins lists it', async () => {
      const { el, log, frameWindow } = await readyLink({ 'frame-origins': location.origin });
      const before = log.events.length;
      const arrived = nextMessageFrom(frameWindow);
      frameWindow.postMessage({ command: 'navigate', url: navigateTarget('PASS') }, '*');
      await arrived;
      expect(log.events.slice(before).map(comparable)).to.deep.equal([
        { type: 'veratad-message', detail: { data: 'PASS', origin: location.origin } },
        status('PASS'),
      ]);
      expect(el.phase).to.equal('complete');
    });

    it('garbage: numbers, arrays, unknown strings, objects with unknown values, invalid JSON strings', async () => {
      const garbage: unknown[] = [
        42,
        0,
        -1,
        null,
        true,
        false,
        [],
        ['PASS'],
        [{ status: 'PASS' }],
        [['CLOSE']],
        '',
        'HELLO',
        'SUCCESS',
        'PASSED',
        'CLOSE NOW',
        'LINK',
        'EXPIRED',
        {},
        { foo: 'bar' },
        { status: 'MAYBE' },
        { error: 'OOPS' },
        { event: 'DANCE', app: 'PHONEMATCH' },
        { status: 1 },
        { status: ['PASS'] },
        { event: { name: 'CLOSE' } },
        { app: 'PHONEMATCH' },
        { component: 'DCAMS' },
        '{"status":"PASS"',
        '"PASS',
        "{status:'PASS'}",
        'PASS"',
        '{"event":"CLOSE",}',
        '[',
        '42',
        '[]',
        '["PASS"]',
        'null',
        'true',
        '"HELLO"',
        '{"event":"DANCE"}',
        '{"status":"MAYBE"}',
      ];
      const { el, log, frameWindow } = await readyLink();
      const before = log.events.length;
      for (const data of garbage) await postFromFrame(frameWindow, data);
      expect(log.events.slice(before)).to.deep.equal([]);
      expect(el.phase).to.equal('ready');

      // Still listening: a documented message right after the garbage is accepted.
      await postFromFrame(frameWindow, 'FAIL');
      expect(log.of('veratad-status')).to.deep.equal([{ status: 'FAIL', source: 'frame' }]);
    });

    it('a huge (> 1 MB) string, even one that would otherwise parse as a documented message', async () => {
      const { el, log, frameWindow } = await readyLink();
      const before = log.events.length;
      const huge = [
        'x'.repeat(1_100_000),
        `PASS${' '.repeat(1_100_000)}`,
        JSON.stringify({ status: 'PASS', padding: 'x'.repeat(1_100_000) }),
        JSON.stringify(`${' '.repeat(1_100_000)}CLOSE`),
      ];
      for (const data of huge) {
        expect(data.length).to.be.above(1_000_000);
        await postFromFrame(frameWindow, data);
      }
      expect(log.events.slice(before)).to.deep.equal([]);
      expect(el.phase).to.equal('ready');
    });
  });
});
