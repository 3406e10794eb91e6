// The camera preflight's permission states in real Chromium with a fake camera: granted → ok, never asked →
// prompt, denied → denied and the advice line. Here and not in the browser suite because the DevTools protocol's
// Browser.setPermission takes effect in a browser context a test creates itself (under web-test-runner's own
// context it is ignored). The page loads the built bundle (dist/veratad-verify.js) from a server of its own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright';
import { chromiumLaunchOptions } from '../../scripts/find-browser.mjs';
import type { VeratadPreflightDetail } from '../../src/events.js';
import { ENGLISH } from '../../src/strings.js';

const bundle = readFileSync(new URL('../../dist/veratad-verify.js', import.meta.url));
const PAGE = `<!doctype html><html lang="en"><head><title>preflight</title>
<script type="module" src="/veratad-verify.js"></script></head><body></body></html>`;

let server: Server;
let origin: string;
let browser: Browser;

before(async () => {
  server = createServer((request, response) => {
    const script = request.url === '/veratad-verify.js';
    response.writeHead(200, { 'Content-Type': script ? 'text/javascript' : 'text/html' });
    response.end(script ? bundle : PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const options = await chromiumLaunchOptions();
  browser = await chromium.launch({ ...options, args: [...options.args, '--use-fake-device-for-media-stream'] });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A fresh context whose camera permission for the page is `setting`; the element's preflight and advice line. */
async function preflightWith(setting: 'granted' | 'prompt' | 'denied') {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(origin);
    const cdp = await context.newCDPSession(page);
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    await cdp.send('Browser.setPermission', {
      permission: { name: 'camera' },
      setting,
      origin,
      browserContextId: targetInfo.browserContextId,
    });
    return await page.evaluate(async () => {
      await customElements.whenDefined('veratad-verify');
      const el = document.createElement('veratad-verify');
      el.fetchToken = () => new Promise(() => {}); // the preflight needs no session
      const detail = new Promise<VeratadPreflightDetail>((resolve) =>
        el.addEventListener('veratad-preflight', (event) => resolve(event.detail), { once: true }),
      );
      document.body.append(el);
      const preflight = await detail;
      await el.updateComplete;
      const advice = el.shadowRoot!.querySelector('[part="advice"]')?.textContent ?? null;
      const state = (await navigator.permissions.query({ name: 'camera' })).state;
      return { preflight, advice, state };
    });
  } finally {
    await context.close();
  }
}

describe('camera preflight: permission states', () => {
  it('a granted permission and a listed camera give "ok", with no advice', async () => {
    const { preflight, advice } = await preflightWith('granted');
    assert.deepEqual(preflight, { camera: 'ok', secure: true });
    assert.equal(advice, null);
  });

  it('a camera never asked for gives "prompt", with no advice, and the check asks nothing', async () => {
    const { preflight, advice, state } = await preflightWith('prompt');
    assert.deepEqual(preflight, { camera: 'prompt', secure: true });
    assert.equal(advice, null);
    assert.equal(state, 'prompt');
  });

  it('a denied permission gives "denied" and the advice to allow the camera in the settings', async () => {
    const { preflight, advice } = await preflightWith('denied');
    assert.deepEqual(preflight, { camera: 'denied', secure: true });
    assert.equal(advice, ENGLISH.adviceDenied);
  });
});
