// The token endpoint in an Express 5 app.
//
//   VERATAD_USER=… VERATAD_PASS=… node examples/express.mjs        # listens on 127.0.0.1:3000 (PORT to change)
//
// Environment:
//   VERATAD_USER, VERATAD_PASS   your Veratad API credentials (required; they stay on this server)
//   VERATAD_ENDPOINT             Create Token URL (default: Veratad's; the simulator's `${url}/token/create` in tests)
//   VERATAD_LINK_ENDPOINT        Generate Link URL (default: Veratad's; only used with a `link` option)
//   ALLOWED_ORIGINS              comma-separated origins allowed to call the endpoint (optional)
//   PORT, HOST                   where to listen (default 3000, 127.0.0.1)
//
// The route works whether or not `express.json()` ran before it: toNodeListener reads the raw body when the
// stream is still unread, and re-checks the parsed `req.body` when a parser got there first.
// It is mounted with `app.all`, not `app.post`: a page on another origin first sends a CORS preflight (OPTIONS),
// which the handler answers for the origins in `allowedOrigins`. With `app.post`, Express answers it itself,
// without CORS headers, and the browser never sends the POST.
import express from 'express';
import { pathToFileURL } from 'node:url';
import { createTokenHandler, toNodeListener } from 'veratad-verify/server';

export const TOKEN_PATH = '/api/veratad/token';

/**
 * @param {{ jsonParser?: boolean }} [options] `jsonParser` (default true): mount `express.json()` for the whole
 *   app before the token route, as most apps do. With `false` the route reads the body itself.
 */
export function createApp({ jsonParser = true } = {}) {
  const handler = createTokenHandler({
    user: process.env.VERATAD_USER,
    pass: process.env.VERATAD_PASS,
    endpoint: process.env.VERATAD_ENDPOINT || undefined,
    linkEndpoint: process.env.VERATAD_LINK_ENDPOINT || undefined,
    allowedOrigins: process.env.ALLOWED_ORIGINS ? process.env.ALLOWED_ORIGINS.split(',') : undefined,
  });

  const app = express();
  app.disable('x-powered-by');
  if (jsonParser) app.use(express.json());
  app.all(TOKEN_PATH, toNodeListener(handler)); // POST, the OPTIONS preflight, and a 405 for anything else

  // With express.json() in front, a malformed or oversized body is rejected by the parser before the route
  // runs; answer those in the handler's own JSON error shape instead of Express's HTML error page.
  app.use((error, req, res, next) => {
    const parserError = error?.type === 'entity.parse.failed' || error?.type === 'entity.too.large';
    if (req.path !== TOKEN_PATH || res.headersSent || !parserError) return next(error);
    const tooLarge = error.type === 'entity.too.large';
    res.status(tooLarge ? 413 : 400).set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.json({
      error: tooLarge
        ? { code: 'payload-too-large', message: 'The request body is too large.' }
        : { code: 'invalid-request', message: 'The request body is not valid JSON.' },
    });
  });
  return app;
}

/** Starts listening; resolves with the `http.Server` (port 0 picks a free one). */
export function start(port = Number(process.env.PORT ?? 3000), host = process.env.HOST ?? '127.0.0.1') {
  const app = createApp();
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error) => (error ? reject(error) : resolve(server)));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await start();
  const { address, port } = server.address();
  console.log(`token endpoint: POST http://${address}:${port}${TOKEN_PATH}`);
  process.once('SIGINT', () => server.close());
  process.once('SIGTERM', () => server.close());
}
