import { expect } from '@open-wc/testing';
import type { VeratadVerify } from '../../src/index.js';
import {
  EventLog,
  jwtWithExp,
  nextEvent,
  requestsFor,
  tokenUrl,
  uniqueKey,
  until,
  wait,
  type Step,
} from './helpers.js';

const FAKE_SDK = '/test/browser/fixtures/fake-sdk.js';

function mount(plan: Step[] | undefined, extra: Partial<VeratadVerify> = {}) {
  const key = uniqueKey();
  const el = document.createElement('veratad-verify');
  Object.assign(el, { tokenUrl: tokenUrl(key, plan), sdkSrc: FAKE_SDK, ...extra });
  const log = new EventLog(el);
  document.body.append(el);
  return { el, log, key };
}

describe('expiry', () => {
  afterEach(() => {
    document.querySelectorAll('veratad-verify').forEach((el) => el.remove());
  });

  it('a 1 s token-lifetime warns, then expires: session torn down, phase expired, expired view', async () => {
    const { el, log } = mount(undefined, { tokenLifetime: 1 });
    const token = await nextEvent(el, 'veratad-token');
    const expired = await nextEvent(el, 'veratad-expired');
    expect(expired).to.deep.equal({ expiresAt: token.expiresAt, reason: 'lifetime' });
    expect(Date.now()).to.be.at.least(token.expiresAt);
    expect(el.phase).to.equal('expired');
    expect(el.getAttribute('phase')).to.equal('expired');
    expect(document.getElementById('veratad-frame')).to.equal(null);
    const [warning] = log.of('veratad-expiring');
    expect(warning!.expiresAt).to.equal(token.expiresAt);
    expect(warning!.remaining).to.be.within(1, 1000);
    expect(log.of('veratad-expiring')).to.have.length(1);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('expired');
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Start again');
  });

  it("fires veratad-expired once when the vendor's destroy() hands focus back during teardown", async () => {
    const { el, log } = mount(undefined, { tokenLifetime: 1 });
    await nextEvent(el, 'veratad-expired');
    await wait(50);
    expect(log.of('veratad-expired')).to.have.length(1);
    expect(el.phase).to.equal('expired');
  });

  it('fires veratad-expiring once, expiry-warning seconds before expiry', async () => {
    const { el, log } = mount(undefined, { tokenLifetime: 2, expiryWarning: 1 });
    const token = await nextEvent(el, 'veratad-token');
    const warning = await nextEvent(el, 'veratad-expiring');
    expect(Date.now()).to.be.at.least(token.expiresAt - 1000);
    expect(warning.remaining).to.be.at.most(1000);
    await nextEvent(el, 'veratad-expired');
    expect(log.of('veratad-expiring')).to.have.length(1);
  });

  it('expiry-warning="0" turns the warning off', async () => {
    const { el, log } = mount(undefined, { tokenLifetime: 1, expiryWarning: 0 });
    await nextEvent(el, 'veratad-expired');
    expect(log.of('veratad-expiring')).to.have.length(0);
  });

  it("expires at a JWT's exp", async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const { el } = mount([{ body: { token: jwtWithExp(exp) } }]);
    const token = await nextEvent(el, 'veratad-token');
    expect(token.expiresAt).to.equal(exp * 1000);
    const expired = await nextEvent(el, 'veratad-expired');
    expect(expired.expiresAt).to.equal(exp * 1000);
    expect(Date.now()).to.be.at.least(exp * 1000);
  });

  it('auto-restart starts a fresh session instead of showing the expired view', async () => {
    const { el, log, key } = mount(undefined, { tokenLifetime: 1, autoRestart: true });
    await nextEvent(el, 'veratad-expired');
    await until(() => log.of('veratad-token').length === 2, 'the second token');
    expect(await requestsFor(key)).to.have.length(2);
    expect(['loading', 'ready']).to.include(el.phase);
  });

  it('re-checks the clock when the page becomes visible again (a laptop that slept)', async () => {
    const { el, log } = mount(undefined);
    await nextEvent(el, 'veratad-ready');
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 7 * 3600 * 1000;
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      Date.now = realNow;
    }
    expect(log.of('veratad-expired')).to.have.length(1);
    expect(log.of('veratad-expired')[0]!.reason).to.equal('lifetime');
    expect(el.phase).to.equal('expired');
  });

  it('re-checks the clock when the window regains focus', async () => {
    const { el, log } = mount(undefined);
    await nextEvent(el, 'veratad-ready');
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 6 * 3600 * 1000 + 1000;
      window.dispatchEvent(new Event('focus'));
    } finally {
      Date.now = realNow;
    }
    expect(log.of('veratad-expired')).to.have.length(1);
  });

  it('a wake-up before the warning time fires nothing', async () => {
    const { el, log } = mount(undefined);
    await nextEvent(el, 'veratad-ready');
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(log.of('veratad-expired')).to.have.length(0);
    expect(log.of('veratad-expiring')).to.have.length(0);
  });

  it('stops the expiry timers once the verification is complete', async () => {
    const { el, log } = mount(undefined, { tokenLifetime: 1, expiryWarning: 0 });
    await nextEvent(el, 'veratad-ready');
    const sdk = (window as unknown as { __fakeSdk: { modals: Array<{ options: Record<string, () => void> }> } })
      .__fakeSdk;
    sdk.modals.at(-1)!.options.onSuccess!();
    expect(el.phase).to.equal('complete');
    await wait(1300);
    expect(log.of('veratad-expired')).to.have.length(0);
  });

  it('stops the expiry timers when the session is closed', async () => {
    const { el, log } = mount(undefined, { tokenLifetime: 1, expiryWarning: 0 });
    await nextEvent(el, 'veratad-ready');
    el.close();
    await wait(1300);
    expect(log.of('veratad-expired')).to.have.length(0);
    expect(el.phase).to.equal('closed');
  });
});
