// The token endpoint on plain node:http.
//
//   VERATAD_USER=… VERATAD_PASS=… node examples/node-http.mjs      # listens on 127.0.0.1:3000 (PORT to change)
//
// Environment:
//   VERATAD_USER, VERATAD_PASS   your Veratad API credentials (required; they stay on this server)
//   VERATAD_ENDPOINT             Create Token URL (default: Veratad's; the simulator's `${url}/token/create` in tests)
//   VERATAD_LINK_ENDPOINT        Generate Link URL (default: Veratad's)
//   ALLOWED_ORIGINS              comma-separated origins allowed to call the endpoint (optional)
//   PORT, HOST                   where to listen (default 3000, 127.0.0.1)
//
// Signed-in users get a link (link mode); anyone else gets a plain token (SDK mode). `sessions` stands in for
// your real session store: the user's fields always come from the server's session, never from the request.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createTokenHandler, toNodeListener } from 'veratad-verify/server';

export const TOKEN_PATH = '/api/veratad/token';

/** Stand-in session store: session id (the `sid` cookie) → the signed-in user's fields for Veratad. */
export const sessions = new Map();

function signedInUser(request) {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  const user = sid ? sessions.get(sid) : undefined;
  return user ? { fn: user.firstName, ln: user.lastName, email: user.email } : null;
}

/** Builds the server from the environment (read now, so the credentials are checked at start-up). */
export function createTokenServer() {
  const handler = createTokenHandler({
    user: process.env.VERATAD_USER,
    pass: process.env.VERATAD_PASS,
    endpoint: process.env.VERATAD_ENDPOINT || undefined,
    linkEndpoint: process.env.VERATAD_LINK_ENDPOINT || undefined,
    allowedOrigins: process.env.ALLOWED_ORIGINS ? process.env.ALLOWED_ORIGINS.split(',') : undefined,
    link: async (request) => signedInUser(request),
  });
  const tokenListener = toNodeListener(handler);

  return createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === TOKEN_PATH) {
      void tokenListener(req, res);
      return;
    }
    req.resume();
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: { code: 'not-found', message: 'Not found.' } }));
  });
}

/** Starts listening; resolves with the `http.Server` (port 0 picks a free one). */
export function start(port = Number(process.env.PORT ?? 3000), host = process.env.HOST ?? '127.0.0.1') {
  const server = createTokenServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // So link mode can be tried from the command line: the cookie `sid=example` is a signed-in Ada Lovelace.
  sessions.set('example', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
  const server = await start();
  const { address, port } = server.address();
  console.log(`token endpoint: POST http://${address}:${port}${TOKEN_PATH}`);
  process.once('SIGINT', () => server.close());
  process.once('SIGTERM', () => server.close());
}
