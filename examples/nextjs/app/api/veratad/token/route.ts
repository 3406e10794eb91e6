// The Next.js example's token endpoint: an App Router route handler answering `POST /api/veratad/token`.
// test/node/backend-examples.test.ts calls it directly (it only exports functions); test/frameworks/nextjs/ builds it.
//
// Environment (`.env.local` or your host's settings; never a `NEXT_PUBLIC_` variable, which would reach the browser):
//   VERATAD_USER, VERATAD_PASS   your Veratad API credentials (required)
//   VERATAD_ENDPOINT             Create Token URL (default: Veratad's)
//   VERATAD_LINK_ENDPOINT        Generate Link URL (default: Veratad's; only used with a `link` option)
//   ALLOWED_ORIGINS              comma-separated origins allowed to call the endpoint (optional)
import { createTokenHandler, type TokenHandler } from 'veratad-verify/server';

// The handler uses only the Fetch API, so `'edge'` should also do (not tested here). POST route handlers are never cached.
export const runtime = 'nodejs';

// Built on the first request rather than at import, because `next build` may import route modules while
// collecting page data, when the runtime secrets are often not set.
let handler: TokenHandler | undefined;

function tokenHandler(): TokenHandler {
  handler ??= createTokenHandler({
    user: process.env.VERATAD_USER,
    pass: process.env.VERATAD_PASS,
    endpoint: process.env.VERATAD_ENDPOINT || undefined,
    linkEndpoint: process.env.VERATAD_LINK_ENDPOINT || undefined,
    allowedOrigins: process.env.ALLOWED_ORIGINS ? process.env.ALLOWED_ORIGINS.split(',') : undefined,
  });
  return handler;
}

// Missing credentials reject here (Next answers 500 and logs the message, which names the option, never a value).
export const POST: TokenHandler = async (request) => tokenHandler()(request);
