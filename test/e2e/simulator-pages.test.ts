// The simulator's browser half in real Chromium: its Web SDK (initialize.js + style.css) on a host page of
// another origin, every frame button's callback (SDK mode) and message (link mode), and the bad-token paths.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import { chromiumLaunchOptions } from '../../scripts/find-browser.mjs';
import { shownText } from '../shown-text.js';
import { startHost, type HostWindow } from './simulator-host.js';

describe('simulator in the browser', () => {
  let sim: Simulator;
  let hostOrigin: string;
  let hostServer: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  /** Console errors and uncaught exceptions of the current test's page and frames. */
  let problems: string[] = [];

  before(async () => {
    sim = await startSimulator();
    ({ origin: hostOrigin, server: hostServer } = await startHost(sim.origin));
    browser = await chromium.launch(await chromiumLaunchOptions());
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    assert.deepEqual(problems, [], 'no console errors or uncaught exceptions');
    problems = [];
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => {
      hostServer.close(() => resolve());
      hostServer.closeAllConnections();
    });
    await sim.close();
  });

  async function open(path: string, viewport = { width: 1024, height: 768 }): Promise<Page> {
    context = await browser.newContext({ viewport });
    const tab = await context.newPage();
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await tab.goto(`${hostOrigin}${path}`);
    return tab;
  }

  const newToken = async (): Promise<string> => {
    const response = await fetch(`${sim.url}/token/create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'demo-user', pass: 'demo-pass' }),
    });
    return ((await response.json()) as { token: string }).token;
  };

  const newLink = async (
    fields: Record<string, unknown> = { fn: 'Ada', ln: 'Lovelace' },
  ): Promise<{ token: string; link: string }> => {
    const token = await newToken();
    const response = await fetch(`${sim.url}/link/generate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, options: { send_email: false }, ...fields }),
    });
    return { token, link: ((await response.json()) as { link: string }).link };
  };

  /** Builds `new veratad.modal({...})` with every callback recorded, and opens it. */
  const openModal = (tab: Page, options: Record<string, unknown>) =>
    tab.evaluate((given) => {
      (window as unknown as HostWindow).modal = new (window as unknown as HostWindow).veratad.modal({
        ...given,
        ...(window as unknown as HostWindow).callbacks(),
      });
      (window as unknown as HostWindow).modal.open();
    }, options);

  const calls = (tab: Page) => tab.evaluate(() => (window as unknown as HostWindow).calls);
  const waitForCalls = (tab: Page, count: number) =>
    tab.waitForFunction((n) => (window as unknown as HostWindow).calls.length >= n, count);
  const waitForMessages = (tab: Page, count: number) =>
    tab.waitForFunction((n) => (window as unknown as HostWindow).messages.length >= n, count);
  const button = (frame: FrameLocator, name: string) => frame.getByRole('button', { name, exact: true });
  const sdkFrame = (tab: Page) => tab.frameLocator('#veratad-frame');
  const frameState = (tab: Page) =>
    tab.evaluate(() => {
      const frame = document.getElementById('veratad-frame') as HTMLIFrameElement;
      return {
        src: frame.src,
        open: frame.classList.contains('veratad-modal-open'),
        display: getComputedStyle(frame).display,
      };
    });

  describe('Web SDK mode (initialize.js on a host page of another origin)', () => {
    it('opens the frame as an overlay on the simulator, with the token and the name, and calls onOpen', async () => {
      const tab = await open('/sdk.html');
      const token = await newToken();
      await openModal(tab, { token, fn: 'Ada', ln: 'Lovelace', dob: '18151210', qr: true });
      assert.deepEqual(await calls(tab), [{ name: 'onOpen', args: [{ event: 'OPEN' }] }]);

      const state = await frameState(tab);
      assert.equal(state.open, true);
      assert.equal(state.display, 'block');
      const src = new URL(state.src);
      assert.equal(src.origin, sim.origin);
      assert.equal(src.pathname, '/frame');
      assert.equal(src.searchParams.get('token'), token);
      assert.equal(src.searchParams.get('fn'), 'Ada');
      assert.equal(src.searchParams.get('dob'), '18151210');
      assert.equal(src.searchParams.get('qr'), 'true');

      const frame = sdkFrame(tab);
      assert.equal(await shownText(frame.locator('#person')), 'Ada Lovelace');
      assert.equal(await tab.locator('#veratad-frame').getAttribute('title'), 'Identity verification');
      const box = await tab.locator('#veratad-frame').boundingBox();
      assert.ok(box && box.width === 420 && box.height === 670, `overlay size ${JSON.stringify(box)}`);
      assert.equal(
        await tab.evaluate(() => getComputedStyle(document.getElementById('veratad-frame')!).position),
        'fixed',
      );
    });

    it('calls the right callback for every button, with its detail, and keeps the frame open', async () => {
      const tab = await open('/sdk.html');
      await openModal(tab, { token: await newToken(), fn: 'Ada', ln: 'Lovelace' });
      const frame = sdkFrame(tab);
      const table: Array<[label: string, callback: string, detail: Record<string, string>]> = [
        ['Pass', 'onSuccess', { status: 'PASS', component: 'DCAMS' }],
        ['Fail', 'onFailure', { status: 'FAIL', component: 'DCAMS' }],
        ['Email', 'onEmail', { event: 'EMAIL' }],
        ['QR', 'onQr', { event: 'QR' }],
        ['Velocity', 'onErrorVelocity', { error: 'VELOCITY' }],
        ['Already verified', 'onErrorAlreadyVerified', { error: 'ALREADY VERIFIED' }],
        ['Pending', 'onErrorPending', { error: 'PENDING' }],
        ['Processing error', 'onError', { error: 'ERROR' }],
      ];
      let count = 1; // onOpen
      for (const [label, callback, detail] of table) {
        await button(frame, label).click();
        count += 1;
        await waitForCalls(tab, count);
        const recorded = await calls(tab);
        assert.equal(recorded.length, count, label);
        assert.deepEqual(recorded.at(-1), { name: callback, args: [detail] }, label);
      }
      assert.equal((await frameState(tab)).open, true);
      assert.equal(await frame.getByRole('button').count(), 9, 'no link-only buttons in SDK mode');
      assert.equal(await button(frame, 'Complete with review').count(), 0);
    });

    it("closes on the frame's Close button: hides and resets the frame, then calls onClose", async () => {
      const tab = await open('/sdk.html');
      await openModal(tab, { token: await newToken(), fn: 'Ada', ln: 'Lovelace' });
      await button(sdkFrame(tab), 'Close').click();
      await waitForCalls(tab, 2);
      assert.deepEqual((await calls(tab))[1], { name: 'onClose', args: [{ event: 'CLOSE', source: 'user' }] });
      assert.deepEqual(await frameState(tab), { src: 'about:blank', open: false, display: 'none' });
      assert.equal(await tab.locator('#veratad-frame').getAttribute('title'), null, 'the title it added is gone');
    });

    it('closes on close(), calling onClose, and opens again with a fresh session', async () => {
      const tab = await open('/sdk.html');
      await openModal(tab, { token: await newToken(), fn: 'Ada', ln: 'Lovelace' });
      const firstSrc = (await frameState(tab)).src;
      await tab.evaluate(() => (window as unknown as HostWindow).modal.close());
      await tab.evaluate(() => (window as unknown as HostWindow).modal.close()); // a second close() is a no-op
      assert.deepEqual((await calls(tab)).slice(1), [{ name: 'onClose', args: [{ event: 'CLOSE', source: 'api' }] }]);
      assert.equal((await frameState(tab)).display, 'none');

      await tab.evaluate(() => (window as unknown as HostWindow).modal.open());
      const state = await frameState(tab);
      assert.equal(state.open, true);
      assert.notEqual(new URL(state.src).searchParams.get('session'), new URL(firstSrc).searchParams.get('session'));
      assert.deepEqual((await calls(tab)).at(-1), { name: 'onOpen', args: [{ event: 'OPEN' }] });
      await button(sdkFrame(tab), 'Pass').click();
      await waitForCalls(tab, 4);
      assert.equal((await calls(tab))[3]?.name, 'onSuccess');
    });

    it('accepts messages only from its frame and the simulator origin, and none after destroy()', async () => {
      const tab = await open('/sdk.html');
      await openModal(tab, { token: await newToken(), fn: 'Ada', ln: 'Lovelace' });
      await sdkFrame(tab).locator('#person').waitFor();
      const message = await tab.evaluate(() => {
        const frame = document.getElementById('veratad-frame') as HTMLIFrameElement;
        const session = new URL(frame.src).searchParams.get('session');
        return { protocol: 'veratad-simulator/1', session, callback: 'onSuccess', detail: { status: 'PASS' } };
      });
      // From the host page itself (wrong origin and source), then a stale session id: both ignored.
      await tab.evaluate((data) => {
        window.postMessage(data, '*');
        const frame = document.getElementById('veratad-frame') as HTMLIFrameElement;
        const stale = { ...data, session: 'an-old-session' };
        window.dispatchEvent(
          new MessageEvent('message', { data: stale, origin: new URL(frame.src).origin, source: frame.contentWindow }),
        );
        window.dispatchEvent(
          new MessageEvent('message', { data, origin: 'http://evil.example', source: frame.contentWindow }),
        );
      }, message);
      await button(sdkFrame(tab), 'Fail').click();
      await waitForCalls(tab, 2);
      assert.deepEqual(
        (await calls(tab)).map((call) => call.name),
        ['onOpen', 'onFailure'],
      );

      const afterDestroy = await tab.evaluate((data) => {
        const frame = document.getElementById('veratad-frame') as HTMLIFrameElement;
        const origin = new URL(frame.src).origin;
        const send = () =>
          window.dispatchEvent(new MessageEvent('message', { data, origin, source: frame.contentWindow }));
        send(); // the right origin, source and session: accepted
        const before = (window as unknown as HostWindow).calls.length;
        (window as unknown as HostWindow).modal.destroy();
        send();
        (window as unknown as HostWindow).modal.open(); // a destroyed modal stays closed
        (window as unknown as HostWindow).modal.close();
        return {
          before,
          after: (window as unknown as HostWindow).calls.length,
          display: getComputedStyle(frame).display,
          src: frame.src,
        };
      }, message);
      assert.deepEqual(afterDestroy, { before: 3, after: 3, display: 'none', src: 'about:blank' });
    });

    it('calls onErrorToken and shows an alert for an unknown token', async () => {
      const tab = await open('/sdk.html');
      await openModal(tab, { token: 'not-a-token', fn: 'Ada', ln: 'Lovelace' });
      await waitForCalls(tab, 2);
      assert.deepEqual((await calls(tab))[1], {
        name: 'onErrorToken',
        args: [{ error: 'BAD TOKEN', reason: 'unknown' }],
      });
      const alert = sdkFrame(tab).getByRole('alert');
      assert.match(await shownText(alert), /not valid/);
      assert.equal(await button(sdkFrame(tab), 'Pass').count(), 0);
      await button(sdkFrame(tab), 'Close').click();
      await waitForCalls(tab, 3);
      assert.equal((await calls(tab))[2]?.name, 'onClose');
    });

    it("calls onErrorToken for an expired token, with the host's resultMessages title", async () => {
      const tab = await open('/sdk.html');
      const token = await newToken();
      sim.tokens.expire(token);
      const resultMessages = { error: { verificationErrorTokenTitle: 'Your session timed out' } };
      await openModal(tab, { token, fn: 'Ada', ln: 'Lovelace', resultMessages });
      await waitForCalls(tab, 2);
      assert.deepEqual((await calls(tab))[1], {
        name: 'onErrorToken',
        args: [{ error: 'BAD TOKEN', reason: 'expired' }],
      });
      assert.match(await shownText(sdkFrame(tab).getByRole('alert')), /Your session timed out/);
    });

    it('calls onError and shows "Missing a required input" when fn or ln is missing (the SDK docs call both required)', async () => {
      for (const names of [{ fn: 'Ada' }, { ln: 'Lovelace' }, {}]) {
        const tab = await open('/sdk.html');
        await openModal(tab, { token: await newToken(), ...names });
        await waitForCalls(tab, 2);
        assert.deepEqual((await calls(tab))[1], { name: 'onError', args: [{ error: 'ERROR' }] }, JSON.stringify(names));
        assert.match(await shownText(sdkFrame(tab).getByRole('alert')), /Missing a required input/);
        assert.equal(await button(sdkFrame(tab), 'Pass').count(), 0);
        await context?.close();
        context = undefined;
      }
    });

    it('shows the name as text, never as markup', async () => {
      const tab = await open('/sdk.html');
      await openModal(tab, { token: await newToken(), fn: '<img src=x onerror="parent.hacked=1">', ln: '&amp;' });
      const frame = sdkFrame(tab);
      assert.equal(await shownText(frame.locator('#person')), '<img src=x onerror="parent.hacked=1"> &amp;');
      assert.equal(await frame.locator('#person img').count(), 0);
    });

    it('works under a strict CSP (no style attribute set, no violation) and survives being loaded twice', async () => {
      const tab = await open('/sdk-strict.html');
      const reused = await tab.evaluate(async (src) => {
        const first = (window as unknown as HostWindow).veratad.modal;
        const script = document.createElement('script');
        script.src = src;
        await new Promise((resolve) => {
          script.onload = resolve;
          document.head.append(script);
        });
        return (window as unknown as HostWindow).veratad.modal === first;
      }, `${sim.origin}/js/initialize.js`);
      assert.equal(reused, true);

      assert.equal((await frameState(tab)).display, 'none');
      await openModal(tab, { token: await newToken(), fn: 'Ada', ln: 'Lovelace' });
      assert.equal((await frameState(tab)).display, 'block');
      assert.equal(await tab.locator('#veratad-frame').getAttribute('style'), 'display: block;', 'only CSSOM writes');
      await button(sdkFrame(tab), 'Pass').click();
      await waitForCalls(tab, 2);
      await button(sdkFrame(tab), 'Close').click();
      await waitForCalls(tab, 3);
      assert.deepEqual(
        (await calls(tab)).map((call) => call.name),
        ['onOpen', 'onSuccess', 'onClose'],
      );
      assert.equal((await frameState(tab)).display, 'none');
      assert.deepEqual(await tab.evaluate(() => (window as unknown as HostWindow).violations), []);
    });

    it('throws from open() when the document has no #veratad-frame', async () => {
      const tab = await open('/sdk.html');
      const message = await tab.evaluate(() => {
        document.getElementById('veratad-frame')!.remove();
        try {
          new (window as unknown as HostWindow).veratad.modal({
            token: 't',
            ...(window as unknown as HostWindow).callbacks(),
          }).open();
          return 'no error';
        } catch (error) {
          return (error as Error).message;
        }
      });
      assert.equal(message, 'veratad.modal: the document has no <iframe id="veratad-frame">.');
      assert.deepEqual(await calls(tab), []);
    });
  });

  describe('link mode (the /link/generate link in an iframe)', () => {
    const messages = (tab: Page) => tab.evaluate(() => (window as unknown as HostWindow).messages);
    const linkFrame = (tab: Page) => tab.frameLocator('#link-frame');

    it('posts the documented message for every button, in all three shapes, to the parent', async () => {
      const { link } = await newLink();
      const tab = await open(`/link.html?src=${encodeURIComponent(link)}`);
      const frame = linkFrame(tab);
      assert.equal(await shownText(frame.locator('#person')), 'Ada Lovelace');
      const table: Array<[label: string, data: unknown]> = [
        ['Pass', { status: 'PASS', component: 'DCAMS', error: '', event: '' }],
        ['Fail', 'FAIL'],
        ['Close', { event: 'CLOSED', app: 'DCAMS_AUTO_SCAN' }],
        ['Email', '{"status":"","component":"DCAMS","error":"","event":"EMAIL"}'],
        ['QR', { status: '', component: 'DCAMS', error: '', event: 'QR' }],
        ['Velocity', { status: '', component: 'INIT', error: 'VELOCITY', event: '' }],
        ['Already verified', 'ALREADY VERIFIED'],
        ['Pending', { status: '', component: 'INIT', error: 'PENDING', event: '' }],
        ['Processing error', 'ERROR'],
        ['Complete', { event: 'COMPLETE', app: 'DCAMS_AUTO_SCAN' }],
        ['Complete with review', '{"event":"COMPLETE AND IN REVIEW","app":"DCAMS_AUTO_SCAN"}'],
        ['Next step', { event: 'NEXT', app: 'PHONEMATCH' }],
        ['Bot detected', 'BOT DETECTED'],
      ];
      assert.equal(await frame.getByRole('button').count(), table.length);
      for (const [index, [label, data]] of table.entries()) {
        await button(frame, label).click();
        await waitForMessages(tab, index + 1);
        const posted = await messages(tab);
        assert.equal(posted.length, index + 1, label);
        assert.deepEqual(posted[index], { data, origin: sim.origin, fromFrame: true }, label);
      }
      assert.deepEqual(await tab.evaluate(() => (window as unknown as HostWindow).violations), []);
    });

    it('fits a 400 x 670 frame: every button visible without scrolling', async () => {
      const { link } = await newLink({ fn: 'Maria Salomea', ln: 'Skłodowska-Curie' });
      const tab = await open(`/link.html?src=${encodeURIComponent(link)}`, { width: 400, height: 670 });
      const buttons = linkFrame(tab).getByRole('button');
      await buttons.first().waitFor();
      const count = await buttons.count();
      assert.equal(count, 13);
      for (let index = 0; index < count; index += 1) {
        const box = await buttons.nth(index).boundingBox();
        assert.ok(box, `button ${index} has a box`);
        assert.ok(
          box.x >= 0 && box.y >= 0 && box.x + box.width <= 400 && box.y + box.height <= 670,
          `button ${index}: ${JSON.stringify(box)}`,
        );
        assert.ok(box.height >= 32, `button ${index} is large enough to tap`);
      }
    });

    it('posts "LINK EXPIRED" and shows an alert when the link\'s token has expired', async () => {
      const { token, link } = await newLink();
      sim.tokens.expire(token);
      const tab = await open(`/link.html?src=${encodeURIComponent(link)}`);
      await waitForMessages(tab, 1);
      assert.deepEqual(await messages(tab), [{ data: 'LINK EXPIRED', origin: sim.origin, fromFrame: true }]);
      assert.match(await shownText(linkFrame(tab).getByRole('alert')), /expired/);
    });

    it('posts {error: "BAD TOKEN"} for an unknown request_id, and CLOSED from its Close button', async () => {
      const tab = await open(
        `/link.html?src=${encodeURIComponent(`${sim.origin}/frame?request_id=00000000-0000-4000-8000-000000000000`)}`,
      );
      await waitForMessages(tab, 1);
      assert.deepEqual(await messages(tab), [{ data: { error: 'BAD TOKEN' }, origin: sim.origin, fromFrame: true }]);
      assert.match(await shownText(linkFrame(tab).getByRole('alert')), /not valid/);
      await button(linkFrame(tab), 'Close').click();
      await waitForMessages(tab, 2);
      assert.deepEqual((await messages(tab))[1]?.data, { event: 'CLOSED', app: 'DCAMS_AUTO_SCAN' });
    });
  });
});
