/**
 * What a handler reads from a request, made from a Fetch `Request` here or straight from Node's request by
 * `toNodeListener`, which then skips building a `Request` and a `Response` for every call (see DIRECT_ENTRY).
 */
import { readLimited } from './request-body.js';
import { toResponse, type PlainAnswer } from './responses.js';

export interface BodyOptions {
  /** The most bytes accepted: more is the 413 `HandlerError`. */
  maxBytes: number;
  /** The time allowed for the whole body, from the call: then the 408 `HandlerError`. */
  timeoutMs: number;
  /** Refuse (500) a body a framework's parser has already turned into an object: its exact bytes are gone. */
  exact?: boolean;
}

export interface RequestSource {
  method: string;
  /** A header's value, as `Headers.get` would give it; `name` is lower case. */
  header(name: string): string | null;
  /**
   * The body's bytes; rejects with a `HandlerError` as soon as there are more than `maxBytes` (413), the time is up
   * (408), or the caller has gone away (499).
   */
  body(options: BodyOptions): Promise<Uint8Array<ArrayBuffer>>;
  /** Aborts when the caller goes away. */
  signal: AbortSignal | undefined;
  /** The peer's IP address, when the runtime tells it (`toNodeListener` does; a Fetch `Request` does not). */
  remoteAddress?: string;
  /** The request as a Fetch `Request` for the host's hooks; after `body()`, one whose body can be read again. */
  request(): Request;
}

export type FetchHandler = (request: Request) => Promise<Response>;

/** A handler's answer without the `Response` wrapper; `toNodeListener` finds it on handlers made here. */
export type DirectEntry = (source: RequestSource) => Promise<PlainAnswer>;
export const DIRECT_ENTRY: unique symbol = Symbol('veratad-verify direct entry');

export function fromFetch(request: Request): RequestSource {
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  return {
    method: request.method,
    header: (name) => request.headers.get(name),
    body: async ({ maxBytes, timeoutMs }) => (bytes = await readLimited(request, maxBytes, timeoutMs)),
    signal: request.signal,
    // The body has been read by then: the hook gets a copy it can read again, as under toNodeListener.
    request: () => (bytes ? new Request(request, { body: bytes }) : request),
  };
}

/** The Fetch-API handler for `handle`, carrying `handle` itself for `toNodeListener`. */
export function fetchHandler(name: string, handle: DirectEntry): FetchHandler {
  const handler = { [name]: async (request: Request) => toResponse(await handle(fromFetch(request))) }[name];
  Object.defineProperty(handler, DIRECT_ENTRY, { value: handle });
  return handler;
}
