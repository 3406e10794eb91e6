/**
 * `createWebhookHandler`: receives Veratad's result callback. It refuses any delivery it cannot authenticate
 * (HTTP Basic, the host's `verify`, or both), reads the raw body within a limit, checks the documented shape,
 * and hands the host a normalised result with a `deliveryKey` that is the same for a repeated delivery.
 */
import { failFor, optionalFunction, positive, type Fail } from './option-checks.js';
import { reporter } from './report.js';
import { isJsonContentType, parseJsonObject } from './request-body.js';
import { HandlerError, jsonAnswer, unexpectedFailure, type PlainAnswer } from './responses.js';
import { additionalDataOf, checkShape, documentOf, personOf, resultBody, statusOf, textOf } from './result-fields.js';
import { fetchHandler, type DirectEntry, type FetchHandler } from './source.js';
import { basicCheck, sha256Hex } from './webhook-auth.js';
import type { WebhookEvent, WebhookHandlerOptions, WebhookResult } from './webhook-types.js';

/** Callbacks may carry document images. */
export const DEFAULT_WEBHOOK_MAX_BYTES = 10 * 1024 * 1024;
/** Time allowed for a delivery's body to arrive: 10 MiB at about 350 KB/s. */
export const DEFAULT_WEBHOOK_BODY_TIMEOUT_MS = 30_000;
/** The body must tie the delivery to a customer or an order through at least one of these. */
const KEY_FIELDS = ['email', 'reference', 'request_id'] as const;

const fail: Fail = failFor('createWebhookHandler');

const unauthenticated = () =>
  new HandlerError(401, 'unauthenticated', 'The delivery is not authenticated.', {
    'WWW-Authenticate': 'Basic realm="veratad-webhook"',
  });
const invalid = (message: string) => new HandlerError(400, 'invalid-request', message);

/** Error answers carry the code only: their reader is Veratad's sender, and the host's log gets `onEvent`. */
function codeAnswer(error: HandlerError): PlainAnswer {
  return jsonAnswer(error.status, { error: { code: error.code } }, error.headers);
}

function resolve(options: WebhookHandlerOptions) {
  if (!options || typeof options !== 'object') fail('options are required: { username, password, onResult }.');
  const { username, password } = options;
  if (typeof options.onResult !== 'function') fail('`onResult` is required and must be a function.');
  const verify = optionalFunction(fail, options.verify, 'verify');
  let basic: ReturnType<typeof basicCheck> | undefined;
  if (username !== undefined || password !== undefined) {
    if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '') {
      fail('`username` and `password` (HTTP Basic) must both be non-empty strings.');
    }
    if (username.includes(':')) fail('`username` may not contain ":" (HTTP Basic cannot carry it).');
    basic = basicCheck(username, password);
  }
  if (!basic && !verify) {
    fail('`username` + `password` (HTTP Basic) or `verify` is required: never accept an unauthenticated callback.');
  }
  const maxBodyBytes = positive(fail, options.maxBodyBytes, DEFAULT_WEBHOOK_MAX_BYTES, 'maxBodyBytes');
  if (!Number.isInteger(maxBodyBytes)) fail('`maxBodyBytes` must be a whole number of bytes.');
  return {
    basic,
    verify,
    onResult: options.onResult,
    maxBodyBytes,
    bodyTimeoutMs: positive(fail, options.bodyTimeoutMs, DEFAULT_WEBHOOK_BODY_TIMEOUT_MS, 'bodyTimeoutMs'),
    report: reporter(optionalFunction(fail, options.onEvent, 'onEvent')),
  };
}

/** The checked body as the host's `WebhookResult`, or a 400. */
async function resultOf(raw: Uint8Array<ArrayBuffer>): Promise<WebhookResult> {
  const parsed = parseJsonObject(raw);
  const checked = checkShape(resultBody, parsed);
  if (!checked.ok) throw invalid(`The field ${checked.at} is not in the documented shape.`);
  const body = checked.body;
  if (!KEY_FIELDS.some((field) => textOf(body[field]) !== undefined)) {
    throw invalid('The body has none of email, reference and request_id.');
  }
  const status = statusOf(body.status) ?? '';
  const person = personOf(body);
  const document = documentOf(body);
  const additionalData = additionalDataOf(body);
  const requestId = textOf(body.request_id);
  return {
    status,
    verified: status === 'PASS',
    ...(person.email === undefined ? {} : { email: person.email }),
    ...(person.reference === undefined ? {} : { reference: person.reference }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(document?.confirmation === undefined ? {} : { confirmation: document.confirmation }),
    person,
    ...(document ? { document } : {}),
    ...(additionalData ? { additionalData } : {}),
    deliveryKey: await sha256Hex(raw),
    raw: parsed,
  };
}

/**
 * Creates the webhook receiver. Throws a `TypeError` at once when neither HTTP Basic credentials nor `verify` is
 * given, when `onResult` is missing, or when an option is malformed.
 *
 * @example
 * const webhook = createWebhookHandler({ username, password, onResult: async (result) => saveOnce(result) });
 */
export function createWebhookHandler(options: WebhookHandlerOptions): FetchHandler {
  const { basic, verify, onResult, maxBodyBytes, bodyTimeoutMs, report } = resolve(options);

  const handle: DirectEntry = async (source) => {
    const started = Date.now();
    let handlerMs: number | undefined;
    const timings = () => ({ durationMs: Date.now() - started, ...(handlerMs === undefined ? {} : { handlerMs }) });
    try {
      if (source.method.toUpperCase() !== 'POST') {
        throw new HandlerError(405, 'method-not-allowed', 'Only POST is allowed.', { Allow: 'POST' });
      }
      // Checked before the body is read: an unauthenticated sender never gets 10 MiB buffered.
      if (basic && !(await basic(source.header('authorization')))) throw unauthenticated();
      if (!isJsonContentType(source.header('content-type'))) {
        throw new HandlerError(415, 'unsupported-media-type', 'The body must be application/json.');
      }
      const raw = await source.body({ maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs, exact: true });
      if (verify) {
        let accepted: unknown;
        try {
          accepted = await verify(source.request(), raw, { remoteAddress: source.remoteAddress });
        } catch (cause) {
          throw new HandlerError(500, 'internal-error', 'The verify hook failed.', {}, { cause });
        }
        if (accepted !== true) throw unauthenticated();
      }
      const result = await resultOf(raw);
      const handlerStarted = Date.now();
      try {
        await onResult(result, source.request());
      } catch (cause) {
        throw new HandlerError(500, 'handler-failed', 'onResult failed.', {}, { cause });
      } finally {
        handlerMs = Date.now() - handlerStarted;
      }
      report({ code: 'ok', status: 200, ...timings() } satisfies WebhookEvent);
      return jsonAnswer(200, { received: true });
    } catch (error) {
      const known = error instanceof HandlerError ? error : unexpectedFailure(error, 'webhook');
      report({
        code: known.code,
        status: known.status,
        ...timings(),
        ...(known.cause === undefined ? {} : { cause: known.cause }),
      } satisfies WebhookEvent);
      return codeAnswer(known);
    }
  };
  return fetchHandler('veratadWebhookHandler', handle);
}
