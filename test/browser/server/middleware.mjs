// A scripted token endpoint and a few fixture pages for the browser tests, served by web-test-runner itself.
//
// POST /api/token?key=K&plan=<JSON array of steps>
//   Each request with key K takes the next step (the last step repeats). A step is
//   {status?, body?, raw?, headers?, hold?, awaitSdk?}: `body` is sent as JSON, `raw` as text; `hold: true` never
//   answers (until the page gives up on the request); `awaitSdk: true` answers only once the fake Web SDK's
//   script and stylesheet for K (below) have been requested (after 8 s without them: a 504 saying so).
//   With no plan, the answer is Veratad's own success body with a fresh UUID token.
// POST /api/confirm?key=K&plan=<JSON array of steps>
//   The same scripted endpoint, for confirm-url (give it a key of its own; a plan is needed: the default answer
//   is the token body).
// GET /api/requests?key=K  -> the requests seen for K: [{method, headers, body, at}]
//   &count=N: answers once N requests for K have arrived (or after 8 s, with what there is).
// GET /api/order?key=K     -> what reached this server for K, in arrival order: "token-request", "token-answer"
//   (as it leaves), and "sdk-script" / "sdk-css" for /test/browser/fixtures/fake-sdk.js / .css?t=K (the URLs
//   support/element.ts's mount() gives an element with key K), so a test can prove one request overlapped another.
// GET /api/refused-port   -> {port}: a port on 127.0.0.1 that nothing listens on (bound, then closed), so a
//   connection to it is refused.
// GET /csp/<file>          -> a file from test/browser/fixtures/ with a strict Content-Security-Policy
//   (`?connect=self`: one whose connect-src lacks the link's origin).
// GET /preflight-page?target=src|bundle&camera=none -> a page that mounts one element (its token request held)
//   and posts its `veratad-preflight` detail to the parent window; `camera=none` serves it with
//   `Permissions-Policy: camera=()`. Loaded from http://preflight.test:<port> (Chromium maps that name to
//   127.0.0.1, see web-test-runner.config.mjs), it is a plain-http page on a non-local origin.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { documentedTokenSuccess } from '../../fixtures/veratad-documented.mjs';

const seen = new Map();
/** key -> callbacks waiting for the next request with that key. */
const arrivals = new Map();
/** key -> what reached the server for it, in order; key -> callbacks waiting for the next entry. */
const order = new Map();
const orderWaiters = new Map();
const SDK_FILES = {
  '/test/browser/fixtures/fake-sdk.js': 'sdk-script',
  '/test/browser/fixtures/fake-sdk.css': 'sdk-css',
};
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const dist = fileURLToPath(new URL('../../../dist/', import.meta.url));

/** The policy docs/security.md asks for in link mode: connect-src names the link's origin (its reachability check). */
export const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' http://localhost:*; " +
  "frame-src 'self' http://localhost:*; img-src 'self'";
/** The same without the link's origin in connect-src (`?connect=self`): the element must cope with the refusal. */
const CONNECT_SELF_CSP = STRICT_CSP.replace(' http://localhost:*;', ';');

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function scriptedEndpoint(ctx) {
  const key = ctx.query.key ?? 'default';
  const list = seen.get(key) ?? [];
  seen.set(key, list);
  const text = await readBody(ctx);
  list.push({ method: ctx.method, headers: ctx.headers, body: text, at: Date.now() });
  for (const notify of arrivals.get(key)?.splice(0) ?? []) notify();
  note(key, 'token-request');
  const plan = ctx.query.plan ? JSON.parse(ctx.query.plan) : [{}];
  let step = plan[Math.min(list.length - 1, plan.length - 1)] ?? {};
  const deadline = Date.now() + 8000;
  if (step.awaitSdk && !((await noted(key, 'sdk-script', deadline)) && (await noted(key, 'sdk-css', deadline)))) {
    step = {
      status: 504,
      body: { result: 'Error', message: 'The SDK files were not requested while the token waited.' },
    };
  }
  if (step.hold) {
    await new Promise((resolve) => ctx.res.once('close', resolve));
    ctx.status = 499; // "client closed request": nothing is sent (and wtr does not report a 404)
    return;
  }
  ctx.status = step.status ?? 200;
  for (const [name, value] of Object.entries(step.headers ?? {})) ctx.set(name, value);
  if (step.raw !== undefined) {
    ctx.type = step.type ?? 'text/plain';
    ctx.body = step.raw;
  } else {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(step.body ?? documentedTokenSuccess(randomUUID()));
  }
  note(key, 'token-answer');
}

