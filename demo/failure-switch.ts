// The demo's "Token endpoint" switch, held by the demo backend rather than in the element's token-url, so an
// endpoint that recovers is seen by the very element that failed ("Try again" then works, as on a real site).
import type { IncomingMessage, ServerResponse } from 'node:http';

export const FAILURE_PATH = '/demo/endpoint-failure';
export const FAILURES = ['', 'timeout', '500', 'veratad'] as const;
export type Failure = (typeof FAILURES)[number];

const MAX_BODY_CHARS = 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The switch's state and its endpoint: `POST {"fail": …}` sets it (400 for anything but FAILURES). */
export class FailureSwitch {
  current: Failure = '';

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    // JSON only: another site's page cannot send that cross-origin without a preflight, so it cannot flip the switch.
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      sendJson(res, 415, {
        error: { code: 'unsupported-media-type', message: 'Send {"fail": …} as application/json.' },
      });
      return;
    }
    let text = '';
    let tooLarge = false;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (text.length + chunk.length > MAX_BODY_CHARS) tooLarge = true;
      else text += chunk;
    });
    req.on('end', () => {
      if (tooLarge) {
        sendJson(res, 413, {
          error: { code: 'payload-too-large', message: `The body must be at most ${MAX_BODY_CHARS} characters.` },
        });
        return;
      }
      const wanted = requestedFailure(text);
      if (wanted === undefined) {
        sendJson(res, 400, {
          error: { code: 'invalid-request', message: `fail must be one of ${JSON.stringify(FAILURES)}` },
        });
        return;
      }
      this.current = wanted;
      sendJson(res, 200, { fail: wanted });
    });
  };
}

function requestedFailure(text: string): Failure | undefined {
  try {
    const wanted = (JSON.parse(text) as { fail?: unknown } | null)?.fail;
    return FAILURES.find((failure) => failure === wanted);
  } catch {
    return undefined;
  }
}
