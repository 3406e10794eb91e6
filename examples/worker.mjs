// The token endpoint as a Fetch-style worker (`export default { fetch }`: Cloudflare Workers, and runtimes with
// the same module shape). It answers only `POST /api/veratad/token`; every other path gets 404.
//
// Bindings / environment (set the credentials as secrets, e.g. `wrangler secret put VERATAD_PASS`):
//   VERATAD_USER, VERATAD_PASS   your Veratad API credentials (required)
//   VERATAD_ENDPOINT             Create Token URL (default: Veratad's)
//   VERATAD_LINK_ENDPOINT        Generate Link URL (default: Veratad's; only used with a `link` option)
//   ALLOWED_ORIGINS              comma-separated origins allowed to call the endpoint (optional)
import { createTokenHandler } from 'veratad-verify/server';

export const TOKEN_PATH = '/api/veratad/token';

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** Built once, from the first request's `env` (a worker only sees its bindings inside `fetch`). */
let handler;

function tokenHandler(env) {
  handler ??= createTokenHandler({
    user: env.VERATAD_USER,
    pass: env.VERATAD_PASS,
    endpoint: env.VERATAD_ENDPOINT || undefined,
    linkEndpoint: env.VERATAD_LINK_ENDPOINT || undefined,
    allowedOrigins: env.ALLOWED_ORIGINS ? env.ALLOWED_ORIGINS.split(',') : undefined,
  });
  return handler;
}

function answer(status, code, message) {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: JSON_HEADERS });
}

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== TOKEN_PATH) return answer(404, 'not-found', 'Not found.');
    let tokenEndpoint;
    try {
      tokenEndpoint = tokenHandler(env);
    } catch (error) {
      // Missing or malformed bindings. The message names the option, never its value. Nothing was cached,
      // so the next request tries again.
      console.error(`veratad token endpoint: ${error instanceof Error ? error.message : 'bad configuration'}`);
      return answer(500, 'internal-error', 'The token endpoint is not configured.');
    }
    return tokenEndpoint(request);
  },
};
