import { expect } from '@open-wc/testing';
import type { VeratadVerify } from '../../../src/index.js';
import type { VeratadErrorDetail, VeratadTokenDetail } from '../../../src/events.js';
import { EventLog, mount, nextEvent, statusView, tokenOrError } from '../support/element.js';
import { jwtWithExp, tokenUrl, uniqueKey, veratadBody, type Step } from '../support/endpoint.js';
import { recordFetches } from '../support/page.js';

// How the element judges the token endpoint's answer (and its own configuration, before any request).

/** Mounts an element against a one-step plan and resolves once it fired its token or its error. */
async function answer(step: Step, props: Partial<VeratadVerify> = {}) {
  const mounted = mount({ plan: [step], props: { retries: 0, ...props } });
  await tokenOrError(mounted.el);
  return mounted;
}

async function tokenOf(step: Step, props: Partial<VeratadVerify> = {}): Promise<VeratadTokenDetail> {
  const { el, log } = await answer(step, props);
  el.remove();
  const [token] = log.of('veratad-token');
  if (!token) throw new Error(`expected a token, got ${JSON.stringify(log.events)}`);
  return token;
}

async function errorOf(step: Step, props: Partial<VeratadVerify> = {}): Promise<VeratadErrorDetail> {
  const { el, log } = await answer(step, props);
  const phase = el.phase;
  el.remove();
  const [error] = log.of('veratad-error');
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(log.events)}`);
  expect(phase).to.equal('error');
  return error;
}

describe('token responses', () => {
  it("accepts Veratad's own answer and reports its settings without the token", async () => {
    const before = Date.now();
    const token = await tokenOf({ body: veratadBody('11111111-2222-4333-8444-555555555555') });
    expect(token.mode).to.equal('sdk');
    expect(token.settings).to.deep.equal({ age: '21+', rules: 'R1', store_on: 'FAIL' });
    expect(JSON.stringify(token)).to.not.contain('11111111-2222');
    expect(token.expiresAt).to.be.within(before + 21600_000 - 1000, Date.now() + 21600_000);
  });

  it('accepts the normalized answer with an ISO expires_at and settings', async () => {
    const expires = new Date(Date.now() + 3600_000);
    const token = await tokenOf({
      body: { token: 'abc', expires_at: expires.toISOString(), settings: { age: '18+' } },
    });
    expect(token.expiresAt).to.equal(expires.getTime());
    expect(token.settings).to.deep.equal({ age: '18+' });
  });

  it('accepts expires_at in epoch seconds', async () => {
    const seconds = Math.floor(Date.now() / 1000) + 600;
    const token = await tokenOf({ body: { token: 'abc', expires_at: seconds } });
    expect(token.expiresAt).to.equal(seconds * 1000);
  });

  it('uses now + expires_in when that is the earliest', async () => {
    const before = Date.now();
    const token = await tokenOf({
      body: { token: 'abc', expires_in: 120, expires_at: Math.floor(Date.now() / 1000) + 3600 },
    });
    expect(token.expiresAt).to.be.within(before + 120_000, Date.now() + 120_000);
  });

  it('caps any expiry at now + token-lifetime', async () => {
    const before = Date.now();
    const token = await tokenOf({ body: { token: 'abc', expires_in: 3600 } }, { tokenLifetime: 60 });
    expect(token.expiresAt).to.be.within(before + 60_000, Date.now() + 60_000);
  });

  it("trusts a JWT's exp over the documented lifetime", async () => {
    const exp = Math.floor(Date.now() / 1000) + 90;
    const token = await tokenOf({ body: { token: jwtWithExp(exp) } });
    expect(token.expiresAt).to.equal(exp * 1000);
  });

  it('accepts the JWT envelope {statusCode:"200", body:{token}}', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const token = await tokenOf({ body: { statusCode: '200', body: { token: jwtWithExp(exp) } } });
    expect(token.mode).to.equal('sdk');
    expect(token.expiresAt).to.equal(exp * 1000);
  });

  it('an envelope with another statusCode is rejected', async () => {
    const error = await errorOf({ body: { statusCode: '403', body: { message: 'Forbidden key' } } });
    expect(error).to.deep.equal({ code: 'rejected', message: 'Forbidden key', retryable: false, status: 200 });
  });

  it('a normalized answer with a link selects link mode', async () => {
    const token = await tokenOf({ body: { token: 'abc', link: 'https://frontend.dcams.app?request_id=1' } });
    expect(token.mode).to.equal('link');
  });

  it('Veratad\'s {"result":"Error"} answer is rejected with its message, whatever the status', async () => {
    const body = { result: 'Error', message: 'Invalid age submitted. Must conform to age+ like 21+', token: '' };
    expect(await errorOf({ status: 400, body })).to.deep.equal({
      code: 'rejected',
      message: body.message,
      retryable: false,
      status: 400,
    });
    expect(await errorOf({ status: 200, body })).to.deep.equal({
      code: 'rejected',
      message: body.message,
      retryable: false,
      status: 200,
    });
  });

  it('{"error":{code,message}} is rejected with its message', async () => {
    const error = await errorOf({
      status: 400,
      body: { error: { code: 'invalid-request', message: 'journey_id is not allowed' } },
    });
    expect(error).to.deep.equal({
      code: 'rejected',
      message: 'journey_id is not allowed',
      retryable: false,
      status: 400,
    });
  });

  it('401 and 403 are unauthorized', async () => {
    expect(await errorOf({ status: 401, body: { error: { message: 'Log in first' } } })).to.deep.equal({
      code: 'unauthorized',
      message: 'Log in first',
      retryable: false,
      status: 401,
    });
    const forbidden = await errorOf({ status: 403, raw: 'Forbidden' });
    expect(forbidden.code).to.equal('unauthorized');
    expect(forbidden.status).to.equal(403);
  });

  it('5xx and 429 are server errors, retryable', async () => {
    for (const status of [500, 502, 503, 429]) {
      const error = await errorOf({ status, body: { error: { message: 'busy' } } });
      expect(error).to.deep.equal({ code: 'server', message: 'busy', retryable: true, status });
    }
  });

  it('anything else is invalid-response with the HTTP status', async () => {
    const cases: Step[] = [
      { raw: 'not json' },
      { raw: '<html>oops</html>', type: 'text/html' },
      { body: { result: 'Success', token: '' } },
      { body: { token: 42 } },
      { body: [] },
      { raw: 'null', type: 'application/json' },
      { body: { token: 'abc', link: 'http://example.com/frame' } },
      { body: { token: 'abc', link: 'javascript:alert(1)' } },
      { body: { token: 'abc', link: 'https://user:pass@frontend.dcams.app/x' } },
      { body: { token: 'abc', link: 'https://user@frontend.dcams.app/x' } },
      { body: { token: 'abc', expires_at: 'soon' } },
      { body: { token: 'abc', expires_in: -5 } },
      { body: { token: 'abc', expires_at: Math.floor(Date.now() / 1000) - 10 } },
      { body: { token: jwtWithExp(Math.floor(Date.now() / 1000) - 10) } },
      { body: { token: 'x'.repeat(9000) } },
      { status: 404, raw: 'Not found' },
    ];
    for (const step of cases) {
      const error = await errorOf(step);
      expect(error.code, JSON.stringify(step).slice(0, 80)).to.equal('invalid-response');
      expect(error.status).to.equal(step.status ?? 200);
      expect(error.retryable).to.equal(false);
    }
  });

  it('accepts http links only on the local machine', async () => {
    const token = await tokenOf({ body: { token: 'abc', link: 'http://127.0.0.1:9/frame' } });
    expect(token.mode).to.equal('link');
  });

  it('keeps error messages short', async () => {
    const error = await errorOf({ status: 400, body: { error: { message: 'x'.repeat(5000) } } });
    expect(error.message.length).to.be.below(400);
  });

  it('drops every setting whose name or value holds the token or the link (a backend echo)', async () => {
    const secret = 'tok-5f0c7d-echoed';
    const veratad = await tokenOf({
      body: { ...veratadBody(secret), echo: secret, note: `token=${secret};`, [`k-${secret}`]: 'x' },
    });
    expect(veratad.settings).to.deep.equal({ age: '21+', rules: 'R1', store_on: 'FAIL' });
    const link = 'https://frontend.dcams.app/s/opaque-link-id';
    const normalized = await tokenOf({
      body: { token: secret, link, settings: { age: '18+', echo: secret, url: `https://x/?t=${secret}`, at: link } },
    });
    expect(normalized.settings).to.deep.equal({ age: '18+' });
  });

  it('an error message holding the token is replaced by a fixed one in the event, and never in the view', async () => {
    const secret = 'tok-8d1e44-in-a-message';
    const cases: Step[] = [
      { status: 400, body: { result: 'Error', message: `token ${secret} refused`, token: secret } },
      { status: 200, body: { result: 'Error', message: `token ${secret} refused`, token: secret } },
      { status: 401, body: { error: { message: `no session for ${secret}` }, token: secret } },
      { status: 503, body: { error: { message: `upstream said ${secret}` }, token: secret } },
      { body: { statusCode: '500', body: { token: secret, message: `failed: ${secret}` } } },
      { body: { statusCode: secret.slice(0, 10), body: { token: secret.slice(0, 10) } } },
    ];
    for (const step of cases) {
      const { el, log } = await answer(step);
      const [error] = log.of('veratad-error');
      await el.updateComplete;
      const what = JSON.stringify(step).slice(0, 90);
      expect(error?.message, what).to.be.a('string').and.not.contain(secret.slice(0, 10));
      expect(statusView(el)?.textContent, what).to.not.contain(secret.slice(0, 10));
      el.remove();
    }
  });

  it('never puts the token in an event, an attribute or the rendered DOM', async () => {
    const secret = 'SECRET-TOKEN-5f0c7d';
    const log = new EventLog(document);
    const { el } = mount({
      tokenUrl: null,
      props: { fetchToken: async () => ({ token: secret, link: 'http://localhost:9/never' }) },
    });
    await nextEvent(el, 'veratad-token');
    await el.updateComplete;
    expect(JSON.stringify(log.events)).to.not.contain(secret);
    expect(el.outerHTML).to.not.contain(secret);
    expect(el.shadowRoot!.innerHTML).to.not.contain(secret);
    for (const name of el.getAttributeNames()) expect(el.getAttribute(name)).to.not.contain(secret);
  });
});

