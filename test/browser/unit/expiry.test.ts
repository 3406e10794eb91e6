// src/expiry.ts: when a token stops being usable.
import { expect } from '@open-wc/testing';
import { computeExpiry, jwtExpiry, parseExpiresAt } from '../../../src/expiry.js';
import { jwtWithExp } from '../support/endpoint.js';

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
