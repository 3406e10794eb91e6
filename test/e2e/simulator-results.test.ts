// The simulator's results, driven through its pages in real Chromium: a journey that ends with Pass, Fail or
// Complete with review is recorded by its email before the host page hears of it (so POST /user/status finds it at
// once), and its result callback reaches the host's endpoint; the other buttons record nothing.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import { chromiumLaunchOptions } from '../../scripts/find-browser.mjs';
import { PASS, USER, newLink, newToken, startReceiver, userStatus, type Receiver } from '../node/simulator-helpers.js';
import { shownText } from '../shown-text.js';
import { startHost, type HostWindow } from './simulator-host.js';

describe('simulator results from its pages', () => {
  let sim: Simulator;
  let hook: Receiver;
  let hostOrigin: string;
  let hostServer: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let problems: string[] = [];

  before(async () => {
    hook = await startReceiver();
    sim = await startSimulator({ callbackUrl: hook.url, callbackUser: 'veratad', callbackPass: 'hook-secret' });
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
    await hook.close();
  });

  async function open(path: string): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const tab = await context.newPage();
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await tab.goto(`${hostOrigin}${path}`);
    return tab;
  }

  const openModal = (tab: Page, options: Record<string, unknown>) =>
    tab.evaluate((given) => {
      const page = window as unknown as HostWindow;
      page.modal = new page.veratad.modal({ ...given, ...page.callbacks() });
      page.modal.open();
    }, options);
  const waitForCalls = (tab: Page, count: number) =>
    tab.waitForFunction((n) => (window as unknown as HostWindow).calls.length >= n, count);
  const waitForMessages = (tab: Page, count: number) =>
    tab.waitForFunction((n) => (window as unknown as HostWindow).messages.length >= n, count);
  const button = (frame: FrameLocator, name: string) => frame.getByRole('button', { name, exact: true });
  const status = (email: string) => userStatus(sim, { user: USER, pass: PASS, email });
  const callbacksFor = (email: string) =>
    hook.received.filter(({ body }) => (body as Record<string, unknown>).email === email);

  it('SDK mode: records Pass under the SDK email before onSuccess, then delivers the callback', async () => {
    const email = 'sdk-pass@example.com';
    const tab = await open('/sdk.html');
    await openModal(tab, { token: await newToken(sim), fn: 'Ada', ln: 'Lovelace', email, reference: 'order-9' });
    const frame = tab.frameLocator('#veratad-frame');
    await button(frame, 'Pass').click();
    await waitForCalls(tab, 2);
    assert.equal((await tab.evaluate(() => (window as unknown as HostWindow).calls))[1]?.name, 'onSuccess');

    const reply = await status(email); // no waiting: the result was recorded before onSuccess
    assert.deepEqual(
      [reply.body.found, reply.body.status, reply.body.fn, reply.body.ln, reply.body.reference],
      [true, 'PASS', 'Ada', 'Lovelace', 'order-9'],
    );
    assert.equal(await shownText(frame.locator('#outcome-recorded')), `Recorded PASS for ${email}.`);

    await sim.callbacks.settled();
    const [delivered] = callbacksFor(email);
    assert.equal(delivered?.headers.authorization, `Basic ${Buffer.from('veratad:hook-secret').toString('base64')}`);
    assert.equal((delivered?.body as Record<string, unknown>).status, 'PASS');
    assert.equal('request_id' in (delivered?.body as object), false);
  });

  it('link mode: records Complete with review as PENDING and a later Pass as a change, each with a callback', async () => {
    const email = 'link-review@example.com';
    const { search, requestId } = await newLink(sim, { fn: 'Grace', ln: 'Hopper', email });
    const link = `${sim.origin}/frame${search}`;
    const tab = await open(`/link.html?src=${encodeURIComponent(link)}`);
    const frame = tab.frameLocator('#link-frame');
    await button(frame, 'Complete with review').click();
    await waitForMessages(tab, 1);
    assert.equal((await status(email)).body.status, 'PENDING');

    for (const [index, label] of ['Email', 'QR', 'Complete', 'Pending', 'Pass'].entries()) {
      await button(frame, label).click();
      await waitForMessages(tab, index + 2);
    }
    assert.equal((await status(email)).body.status, 'PASS');
    assert.equal(sim.journeys.get(`link:${requestId}`)?.status, 'PASS');

    await sim.callbacks.settled();
    const bodies = callbacksFor(email).map(({ body }) => body as Record<string, unknown>);
    assert.deepEqual(
      bodies.map((body) => [body.status, body.request_id]),
      [
        ['PENDING', requestId],
        ['PASS', requestId],
      ],
      'one callback per status change; Email, QR, Complete and Pending change nothing',
    );
  });

  it('SDK mode: a journey without an email is recorded but says /user/status cannot find it', async () => {
    const tab = await open('/sdk.html');
    await openModal(tab, { token: await newToken(sim), fn: 'No', ln: 'Email' });
    const frame = tab.frameLocator('#veratad-frame');
    await button(frame, 'Fail').click();
    await waitForCalls(tab, 2);
    assert.equal(
      await shownText(frame.locator('#outcome-recorded')),
      'Recorded FAIL (no email: /user/status cannot find it).',
    );
  });

  it('still signals the host when the token expired mid-journey, and records nothing', async () => {
    const email = 'expired-midway@example.com';
    const token = await newToken(sim);
    const tab = await open('/sdk.html');
    await openModal(tab, { token, fn: 'Ada', ln: 'Lovelace', email });
    const frame = tab.frameLocator('#veratad-frame');
    await button(frame, 'Pass').waitFor();
    sim.tokens.expire(token);
    await button(frame, 'Pass').click();
    await waitForCalls(tab, 2);
    assert.equal((await tab.evaluate(() => (window as unknown as HostWindow).calls))[1]?.name, 'onSuccess');
    assert.equal(await shownText(frame.locator('#outcome-recorded')), 'Not recorded: the token is expired.');
    assert.deepEqual((await status(email)).body, { found: false });
  });
});
