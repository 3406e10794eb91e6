import { expect } from '@open-wc/testing';
import { EVENT_NAMES } from '../../../src/events.js';
import { fakeFrameLink, uniqueKey } from '../support/endpoint.js';
import { until } from '../support/page.js';

// The BUILT bundle (dist/veratad-verify.js; part of the bundle run, see web-test-runner.config.mjs) on a page
// served with "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' http://localhost:*;
// frame-src 'self' http://localhost:*" (the link's origin http://localhost:* in connect-src, as docs/security.md
// asks, for the link's reachability check), and on one whose connect-src is only 'self'.
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
    modalOpen: {
      phase: string | null;
      open: boolean;
      modal: boolean;
      frameInside: boolean;
      dialogPadding: string | null;
      fillsWidth: boolean;
      overflow: string;
    };
    modalClosed: { phase: string | null; dialog: boolean; overflow: string };
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

/** Loads fixtures/csp-page.html (with `extra` in its query) in an iframe and waits until its script is done. */
async function loadCspPage(extra: Record<string, string> = {}): Promise<[HTMLIFrameElement, CspPageState]> {
  const frame = document.createElement('iframe');
  frame.title = 'strict CSP page';
  const query = new URLSearchParams({ key: uniqueKey('csp'), events: EVENT_NAMES.join(' '), ...extra });
  frame.src = `/csp/csp-page.html?${query}`;
  document.body.append(frame);
  await until(
    () => (frame.contentWindow as unknown as { __cspPage?: CspPageState } | null)?.__cspPage?.done === true,
    'the CSP page',
    8000,
  );
  return [frame, (frame.contentWindow as unknown as { __cspPage: CspPageState }).__cspPage];
}

/** The events element `id` fired on the page, without veratad-preflight (its place against veratad-token varies). */
function sessionTypes(page: CspPageState, id: string): string[] {
  return page.events.filter((e) => e.id === id && e.type !== 'veratad-preflight').map((e) => e.type);
}

describe('under a strict Content-Security-Policy', () => {
  let frame: HTMLIFrameElement;
  let page: CspPageState;

  before(async () => {
    [frame, page] = await loadCspPage();
  });

  after(() => {
    frame.remove();
  });

  it('the page really is served with the strict policy', async () => {
    const response = await fetch('/csp/csp-page.html');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).to.contain("script-src 'self'");
    expect(policy).to.contain("style-src 'self'");
    expect(policy).to.contain("connect-src 'self' http://localhost:*;");
    expect((await fetch('/csp/dist/veratad-verify.js')).ok, 'dist/veratad-verify.js is built').to.equal(true);
  });

  it('loads and runs the built element with zero securitypolicyviolation events', () => {
    expect(page.failure).to.equal(null);
    expect(page.violations).to.deep.equal([]);
  });

  it('link mode works there: token, loading view, iframe ready, frame messages, closed view', () => {
    const link = sessionTypes(page, 'link');
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

  it('display="modal" works there: the dialog opens styled, the page stops scrolling, its close button ends it', () => {
    // veratad-preflight (the camera check, which answers at its own pace) is not this case's concern.
    const modal = page.events.filter((e) => e.id === 'modal' && e.type !== 'veratad-preflight');
    expect(modal.map((e) => e.type)).to.deep.equal(['veratad-token', 'veratad-ready', 'veratad-close']);
    expect(modal[2].detail).to.deep.equal({ source: 'user' });
    expect(page.views.modalOpen).to.deep.equal({
      phase: 'ready',
      open: true,
      modal: true,
      frameInside: true,
      dialogPadding: '0px',
      fillsWidth: true,
      overflow: 'hidden',
    });
    expect(page.views.modalClosed).to.deep.equal({ phase: 'closed', dialog: false, overflow: '' });
    expect(page.violations).to.deep.equal([]);
  });

  it("the error view renders there with role=alert and the person's text", () => {
    const errors = page.events.filter((e) => e.id === 'failing' && e.type === 'veratad-error');
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['rejected']);
    expect(page.views.error).to.include({ phase: 'error', role: 'alert', button: null, display: 'block' });
    expect(page.views.error.text).to.equal('Verification is unavailable right now.');
  });

  it('SDK mode works there: script and stylesheet added, hidden light-DOM frame, modal opened', () => {
    const sdk = sessionTypes(page, 'sdk');
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

describe("under a CSP whose connect-src lacks the link's origin", () => {
  let frame: HTMLIFrameElement;
  let page: CspPageState;

  before(async () => {
    [frame, page] = await loadCspPage({ connect: 'self' });
  });

  after(() => {
    frame.remove();
  });

  it('the reachability check is refused once, and both link-mode elements still get ready', async () => {
    const response = await fetch('/csp/csp-page.html?connect=self');
    expect(response.headers.get('content-security-policy')).to.contain("connect-src 'self';");
    expect(page.failure).to.equal(null);
    const origin = new URL(fakeFrameLink()).origin;
    expect(page.violations.map((v) => [v.directive, v.blocked])).to.deep.equal([['connect-src', `${origin}/`]]);
    for (const id of ['link1', 'link2']) {
      expect(sessionTypes(page, id)).to.deep.equal(['veratad-token', 'veratad-ready']);
    }
  });
});
