import { expect } from '@open-wc/testing';
import { computeExpiry, jwtExpiry, parseExpiresAt } from '../../src/expiry.js';
import { backoffDelay, parseRetryAfter } from '../../src/retry.js';
import { parseFrameMessage } from '../../src/messages.js';
import { sdkParamsOf, tokenRequestOf, type ElementSettings } from '../../src/config.js';
import { checkLink } from '../../src/token-response.js';
import { jwtWithExp } from './helpers.js';

describe('expiry arithmetic', () => {
  it('reads a numeric exp from a JWT payload, base64url-encoded', () => {
    expect(jwtExpiry(jwtWithExp(1_900_000_000))).to.equal(1_900_000_000);
  });

  it('ignores tokens that are not JWTs or have no numeric exp', () => {
    expect(jwtExpiry('393d50f9-2703-4100-9e4b-dfd8e4fda493')).to.equal(undefined);
    expect(jwtExpiry('a.b.c')).to.equal(undefined);
    const noExp = `${btoa('{}')}.${btoa(JSON.stringify({ exp: 'soon' }))}.x`;
    expect(jwtExpiry(noExp)).to.equal(undefined);
  });

  it('parses expires_at as ISO text or epoch seconds', () => {
    expect(parseExpiresAt('2030-01-01T00:00:00Z')).to.equal(Date.UTC(2030, 0, 1));
    expect(parseExpiresAt(1_900_000_000)).to.equal(1_900_000_000_000);
    expect(parseExpiresAt('tomorrow')).to.equal(undefined);
  });

  it('takes the earliest of expires_at, expires_in, exp and the lifetime', () => {
    const now = 1_000_000_000_000;
    const base = { now, token: 'opaque', lifetimeSeconds: 21600 };
    expect(computeExpiry(base)).to.equal(now + 21600_000);
    expect(computeExpiry({ ...base, expiresIn: 60 })).to.equal(now + 60_000);
    expect(computeExpiry({ ...base, expiresAt: now + 30_000, expiresIn: 60 })).to.equal(now + 30_000);
    expect(computeExpiry({ ...base, token: jwtWithExp(now / 1000 + 10) })).to.equal(now + 10_000);
  });
});

describe('retry backoff', () => {
  it('is 0.5 s then 1.5 s, with ±20 % jitter', () => {
    expect(backoffDelay(0, () => 0.5)).to.equal(500);
    expect(backoffDelay(1, () => 0.5)).to.equal(1500);
    expect(backoffDelay(0, () => 0)).to.equal(400);
    expect(backoffDelay(0, () => 1)).to.equal(600);
    expect(backoffDelay(1, () => 0)).to.equal(1200);
    expect(backoffDelay(1, () => 1)).to.equal(1800);
  });

  it('reads Retry-After as seconds or an HTTP date, capped at 10 s', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0);
    expect(parseRetryAfter('2', now)).to.equal(2000);
    expect(parseRetryAfter('120', now)).to.equal(10_000);
    expect(parseRetryAfter(new Date(now + 3000).toUTCString(), now)).to.equal(3000);
    expect(parseRetryAfter(new Date(now - 3000).toUTCString(), now)).to.equal(0);
    expect(parseRetryAfter('later', now)).to.equal(undefined);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
  });
});

