// The demo's server-side confirmation: the status endpoint the element's confirm-url posts to, the webhook that
// receives the simulator's (or Veratad's) result callback, and a read-out of what that webhook received.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createStatusHandler, createWebhookHandler, toNodeListener } from '../src/server/index.js';
import { sendJson } from './failure-switch.js';

export const STATUS_PATH = '/api/veratad/status';
export const WEBHOOK_PATH = '/api/veratad/webhook';
export const CALLBACKS_PATH = '/demo/callbacks';

/**
 * The demo's "signed-in user". A real site's `identify` reads its own session; the demo has one fixed person,
 * whose email the journey runs with (SDK parameter, link field) so that User Status can find it.
 */
export const DEMO_EMAIL = 'ada.lovelace@example.com';

/** The webhook's Basic credentials, shared with the simulator's callback settings. */
export const WEBHOOK_USER = 'demo-webhook';
export const WEBHOOK_PASS = 'demo-webhook-secret';

/** What the page shows of a received callback: no personal data beyond the demo's own status. */
export interface ReceivedCallback {
  at: number;
  status: string;
  verified: boolean;
  /** The first 12 hex digits of the delivery key: a repeated delivery shows the same. */
  delivery: string;
  repeated: boolean;
}

const MAX_KEPT = 50;

export interface ConfirmationOptions {
  user: string;
  pass: string;
  /** The simulator's `/user/status`; Veratad's own when undefined. */
  statusEndpoint?: string;
}

/** The three demo endpoints, as one middleware step: handles its paths, passes everything else on. */
export function confirmationBackend(options: ConfirmationOptions) {
  const received: ReceivedCallback[] = [];
  const seen = new Set<string>();
  const status = toNodeListener(
    createStatusHandler({
      user: options.user,
      pass: options.pass,
      endpoint: options.statusEndpoint,
      identify: () => ({ email: DEMO_EMAIL }),
    }),
  );
  const webhook = toNodeListener(
    createWebhookHandler({
      username: WEBHOOK_USER,
      password: WEBHOOK_PASS,
      onResult(result) {
        const repeated = seen.has(result.deliveryKey);
        seen.add(result.deliveryKey);
        const { status: value, verified, deliveryKey } = result;
        received.push({ at: Date.now(), status: value, verified, delivery: deliveryKey.slice(0, 12), repeated });
        if (received.length > MAX_KEPT) received.shift();
      },
    }),
  );
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
    if (path === STATUS_PATH) void status(req, res);
    else if (path === WEBHOOK_PATH) void webhook(req, res);
    else if (path === CALLBACKS_PATH) sendJson(res, 200, received);
    else return false;
    return true;
  };
}
