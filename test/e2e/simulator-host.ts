// The host pages the simulator's browser tests run on: a page of another origin that loads the simulator's Web SDK
// (the documented markup, and a strict-CSP variant) or embeds a link in an iframe, recording every callback and
// message on its window.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  name: string;
  args: unknown[];
}
export interface Posted {
  data: unknown;
  origin: string;
  fromFrame: boolean;
}
/** What the host pages below put on `window`. */
export interface HostWindow {
  veratad: { modal: new (options: Record<string, unknown>) => { open(): void; close(): void; destroy(): void } };
  calls: Call[];
  messages: Posted[];
  violations: string[];
  callbacks(): Record<string, (...args: unknown[]) => void>;
  modal: { open(): void; close(): void; destroy(): void };
}

const CALLBACKS = [
  'onOpen',
  'onClose',
  'onSuccess',
  'onFailure',
  'onEmail',
  'onQr',
  'onError',
  'onErrorToken',
  'onErrorPending',
  'onErrorAlreadyVerified',
  'onErrorVelocity',
];

// Host-page scripts, served from the host's own origin so the pages run under a strict CSP.
const HOST_JS = `
window.calls = [];
window.violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
window.callbacks = () => {
  const callbacks = {};
  for (const name of ${JSON.stringify(CALLBACKS)}) {
    callbacks[name] = (...args) => window.calls.push({ name, args: JSON.parse(JSON.stringify(args)) });
  }
  return callbacks;
};
`;
const LINK_JS = `
window.messages = [];
window.violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
const frame = document.getElementById('link-frame');
window.addEventListener('message', (event) => {
  window.messages.push({ data: event.data, origin: event.origin, fromFrame: event.source === frame.contentWindow });
});
frame.src = new URLSearchParams(location.search).get('src');
`;
const HOST_CSS = `
html, body { margin: 0; height: 100%; }
#link-frame { display: block; width: 100%; height: 100%; border: 0; }
.strict #veratad-frame { display: none; }
`;

function page(simOrigin: string, kind: string): { html: string; csp?: string } {
  const sdkHead = `<link rel="stylesheet" href="${simOrigin}/styles/style.css">
<link rel="stylesheet" href="/host.css">
<script src="${simOrigin}/js/initialize.js"></script>
<script src="/host.js"></script>`;
  const strict = `default-src 'none'; script-src 'self' ${simOrigin}; style-src 'self' ${simOrigin}; frame-src ${simOrigin}`;
  switch (kind) {
    case '/sdk.html': // the documented markup, as a host copies it
      return {
        html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SDK host</title>${sdkHead}</head>
<body><main><h1>Host page</h1><button id="start">Start</button>
<iframe allow="camera" style="display:none;" id="veratad-frame" scrolling="no"></iframe></main></body></html>`,
      };
    case '/sdk-strict.html': // strict CSP: no inline style attribute anywhere, the host hides the frame with CSS
      return {
        csp: strict,
        html: `<!doctype html><html lang="en" class="strict"><head><meta charset="utf-8"><title>Strict SDK host</title>${sdkHead}</head>
<body><main><h1>Host page</h1><iframe allow="camera" id="veratad-frame" scrolling="no"></iframe></main></body></html>`,
      };
    case '/link.html':
      return {
        csp: strict,
        html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link host</title>
<link rel="stylesheet" href="/host.css"><script src="/link.js" defer></script></head>
<body><iframe id="link-frame" title="Identity verification" allow="camera"></iframe></body></html>`,
      };
    default:
      return { html: '' };
  }
}

export async function startHost(simOrigin: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host.invalid').pathname;
    const assets: Record<string, [string, string]> = {
      '/host.js': ['text/javascript', HOST_JS],
      '/link.js': ['text/javascript', LINK_JS],
      '/host.css': ['text/css', HOST_CSS],
    };
    const asset = assets[path];
    if (asset) {
      res.writeHead(200, { 'Content-Type': `${asset[0]}; charset=utf-8` });
      res.end(asset[1]);
      return;
    }
    const { html, csp } = page(simOrigin, path);
    if (!html) {
      res.writeHead(path === '/favicon.ico' ? 204 : 404);
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      ...(csp ? { 'Content-Security-Policy': csp } : {}),
    });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
