// Veratad's result callback received in an Express 5 app.
//
//   VERATAD_WEBHOOK_USER=… VERATAD_WEBHOOK_PASS=… node examples/webhook-express.mjs   # 127.0.0.1:3000 (PORT)
//
// Environment:
//   VERATAD_WEBHOOK_USER, VERATAD_WEBHOOK_PASS   the HTTP Basic pair you set for the callback in Veratad's admin
//                                                (required: an unauthenticated callback is never accepted)
//   PORT, HOST                                   where to listen (default 3000, 127.0.0.1)
//
// The webhook route comes before `express.json()`: the receiver needs the exact bytes (for `deliveryKey`, and for
// a `verify` hook), and callbacks with document images are larger than the parser's 100 kB default.
// Veratad delivers the same verification several times (after the upload, on each later status change, and again
// when a delivery failed), so the handler below is idempotent: `store` stands in for your database.
import express from 'express';
import { pathToFileURL } from 'node:url';
import { createWebhookHandler, toNodeListener } from 'veratad-verify/server';

export const WEBHOOK_PATH = '/webhooks/veratad';

/** Stand-in database: the deliveries already handled, and the latest verification per order reference. */
export const store = { deliveries: new Set(), orders: new Map() };

/** Applies one result once. In a real database: a unique index on the delivery key, in the same transaction. */
async function onResult(result) {
  if (store.deliveries.has(result.deliveryKey)) return; // the same body again: already handled
  const order = result.reference ?? result.email;
  // Keep what decides; the person's details stay in Veratad unless you need them.
  store.orders.set(order, { status: result.status, verified: result.verified, confirmation: result.confirmation });
  store.deliveries.add(result.deliveryKey);
}

export function createApp() {
  const webhook = createWebhookHandler({
    username: process.env.VERATAD_WEBHOOK_USER,
    password: process.env.VERATAD_WEBHOOK_PASS,
    onResult,
    // Codes and timings only; `cause` is your own onResult's error.
    onEvent: (event) => {
      if (event.status >= 500) console.error(`veratad webhook: ${event.code}`, event.cause ?? '');
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.post(WEBHOOK_PATH, toNodeListener(webhook));
  app.use(express.json()); // the rest of the app, after the webhook
  app.get('/api/orders/:reference', (req, res) => {
    const order = store.orders.get(req.params.reference);
    res.set('Cache-Control', 'no-store');
    if (!order) return void res.status(404).json({ error: { code: 'not-found' } });
    res.json({ verified: order.verified, status: order.status });
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
  console.log(`Veratad result callback: POST http://${address}:${port}${WEBHOOK_PATH}`);
  process.once('SIGINT', () => server.close());
  process.once('SIGTERM', () => server.close());
}
