/**
 * `createStatusHandler`: the endpoint the element's `confirm-url` posts to. It finds the signed-in user through the
 * host's `identify`, asks Veratad's User Status for that user's email, and answers only `found`, `status` and
 * `verified`: no personal data reaches the browser, and nothing in the request chooses whose status is read.
 */
import { browserEndpoint } from './browser-endpoint.js';
import {
  VERATAD_URLS,
  connectionOf,
  failFor,
  headerNames,
  optionalFunction,
  originSet,
  positive,
  type ConnectionOptions,
  type Fail,
  type VeratadConnection,
} from './option-checks.js';
import type { HandlerEvent } from './report.js';
import { DEFAULT_BODY_TIMEOUT_MS, MAX_BODY_BYTES, parseJsonObject } from './request-body.js';
import { HandlerError } from './responses.js';
import { fetchHandler, type FetchHandler } from './source.js';
import { lookUpUserStatus } from './user-status.js';

/** The signed-in user, read from the host's own session. */
export interface StatusIdentity {
  email: string;
}

export interface StatusHandlerOptions extends ConnectionOptions {
  /**
   * The signed-in user's email from YOUR session (cookie, auth middleware), or `null` when nobody is signed in
   * (401). Never read it from the request body.
   */
  identify: (request: Request) => StatusIdentity | null | Promise<StatusIdentity | null>;
  /** When set, only requests whose `Origin` is listed are served (others get 403), and CORS is answered for them. */
  allowedOrigins?: readonly string[];
  /** Request headers of your own a cross-origin page may send, allowed in the preflight besides `Content-Type`, `Accept`. */
  allowedHeaders?: readonly string[];
  /** Time allowed for the browser's request body to arrive, in milliseconds (then 408). */
  bodyTimeoutMs?: number;
  /** Logging hook: codes and timings only. Exceptions it throws are ignored. */
  onEvent?: (event: StatusHandlerEvent) => void;
}

/**
 * What the status handler reports. Its `cause` is what `identify` threw (`internal-error`), the network error
 * behind `upstream-unreachable`, or the bug behind any other `internal-error`.
 */
export type StatusHandlerEvent = HandlerEvent;

/** The 200 body: all the browser learns. */
export interface StatusAnswer {
  found: boolean;
  /** Veratad's status upper-cased (PASS, FAIL, PENDING, …); absent when it gave none. */
  status?: string;
  /** True only when found and PASS. */
  verified: boolean;
}

const fail: Fail = failFor('createStatusHandler');

/** The signed-in user's email, or the answer that replaces the lookup. */
async function emailOf(identify: StatusHandlerOptions['identify'], request: Request): Promise<string> {
  let identity: unknown;
  try {
    identity = await identify(request);
  } catch (cause) {
    throw new HandlerError(500, 'internal-error', 'The server could not tell who is signed in.', {}, { cause });
  }
  if (identity === null || identity === undefined) {
    throw new HandlerError(401, 'unauthenticated', 'Sign in first: the status is only given to a signed-in user.');
  }
  const email = (identity as { email?: unknown }).email;
  if (typeof identity !== 'object' || typeof email !== 'string' || email.trim() === '') {
    throw new HandlerError(500, 'internal-error', 'identify() returned something other than { email } or null.');
  }
  return email;
}

/**
 * Creates the status endpoint. Throws a `TypeError` at once when `user`, `pass` or `identify` is missing or an
 * option is malformed.
 *
 * @example
 * const handler = createStatusHandler({ user, pass, identify: async (request) => sessionUser(request) });
 */
export function createStatusHandler(options: StatusHandlerOptions): FetchHandler {
  if (!options || typeof options !== 'object') fail('options are required: { user, pass, identify }.');
  const connection: VeratadConnection = connectionOf(fail, options, VERATAD_URLS.userStatus);
  const { identify } = options;
  if (typeof identify !== 'function') fail('`identify` (your session lookup) is required and must be a function.');
  const bodyTimeoutMs = positive(fail, options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS, 'bodyTimeoutMs');

  const handle = browserEndpoint<StatusHandlerEvent>(
    {
      name: 'status',
      forbidden: 'This origin may not ask for verification results.',
      allowedOrigins: originSet(fail, options.allowedOrigins),
      allowedHeaders: headerNames(fail, options.allowedHeaders),
      onEvent: optionalFunction(fail, options.onEvent, 'onEvent'),
    },
    async (source, veratad) => {
      // The body is checked like any request, and then ignored: nothing in it may choose whose status is read.
      parseJsonObject(await source.body({ maxBytes: MAX_BODY_BYTES, timeoutMs: bodyTimeoutMs }));
      const email = await emailOf(identify, source.request());
      const status = await veratad(connection.timeoutMs, (signals) => lookUpUserStatus(connection, email, signals));
      const body: StatusAnswer = { found: status.found, status: status.status, verified: status.verified };
      return { body };
    },
  );
  return fetchHandler('veratadStatusHandler', handle);
}
