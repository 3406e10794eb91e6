/** The webhook receiver's options, what it hands the host, and what it reports. */
import type { HandlerEvent } from './report.js';
import type { ResultDocument, ResultPerson } from './result-fields.js';

/** One delivery of Veratad's result callback, normalised. */
export interface WebhookResult {
  /** Veratad's `status` upper-cased (PASS, FAIL, PENDING, …); `''` when the delivery carries none. */
  status: string;
  /** True only when `status` is PASS. */
  verified: boolean;
  email?: string;
  reference?: string;
  /** `request_id` (the newer platform). */
  requestId?: string;
  /** `dcams_plus.confirmation`. */
  confirmation?: string;
  /** fn, ln, addr, city, state, zip, dob, email, reference: those present and not empty. */
  person: ResultPerson;
  /** `dcams_plus` without the data read from the document. */
  document?: ResultDocument;
  /** Your own `additionalData`, when it is an object. */
  additionalData?: Record<string, unknown>;
  /** SHA-256 (hex) of the raw body: the same for a repeated delivery of the same body. */
  deliveryKey: string;
  /** The whole parsed body, with whatever else it carries (journey, documents, images). */
  raw: unknown;
}

/**
 * What the webhook reports: codes and timings, never a name, an email, a date of birth or an image. `cause` is
 * what `onResult` threw (`handler-failed`) or `verify` threw (`internal-error`): your own errors, for your log.
 */
export interface WebhookEvent extends Omit<HandlerEvent, 'upstreamMs'> {
  /** Time `onResult` took, when it was called. */
  handlerMs?: number;
}

/** What is known of the sender beyond the request itself. */
export interface WebhookPeer {
  /**
   * The IP address the delivery came from, under `toNodeListener` (the socket's; behind a proxy that is the proxy's,
   * so read the header your proxy sets instead). `undefined` on Fetch runtimes, which do not pass it with a `Request`.
   */
  remoteAddress?: string;
}

export interface WebhookHandlerOptions {
  /** HTTP Basic user name, as set for the callback in Veratad's admin. Give it with `password`. */
  username?: string;
  /** HTTP Basic password. Compared in constant time. */
  password?: string;
  /**
   * Your own check (an HMAC header, a source address) on the request and its exact raw bytes; only `true` accepts.
   * Required when `username` and `password` are not given; with them, both checks must pass.
   */
  verify?: (request: Request, rawBody: Uint8Array, peer: WebhookPeer) => boolean | Promise<boolean>;
  /** Called once per accepted delivery; the answer (200) waits for it. A throw or rejection answers 500. */
  onResult: (result: WebhookResult, request: Request) => unknown;
  /** The largest body accepted, in bytes (default 10 MiB: callbacks may carry document images). */
  maxBodyBytes?: number;
  /** Time allowed for the body to arrive, in milliseconds (default 30 s); then 408 and the connection is closed. */
  bodyTimeoutMs?: number;
  /** Logging hook. Exceptions it throws are ignored. */
  onEvent?: (event: WebhookEvent) => void;
}
