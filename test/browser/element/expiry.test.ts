import { expect } from '@open-wc/testing';
import { useFakeClock } from '../support/clock.js';
import { mount, nextEvent, sdkFrameCount, viewButton } from '../support/element.js';
import { jwtWithExp } from '../support/endpoint.js';
import { callback, onlyModal } from '../support/fake-sdk.js';

// The token's lifetime on a fake clock: each test moves time to the exact millisecond something is due. The token
// request and the fake Web SDK still run for real (SDK mode, ready before the clock moves).

const HOUR = 3600_000;

describe('expiry', () => {
  it('a 1 s token-lifetime warns at once, then expires on the millisecond: session torn down, expired view', async () => {
    const clock = useFakeClock();
    const { el, log, ready } = mount({ props: { tokenLifetime: 1 } });
    const token = await nextEvent(el, 'veratad-token');
    await ready;
    const [warning] = log.of('veratad-expiring');
    expect(warning).to.deep.equal({ expiresAt: token.expiresAt, remaining: 1000 });

    await clock.tick(token.expiresAt - Date.now() - 1);
    expect(log.of('veratad-expired')).to.have.length(0);
    await clock.tick(1);
    expect(log.of('veratad-expired')).to.deep.equal([{ expiresAt: token.expiresAt, reason: 'lifetime' }]);
    expect(el.phase).to.equal('expired');
    expect(el.getAttribute('phase')).to.equal('expired');
    expect(onlyModal().destroyed).to.equal(1);
    expect(sdkFrameCount()).to.equal(0);
    expect(log.of('veratad-expiring')).to.have.length(1);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('expired');
    expect(viewButton(el)!.textContent).to.equal('Start again');
  });

  it("fires veratad-expired once when the vendor's destroy() hands focus back during teardown", async () => {
    const clock = useFakeClock();
    const { el, log, ready } = mount({ props: { tokenLifetime: 1 } });
    await ready;
    await clock.tick(1000);
    expect(onlyModal().destroyed).to.equal(1);
    await clock.tick(HOUR);
    expect(log.of('veratad-expired')).to.have.length(1);
    expect(el.phase).to.equal('expired');
    expect(clock.pending()).to.equal(0);
  });

  it('fires veratad-expiring once, expiry-warning seconds before expiry', async () => {
    const clock = useFakeClock();
    const { el, log, ready } = mount({ props: { tokenLifetime: 2, expiryWarning: 1 } });
    const token = await nextEvent(el, 'veratad-token');
    await ready;
    await clock.tick(token.expiresAt - 1000 - Date.now() - 1);
    expect(log.of('veratad-expiring')).to.have.length(0);
    await clock.tick(1);
    expect(log.of('veratad-expiring')).to.deep.equal([{ expiresAt: token.expiresAt, remaining: 1000 }]);
    await clock.tick(999);
    expect(log.of('veratad-expired')).to.have.length(0);
    await clock.tick(1);
    expect(log.of('veratad-expired')).to.have.length(1);
    expect(log.of('veratad-expiring')).to.have.length(1);
  });

  it('expiry-warning="0" turns the warning off', async () => {
    const clock = useFakeClock();
    const { log, ready } = mount({ props: { tokenLifetime: 1, expiryWarning: 0 } });
    await ready;
    await clock.tick(1000);
    expect(log.of('veratad-expired')).to.have.length(1);
    expect(log.of('veratad-expiring')).to.have.length(0);
  });

  it("expires at a JWT's exp", async () => {
    const clock = useFakeClock();
    const exp = Math.floor(Date.now() / 1000) + 2;
    const { el, log, ready } = mount({ plan: [{ body: { token: jwtWithExp(exp) } }] });
    const token = await nextEvent(el, 'veratad-token');
    expect(token.expiresAt).to.equal(exp * 1000);
    await ready;
    await clock.tick(exp * 1000 - Date.now() - 1);
    expect(log.of('veratad-expired')).to.have.length(0);
    await clock.tick(1);
    expect(log.of('veratad-expired')).to.deep.equal([{ expiresAt: exp * 1000, reason: 'lifetime' }]);
  });

  it('auto-restart starts a fresh session (a new token request) instead of showing the expired view', async () => {
    const clock = useFakeClock();
    const { el, log, ready, requests } = mount({ props: { tokenLifetime: 1, autoRestart: true } });
    await ready;
    // Read right after veratad-expired and its restart (one synchronous run), before any answer can arrive.
    const restarted = nextEvent(el, 'veratad-expired').then(() => ({
      phase: el.phase,
      token: nextEvent(el, 'veratad-token'),
    }));
    await clock.tick(1000);
    const { phase, token } = await restarted;
    expect(phase).to.equal('loading');
    await token;
    expect(log.of('veratad-expired')).to.have.length(1);
    expect(await requests(2)).to.have.length(2);
    expect(log.of('veratad-token')).to.have.length(2);
  });

  it('re-checks the clock when the page becomes visible again (a laptop that slept)', async () => {
    const clock = useFakeClock();
    const { el, log, ready } = mount();
    await ready;
    clock.jump(7 * HOUR);
    expect(log.of('veratad-expired'), 'no timer fired').to.have.length(0);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(log.of('veratad-expired')).to.have.length(1);
    expect(log.of('veratad-expired')[0].reason).to.equal('lifetime');
    expect(el.phase).to.equal('expired');
  });

  it('re-checks the clock when the window regains focus', async () => {
    const clock = useFakeClock();
    const { log, ready } = mount();
    await ready;
    clock.jump(6 * HOUR + 1000);
    window.dispatchEvent(new Event('focus'));
    expect(log.of('veratad-expired')).to.have.length(1);
  });

  it('a wake-up before the warning time fires nothing', async () => {
    const clock = useFakeClock();
    const { el, log, ready } = mount();
    await ready;
    clock.jump(HOUR);
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(log.of('veratad-expired')).to.have.length(0);
    expect(log.of('veratad-expiring')).to.have.length(0);
    expect(el.phase).to.equal('ready');
  });

  it('stops the expiry timers once the verification is complete', async () => {
    const clock = useFakeClock();
    const { el, log, ready } = mount({ props: { tokenLifetime: 1, expiryWarning: 0 } });
    await ready;
    callback(onlyModal(), 'onSuccess');
    expect(el.phase).to.equal('complete');
    expect(clock.pending(), 'no timer left').to.equal(0);
    await clock.tick(HOUR);
    expect(log.of('veratad-expired')).to.have.length(0);
  });

  it('stops the expiry timers when the session is closed', async () => {
    const clock = useFakeClock();
    const { el, log, ready } = mount({ props: { tokenLifetime: 1, expiryWarning: 0 } });
    await ready;
    el.close();
    expect(clock.pending(), 'no timer left').to.equal(0);
    await clock.tick(HOUR);
    expect(log.of('veratad-expired')).to.have.length(0);
    expect(el.phase).to.equal('closed');
  });
});