describe('frame messages', () => {
  const cases: Array<[unknown, unknown[]]> = [
    [
      { status: 'PASS', component: 'DCAMS', error: '', event: '' },
      [{ kind: 'status', status: 'PASS', component: 'DCAMS' }],
    ],
    [{ status: 'PENDING', component: 'KBA' }, [{ kind: 'status', status: 'PENDING', component: 'KBA' }]],
    [{ status: '', error: 'VELOCITY' }, [{ kind: 'error', code: 'velocity' }]],
    [{ error: 'BAD TOKEN' }, [{ kind: 'error', code: 'bad-token' }]],
    [{ error: 'ALREADY VERIFIED' }, [{ kind: 'error', code: 'already-verified' }]],
    [{ error: 'PENDING' }, [{ kind: 'error', code: 'pending' }]],
    [{ error: 'ERROR' }, [{ kind: 'error', code: 'session' }]],
    [{ event: 'REATTEMPT', component: 'IDMATCH' }, [{ kind: 'step', step: 'REATTEMPT', component: 'IDMATCH' }]],
    [{ event: 'EMAIL' }, [{ kind: 'step', step: 'EMAIL' }]],
    [{ event: 'QR' }, [{ kind: 'step', step: 'QR' }]],
    [{ event: 'CLOSE' }, [{ kind: 'close' }]],
    [
      { status: 'FAIL', component: 'DCAMS', event: 'CLOSE' },
      [{ kind: 'status', status: 'FAIL', component: 'DCAMS' }, { kind: 'close' }],
    ],
    [{ event: 'NEXT', app: 'PHONEMATCH' }, [{ kind: 'step', step: 'NEXT', component: 'PHONEMATCH' }]],
    [{ event: 'CLOSED', app: 'DCAMS_AUTO_SCAN' }, [{ kind: 'close' }]],
    [{ event: 'ERROR', app: 'IDMATCH_KBA' }, [{ kind: 'error', code: 'session' }]],
    [{ event: 'COMPLETE', app: 'DCAMS_AUTO_SCAN' }, [{ kind: 'status', status: 'PASS', component: 'DCAMS_AUTO_SCAN' }]],
    [{ event: 'COMPLETE AND IN REVIEW' }, [{ kind: 'status', status: 'REVIEW' }]],
    ['PASS', [{ kind: 'status', status: 'PASS' }]],
    ['FAIL', [{ kind: 'status', status: 'FAIL' }]],
    ['ALREADY VERIFIED', [{ kind: 'error', code: 'already-verified' }]],
    ['ERROR', [{ kind: 'error', code: 'session' }]],
    ['LINK EXPIRED', [{ kind: 'expired' }]],
    ['BOT DETECTED', [{ kind: 'error', code: 'bot-detected' }]],
    ['CLOSE', [{ kind: 'close' }]],
    ['"PASS"', [{ kind: 'status', status: 'PASS' }]],
    ['{"status":"FAIL","component":"KBA"}', [{ kind: 'status', status: 'FAIL', component: 'KBA' }]],
    [
      '{"event":"COMPLETE AND IN REVIEW","app":"IDMATCH"}',
      [{ kind: 'status', status: 'REVIEW', component: 'IDMATCH' }],
    ],
  ];
  for (const [data, expected] of cases) {
    it(`reads ${JSON.stringify(data)}`, () => {
      expect(parseFrameMessage(data)).to.deep.equal(expected);
    });
  }

  it('ignores everything that is not a documented message', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      true,
      [],
      ['PASS'],
      {},
      { status: 'MAYBE' },
      { event: 'DANCE' },
      { status: 5 },
      'HELLO',
      '{not json',
      '{"status":"WHAT"}',
      'x'.repeat(2_000_000),
      { status: 'PASS'.padEnd(100, ' ') + 'x' },
      { data: 'PASS' },
      '[1,2]',
    ];
    for (const data of garbage) expect(parseFrameMessage(data), String(data).slice(0, 40)).to.deep.equal([]);
  });

  it('drops an over-long component name but keeps the status', () => {
    expect(parseFrameMessage({ status: 'PASS', component: 'C'.repeat(500) })).to.deep.equal([
      { kind: 'status', status: 'PASS' },
    ]);
  });
});

describe('settings to requests', () => {
  const base = {
    tokenLifetime: 1,
    expiryWarning: 0,
    timeout: 1,
    retries: 0,
    credentials: 'omit',
    sdkSrc: '',
    sdkCss: '',
    frameTimeout: 1,
  } satisfies ElementSettings;

  it('maps attributes to Web SDK parameters, booleans only when true', () => {
    const params = sdkParamsOf({
      ...base,
      firstName: 'Ada',
      lastName: 'Lovelace',
      address: '1 Main St',
      city: 'Boston',
      state: 'MA',
      zip: '02101',
      dob: '19901231',
      email: 'a@example.com',
      phone: '5551234',
      country: 'US',
      reference: 'r1',
      language: 'en',
      styleToken: 'st',
      international: true,
      qr: false,
      emailFallback: true,
      bypassDesktopIntro: true,
    });
    expect(params).to.deep.equal({
      fn: 'Ada',
      ln: 'Lovelace',
      addr: '1 Main St',
      city: 'Boston',
      state: 'MA',
      zip: '02101',
      dob: '19901231',
      email: 'a@example.com',
      phone: '5551234',
      country: 'US',
      reference: 'r1',
      language: 'en',
      styleToken: 'st',
      international: true,
      email_fallback: true,
      bypassDesktopIntro: true,
    });
  });

  it('sends only the ids that are set', () => {
    expect(tokenRequestOf({ ...base, journeyId: 'J', brandingId: 'B' })).to.deep.equal({
      journey_id: 'J',
      branding_id: 'B',
    });
    expect(tokenRequestOf(base)).to.deep.equal({});
  });

  it('accepts https links anywhere and http only on the local machine', () => {
    expect(checkLink('https://frontend.dcams.app?request_id=1')).to.equal('https://frontend.dcams.app/?request_id=1');
    expect(checkLink('http://localhost:5173/frame')).to.equal('http://localhost:5173/frame');
    expect(checkLink('http://127.0.0.1/frame')).to.equal('http://127.0.0.1/frame');
    expect(checkLink('http://fe.dcams.app/x')).to.equal(undefined);
    expect(checkLink('http://[::1]:9/x')).to.equal(undefined);
    expect(checkLink('javascript:alert(1)')).to.equal(undefined);
    expect(checkLink('not a url')).to.equal(undefined);
  });
});