describe('configuration errors', () => {
  const bad: Array<[string, Record<string, string>]> = [
    ['a dob not written YYYYMMDD', { dob: '1990-01-01' }],
    ['a dob with month 13', { dob: '19901301' }],
    ['a negative token-lifetime', { 'token-lifetime': '-1' }],
    ['a token-lifetime that is not a number', { 'token-lifetime': 'long' }],
    ['a zero timeout', { timeout: '0' }],
    ['negative retries', { retries: '-1' }],
    ['fractional retries', { retries: '1.5' }],
    ['an unknown credentials mode', { credentials: 'sometimes' }],
    ['a frame-origins entry that is not an origin', { 'frame-origins': 'https://ok.example not-an-origin' }],
    ['a frame-origins entry with a path', { 'frame-origins': 'https://ok.example/path' }],
    ['a negative expiry-warning', { 'expiry-warning': '-5' }],
  ];
  for (const [what, attributes] of bad) {
    it(`${what} is invalid-config and makes no request`, async () => {
      const fetches = recordFetches();
      const { el } = mount({ attrs: attributes });
      const detail = await nextEvent(el, 'veratad-error');
      expect(detail.code).to.equal('invalid-config');
      expect(detail.retryable).to.equal(false);
      expect(detail.message).to.match(new RegExp(Object.keys(attributes)[0]));
      expect(fetches).to.have.length(0);
    });
  }

  it('a configuration fixed in the same task as insertion reports no error', async () => {
    const { el, log } = mount({ tokenUrl: null });
    el.setAttribute('token-url', tokenUrl(uniqueKey()));
    await nextEvent(el, 'veratad-token');
    expect(log.of('veratad-error')).to.have.length(0);
  });
});
