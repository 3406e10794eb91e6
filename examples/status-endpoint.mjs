// The status endpoint the element's `confirm-url` posts to, on plain node:http, and the check to make on the
// server before granting anything.
//
//   VERATAD_USER=… VERATAD_PASS=… node examples/status-endpoint.mjs   # listens on 127.0.0.1:3000 (PORT to change)
//
// Environment:
//   VERATAD_USER, VERATAD_PASS   your Veratad API credentials (required; they stay on this server)
//   VERATAD_STATUS_ENDPOINT      User Status URL (default: Veratad's)
//   ALLOWED_ORIGINS              comma-separated origins allowed to call the endpoint (optional)
//   PORT, HOST                   where to listen (default 3000, 127.0.0.1)
//
// The browser learns only {found, status, verified}. Whose status is read comes from the server's session, never
// from the request: `sessions` stands in for your real session store.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createStatusHandler, getUserStatus, toNodeListener } from 'veratad-verify/server';

export const STATUS_PATH = '/api/veratad/status';
export const CHECKOUT_PATH = '/api/checkout';

/** Stand-in session store: session id (the `sid` cookie) → the signed-in user. */
export const sessions = new Map();

/** The signed-in user of a `Cookie` header, or null. */
function userOf(cookie) {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(cookie ?? '')?.[1];
  return (sid && sessions.get(sid)) || null;
}

function veratadAccount() {
  return {
    user: process.env.VERATAD_USER,
    pass: process.env.VERATAD_PASS,
    endpoint: process.env.VERATAD_STATUS_ENDPOINT || undefined,
  };
}

/**
 * What a protected action checks before it goes ahead: Veratad's own answer, asked from the server. A `veratad-status`
 * event in the browser only says the page may move on.
 */
export async function isVerified(email) {
  const status = await getUserStatus({ ...veratadAccount(), email });
  return status.verified;
}

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Builds the server from the environment (read now, so the credentials are checked at start-up). */
export function createStatusServer() {
  const statusListener = toNodeListener(
    createStatusHandler({
      ...veratadAccount(),
      allowedOrigins: process.env.ALLOWED_ORIGINS ? process.env.ALLOWED_ORIGINS.split(',') : undefined,
      // Only the email goes to Veratad: the lookup is by the email the journey ran with.
      identify: (request) => {
        const user = userOf(request.headers.get('cookie'));
        return user ? { email: user.email } : null;
      },
      onEvent: (event) => {
        if (event.status >= 500) console.error(`veratad status: ${event.code}`, event.cause ?? '');
      },
    }),
  );

  return createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === STATUS_PATH) {
      void statusListener(req, res);
      return;
    }
    req.resume();
    if (pathname === CHECKOUT_PATH && req.method === 'POST') {
      const user = userOf(req.headers.cookie);
      if (!user) return json(res, 401, { error: { code: 'unauthenticated', message: 'Sign in first.' } });
      isVerified(user.email).then(
        (verified) =>
          verified
            ? json(res, 200, { ordered: true })
            : json(res, 403, { error: { code: 'not-verified', message: 'Verify your age first.' } }),
        (error) => {
          // A VeratadApiError: its code says why (its message never holds the credentials or the email).
          console.error(`veratad status: ${error.code ?? 'failed'}`);
          json(res, 503, { error: { code: 'verification-unavailable', message: 'Try again shortly.' } });
        },
      );
      return;
    }
    json(res, 404, { error: { code: 'not-found', message: 'Not found.' } });
  });
}

/** Starts listening; resolves with the `http.Server` (port 0 picks a free one). */
export function start(port = Number(process.env.PORT ?? 3000), host = process.env.HOST ?? '127.0.0.1') {
  const server = createStatusServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // So it can be tried from the command line: the cookie `sid=example` is a signed-in user.
  sessions.set('example', { email: process.env.EXAMPLE_EMAIL ?? 'test15847@example.com' });
  const server = await start();
  const { address, port } = server.address();
  console.log(`status endpoint: POST http://${address}:${port}${STATUS_PATH}`);
  process.once('SIGINT', () => server.close());
  process.once('SIGTERM', () => server.close());
}
