import { expect } from '@open-wc/testing';
import { EVENT_NAMES } from '../../../src/events.js';
import { fakeFrameLink, uniqueKey } from '../support/endpoint.js';
import { until } from '../support/page.js';

// The BUILT bundle (dist/veratad-verify.js; part of the bundle run, see web-test-runner.config.mjs) on a page
// served with "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self' http://localhost:*".
// fixtures/csp-page.js drives the element there and records everything on window.__cspPage.

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}
interface View {
  phase: string | null;
  role: string | null;
  busy: string | null;
  text: string | null;
  button: string | null;
  display: string | null;
  hostDisplay: string;
}
interface CspPageState {
  violations: Violation[];
  events: Array<{ type: string; id: string; detail: Record<string, unknown> }>;
  views: {
    linkLoading: View;
    linkReady: {
      phase: string | null;
      status: boolean;
      frame: {
        part: string | null;
        src: string | null;
        title: string | null;
        allow: string | null;
        height: string;
      } | null;
    };
    linkClosed: View;
    error: View;
    sdkReady: {
      phase: string | null;
      frameInside: boolean;
      frameDisplay: string | null;
      frameBorder: string | null;
      stylesheetLoaded: boolean;
      modals: number;
      scripts: number;
      stylesheets: number;
    };
  };
  hints: string[];
  done: boolean;
  failure: string | null;
}

describe('under a strict Content-Security-Policy', () => {
  let frame: HTMLIFrameElement;
  let page: CspPageState;

  before(async () => {
    frame = document.createElement('iframe');
    frame.title = 'strict CSP page';
    const query = new URLSearchParams({ key: uniqueKey('csp'), events: EVENT_NAMES.join(' ') });
    frame.src = `/csp/csp-page.html?${query}`;
    document.body.append(frame);
    await until(
      () => (frame.contentWindow as unknown as { __cspPage?: CspPageState } | null)?.__cspPage?.done === true,
      'the CSP page',
      8000,
    );
    page = (frame.contentWindow as unknown as { __cspPage: CspPageState }).__cspPage;
  });

  after(() => {
    frame.remove();
  });

  it('the page really is served with the strict policy', async () => {
    const response = await fetch('/csp/csp-page.html');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).to.contain("script-src 'self'");
    expect(policy).to.contain("style-src 'self'");
    expect(policy).to.contain("connect-src 'self'");
    expect((await fetch('/csp/dist/veratad-verify.js')).ok, 'dist/veratad-verify.js is built').to.equal(true);
  });

  it('loads and runs the built element with zero securitypolicyviolation events', () => {
    expect(page.failure).to.equal(null);
    expect(page.violations).to.deep.equal([]);
  });

  it('link mode works there: token, loading view, iframe ready, frame messages, closed view', () => {
    const link = page.events.filter((e) => e.id === 'link').map((e) => e.type);
    expect(link).to.deep.equal(['veratad-token', 'veratad-ready', 'veratad-message', 'veratad-close']);
    const { linkLoading, linkReady, linkClosed } = page.views;
    expect(linkLoading).to.include({
      phase: 'loading',
      role: 'status',
      busy: 'true',
      display: 'block',
      hostDisplay: 'block',
    });
    expect(linkLoading.text).to.not.equal('');
    expect(linkReady.phase).to.equal('ready');
    expect(linkReady.status).to.equal(false);
    expect(linkReady.frame).to.deep.equal({
      part: 'frame',
      src: fakeFrameLink(),
      title: 'Identity verification',
      allow: 'camera; fullscreen',
      height: '670px',
    });
    expect(linkClosed).to.include({ phase: 'closed', role: 'status', button: 'Start again' });
  });

  it('the error view renders there with role=alert and the backend message', () => {
    const errors = page.events.filter((e) => e.id === 'failing' && e.type === 'veratad-error');
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['rejected']);
    expect(page.views.error).to.include({ phase: 'error', role: 'alert', button: null, display: 'block' });
    expect(page.views.error.text).to.contain('Refused under a strict CSP');
  });

  it('SDK mode works there: script and stylesheet added, hidden light-DOM frame, modal opened', () => {
    const sdk = page.events.filter((e) => e.id === 'sdk').map((e) => e.type);
    expect(sdk).to.deep.equal(['veratad-token', 'veratad-ready']);
    expect(page.views.sdkReady).to.deep.equal({
      phase: 'ready',
      frameInside: true,
      frameDisplay: 'none',
      frameBorder: '0px',
      stylesheetLoaded: true,
      modals: 1,
      scripts: 1,
      stylesheets: 1,
    });
  });

  it('preload and the preconnect hint work there too: one hint for the frame origin, no violation', () => {
    expect(page.hints).to.deep.equal([new URL(fakeFrameLink()).origin]);
    expect(page.violations).to.deep.equal([]);
  });

  it('the recorder works: a deliberate inline <style> on that page is reported as a violation', async () => {
    const doc = frame.contentDocument!;
    const before = page.violations.length;
    const style = doc.createElement('style');
    style.textContent = 'main { color: rgb(9, 9, 9); }';
    doc.head.append(style);
    try {
      await until(() => page.violations.length > before, 'the violation report');
      expect(page.violations[before].directive).to.equal('style-src-elem');
    } finally {
      style.remove();
    }
  });
});