function note(key, what) {
  const list = order.get(key) ?? [];
  order.set(key, list);
  list.push(what);
  for (const notify of orderWaiters.get(key)?.splice(0) ?? []) notify();
}

/** Resolves with true once `what` has been noted for `key`, or with false at `deadline`. */
async function noted(key, what, deadline) {
  while (!order.get(key)?.includes(what)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, deadline - Date.now());
      const waiting = orderWaiters.get(key) ?? [];
      orderWaiters.set(key, waiting);
      waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return true;
}

async function strictPage(ctx, file) {
  const policy = ctx.query.connect === 'self' ? CONNECT_SELF_CSP : STRICT_CSP;
  const path = file.startsWith('dist/') ? dist + file.slice(5) : fixtures + file;
  ctx.body = await readFile(path, 'utf8');
  ctx.type = file.endsWith('.js') ? 'application/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
  ctx.set('Content-Security-Policy', policy);
}

/** Resolves at the next request with `key`, or at `deadline`. */
function nextArrival(key, deadline) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, deadline - Date.now());
    const waiting = arrivals.get(key) ?? [];
    arrivals.set(key, waiting);
    waiting.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A port on 127.0.0.1 that refuses connections: one the system just gave out, closed again. */
function refusedPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function preflightPage(ctx) {
  const element = ctx.query.target === 'bundle' ? '/dist/veratad-verify.js' : '/src/index.ts';
  if (ctx.query.camera === 'none') ctx.set('Permissions-Policy', 'camera=()');
  ctx.type = 'text/html';
  ctx.body = `<!doctype html><html lang="en"><body><script type="module">
    await import('${element}');
    const el = document.createElement('veratad-verify');
    el.setAttribute('token-url', '/api/token?key=${randomUUID()}&plan=' + encodeURIComponent('[{"hold":true}]'));
    el.addEventListener('veratad-preflight', (event) => parent.postMessage({ preflight: event.detail }, '*'));
    document.body.append(el);
  </script></body></html>`;
}

/** Koa middleware for web-test-runner's dev server. */
export async function testEndpoints(ctx, next) {
  if ((ctx.path === '/api/token' || ctx.path === '/api/confirm') && ctx.method === 'POST') return scriptedEndpoint(ctx);
  if (ctx.path === '/api/requests') {
    const key = ctx.query.key ?? 'default';
    const count = Number(ctx.query.count ?? 0);
    const deadline = Date.now() + 8000;
    while ((seen.get(key)?.length ?? 0) < count && Date.now() < deadline) await nextArrival(key, deadline);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(seen.get(key) ?? []);
    return undefined;
  }
  if (ctx.path === '/api/order') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(order.get(ctx.query.key ?? 'default') ?? []);
    return undefined;
  }
  if (ctx.path === '/api/refused-port') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ port: await refusedPort() });
    return undefined;
  }
  if (ctx.path.startsWith('/csp/')) return strictPage(ctx, ctx.path.slice(5));
  if (ctx.path === '/preflight-page') return preflightPage(ctx);
  if (SDK_FILES[ctx.path] && ctx.query.t) note(ctx.query.t, SDK_FILES[ctx.path]);
  return next();
}
