// The element accepts the server half's answers: the JSON createTokenHandler sent (captured on the wire) has
// the handler's shape, and the element's veratad-token says the same thing, in both modes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Response } from 'playwright';
import { useSuite, TOKEN_PATH, simulatorSettings, type DemoPage } from './harness.js';

interface HandlerAnswer {
  token: string;
  expires_at: string;
  settings: Record<string, string>;
  link?: string;
}

const isTokenAnswer = (mode: string) => (response: Response) => {
  const url = new URL(response.url());
  return url.pathname === TOKEN_PATH && url.searchParams.get('mode') === mode && response.request().method() === 'POST';
};

/** The handler's documented 200: `{token, expires_at (ISO), settings: {…strings}, link?}` and nothing else. */
async function readHandlerAnswer(response: Response, withLink: boolean): Promise<HandlerAnswer> {
  assert.equal(response.status(), 200);
  const headers = response.headers();
  assert.equal(headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(headers['cache-control'], 'no-store');
  assert.equal(headers['x-content-type-options'], 'nosniff');
  const body = (await response.json()) as HandlerAnswer;
  assert.deepEqual(
    Object.keys(body).sort(),
    withLink ? ['expires_at', 'link', 'settings', 'token'] : ['expires_at', 'settings', 'token'],
  );
  assert.equal(typeof body.token, 'string');
  assert.ok(body.token.length > 0);
  assert.equal(new Date(body.expires_at).toISOString(), body.expires_at, 'expires_at is an ISO time');
  assert.ok(Object.values(body.settings).every((value) => typeof value === 'string'));
  return body;
}

describe("e2e: the element accepts createTokenHandler's answers", () => {
  const suite = useSuite('handler');

  async function checkAccepted(
    demo: DemoPage,
    body: HandlerAnswer,
    since: number,
    mode: 'sdk' | 'link',
  ): Promise<void> {
    const token = await demo.nextEvent('veratad-token', since);
    assert.deepEqual(token.detail, {
      mode,
      // The element's own cap (token-lifetime, 6 h in the demo) starts later than the handler's clock, so the
      // handler's expires_at is the earlier bound and wins.
      expiresAt: Date.parse(body.expires_at),
      settings: body.settings,
    });
    assert.deepEqual(body.settings, simulatorSettings(suite().simulatorOrigin));
    const ready = await demo.nextEvent('veratad-ready', since);
    assert.deepEqual(ready.detail, { mode });
    await demo.assertTokenNotExposed(body.token);
  }

  it('SDK mode: {token, expires_at, settings} becomes veratad-token and the SDK session', async () => {
    // The demo mounts its element as soon as it loads: start waiting for the answer before navigating.
    let answered: Promise<Response> | undefined;
    const demo = await suite().open('sdk', (page) => {
      answered = page.waitForResponse(isTokenAnswer('sdk'));
    });
    const body = await readHandlerAnswer(await answered!, false);
    await checkAccepted(demo, body, -1, 'sdk');
    assert.equal(demo.requests.length, 1);
    assert.equal(demo.requests[0].body, '{}', 'the element sends the (absent) ids as an empty JSON object');
    await demo.sdkFrame.waitFor({ state: 'visible' });
    await demo.screenshot('sdk-accepted');
    await demo.assertClean();
  });

  it('link mode: {token, expires_at, settings, link} becomes veratad-token and the frame on that link', async () => {
    const demo = await suite().open('link');
    await demo.nextEvent('veratad-ready');
    const since = await demo.mark();
    const answered = demo.page.waitForResponse(isTokenAnswer('link'));
    await demo.applyMode('link');
    const body = await readHandlerAnswer(await answered, true);
    await checkAccepted(demo, body, since, 'link');
    assert.ok(body.link!.startsWith(`${suite().simulatorOrigin}/frame?request_id=`));
    assert.ok(!body.link!.includes(body.token), 'the link does not carry the token');
    assert.equal(await demo.linkFrame.getAttribute('src'), body.link);
    await demo.screenshot('link-accepted');
    await demo.assertClean();
  });

  it("a shorter token-lifetime caps the handler's expires_at", async () => {
    const demo = await suite().open('capped');
    await demo.nextEvent('veratad-ready');
    await demo.element.evaluate((element) => element.setAttribute('token-lifetime', '60'));
    const since = await demo.mark();
    const startedAt = await demo.page.evaluate(() => Date.now());
    const answered = demo.page.waitForResponse(isTokenAnswer('sdk'));
    await demo.page.locator('#restart').click();
    const body = await readHandlerAnswer(await answered, false);
    const token = await demo.nextEvent('veratad-token', since);
    assert.equal(token.detail.mode, 'sdk');
    assert.deepEqual(token.detail.settings, body.settings);
    // Capped: 60 s from when the answer arrived, well before the handler's 6 h.
    assert.ok(token.detail.expiresAt < Date.parse(body.expires_at));
    assert.ok(
      token.detail.expiresAt >= startedAt + 60_000 && token.detail.expiresAt <= token.at + 60_000,
      `expiresAt ${token.detail.expiresAt}`,
    );
    await demo.nextEvent('veratad-ready', since);
    await demo.assertTokenNotExposed(body.token);
    await demo.assertClean();
  });
});
