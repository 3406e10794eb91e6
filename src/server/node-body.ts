/**
 * Reading the body of a request under `toNodeListener`: from what a body parser left, or from the stream, within a
 * size and a time limit; and the body as a stream for handlers not made by this package.
 */
import type { NodeRequest } from './node-types.js';
import { bodyTimedOut, clientClosed, joinChunks, tooLarge } from './request-body.js';
import { HandlerError } from './responses.js';
import type { BodyOptions } from './source.js';

/** The body a parser left behind, turned back into bytes; `undefined` when the stream is still unread. */
export function parsedBody(request: NodeRequest): Uint8Array<ArrayBuffer> | undefined {
  if (!request.readableEnded && request.readable) return undefined;
  const { body } = request;
  // express.json() turns an empty body into {}: the request's own length says what really came.
  if (body === undefined || request.headers['content-length'] === '0') return new Uint8Array(0);
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Streams the request. Nothing is read until the handler reads the body. A body the handler never reads, or stops
 * reading (one over its limit), is not drained: the answer closes the connection instead (`mustClose`).
 */
export function streamOf(request: NodeRequest): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let listening = false;
  const onData = (chunk: Uint8Array | string) => {
    controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
    if ((controller.desiredSize ?? 0) <= 0) request.pause();
  };
  const onEnd = () => {
    stopListening();
    controller.close();
  };
  const onError = (error: unknown) => {
    stopListening();
    controller.error(error);
  };
  function stopListening() {
    request.off('data', onData);
    request.off('end', onEnd);
    request.off('error', onError);
  }
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (!listening) {
          listening = true;
          request.on('data', onData);
          request.once('end', onEnd);
          request.once('error', onError);
        }
        request.resume();
      },
      cancel() {
        stopListening();
        // Nothing more is read; the answer closes the connection (`mustClose`) rather than drain the rest.
        request.pause();
      },
    },
    // Pull only when the handler reads: no chunk is taken from the socket ahead of time.
    { highWaterMark: 0 },
  );
}

/** A parser turned the body into an object: re-encoding it would not give back the bytes that were sent. */
const rawBodyGone = () =>
  new HandlerError(
    500,
    'internal-error',
    'The endpoint could not read the request as it was sent.',
    {},
    {
      cause: new Error(
        'A body parser (such as express.json()) read this request before the handler, which needs its exact bytes: ' +
          'mount the handler before the parser, or use express.raw({ type: "application/json" }) for its path.',
      ),
    },
  );

/**
 * Reads the body from the stream (or from what a parser left) within `maxBytes` and `timeoutMs`. Past either it
 * stops reading, leaves the request paused and rejects with the 413 or 408 (the answer then closes the connection,
 * see `mustClose`). A stream that errors or closes before its end, or a caller gone before reading starts, is 499.
 */
export function readNodeBody(
  request: NodeRequest,
  signal: AbortSignal,
  { maxBytes, timeoutMs, exact = false }: BodyOptions,
): Promise<Uint8Array<ArrayBuffer>> {
  if (request.body === undefined && !request.readableEnded && !request.readable) {
    // Destroyed before its end, and no parser kept what came: the caller has gone.
    return Promise.reject(clientClosed());
  }
  const parsed = parsedBody(request);
  if (parsed) {
    const { body } = request;
    const reEncoded = typeof body === 'object' && body !== null && !(body instanceof Uint8Array);
    if (exact && reEncoded && parsed.byteLength > 0) return Promise.reject(rawBodyGone());
    return parsed.byteLength > maxBytes ? Promise.reject(tooLarge(maxBytes)) : Promise.resolve(parsed);
  }
  if (Number(request.headers['content-length']) > maxBytes) return Promise.reject(tooLarge(maxBytes));
  if (signal.aborted) return Promise.reject(clientClosed());
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const timer = setTimeout(() => fail(bodyTimedOut(timeoutMs)), timeoutMs);
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > maxBytes) fail(tooLarge(maxBytes));
      else chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(joinChunks(chunks, size));
    };
    const onError = (error: unknown) => fail(clientClosed(error));
    const onClose = () => fail(clientClosed());
    function fail(error: HandlerError) {
      stop();
      // Nothing more is read: the rest of the body is not drained, the connection is closed after the answer.
      request.pause();
      reject(error);
    }
    function stop() {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
      signal.removeEventListener('abort', onClose);
    }
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
    request.once('close', onClose);
    signal.addEventListener('abort', onClose, { once: true });
    request.resume();
  });
}
