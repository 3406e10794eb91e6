// src/config.ts: the element's settings as the token request and the Web SDK's parameters.
import { expect } from '@open-wc/testing';
import { sdkParamsOf, tokenRequestOf, type ElementSettings } from '../../../src/config.js';

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
    confirmTimeout: 1,
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
});
