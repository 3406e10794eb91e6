/**
 * `toNodeListener`: runs a Fetch-API handler under `node:http`, Express or Connect. The only Node-specific file of
 * `veratad-verify/server`; its types (node-types.ts) describe what it uses of Node's request and response, so the
 * package's types never need `@types/node`.
 */
import type { NodeListener, NodeRequest, NodeResponse } from './node-types.js';
import { joinChunks, tooLarge } from './request-body.js';
import { HandlerError, errorAnswer, unexpectedFailure, type PlainAnswer } from './responses.js';
import { DIRECT_ENTRY, type BodyOptions, type DirectEntry, type RequestSource } from './source.js';

export type { NodeListener, NodeRequest, NodeResponse } from './node-types.js';

/** A header's value as `Headers.get` gives it: a repeated header's values joined. */
function headerValue(request: NodeRequest, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function headersOf(request: NodeRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  return headers;
}

/** The body a parser left behind, turned back into bytes; `undefined` when the stream is still unread. */
function parsedBody(request: NodeRequest): Uint8Array<ArrayBuffer> | undefined {
  if (!request.readableEnded && request.readable) return undefined;
  const { body } = request;
  // express.json() turns an empty body into {}: the request's own length says what really came.
  if (body === undefined || request.headers['content-length'] === '0') return new Uint8Array(0);
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Streams the request. Nothing is read until the handler reads the body, so a body the handler never reads (an answer
 * given from the headers alone) is left to `node:http`, which drains it. A consumer that stops early (a body over the
 * limit) has the rest drained here, so a keep-alive connection stays usable and the socket is not destroyed.
 */
function streamOf(request: NodeRequest): ReadableStream<Uint8Array> {
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
        // Flowing with no 'data' listener: the rest of the body is read and dropped.
        request.unpipe();
        request.resume();
      },
    },
    // Pull only when the handler reads: no chunk is taken from the socket ahead of time.
    { highWaterMark: 0 },
  );
}

function toRequest(request: NodeRequest, signal: AbortSignal, bytes?: Uint8Array<ArrayBuffer>): Request {
  const encrypted = request.socket?.encrypted;
  const url = new URL(
    request.originalUrl ?? request.url ?? '/',
    `${encrypted ? 'https' : 'http'}://${headerValue(request, 'host') ?? 'localhost'}`,
  );
  const method = request.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers: headersOf(request), signal };
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = bytes ?? parsedBody(request);
    if (parsed) {
      init.body = parsed;
      init.headers = new Headers(init.headers);
      init.headers.delete('content-length');
      init.headers.delete('transfer-encoding');
    } else {
      init.body = streamOf(request);
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
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
 * Reads the body from the stream (or from what a parser left), at most `maxBytes`. Past the limit it stops
 * keeping data, lets the rest drain (so a keep-alive connection stays usable) and rejects with the 413.
 */
function readNodeBody(
  request: NodeRequest,
  maxBytes: number,
  { exact = false }: BodyOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const parsed = parsedBody(request);
  if (parsed) {
    const { body } = request;
    const reEncoded = typeof body === 'object' && body !== null && !(body instanceof Uint8Array);
    if (exact && reEncoded && parsed.byteLength > 0) return Promise.reject(rawBodyGone());
    return parsed.byteLength > maxBytes ? Promise.reject(tooLarge(maxBytes)) : Promise.resolve(parsed);
  }
  // Not read at all: node:http drains it after the answer, as it does for any unread body.
  if (Number(request.headers['content-length']) > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > maxBytes) {
        stop();
        // Flowing with no 'data' listener: the rest of the body is read and dropped.
        request.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(joinChunks(chunks, size));
    };
    const onError = (error: unknown) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      // Nobody reads this answer; the code is for `onEvent`.
      reject(new HandlerError(499, 'client-closed', 'The request closed before its body ended.'));
    };
    function stop() {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    }
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
    request.once('close', onClose);
    request.resume();
  });
}

/** The handler's view of Node's request, without building a Fetch `Request` (made only if a host hook asks for one). */
function sourceOf(request: NodeRequest, signal: AbortSignal): RequestSource {
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  let fetchRequest: Request | undefined;
  return {
    method: request.method ?? 'GET',
    remoteAddress: request.socket?.remoteAddress,
    header: (name) => headerValue(request, name),
    async body(maxBytes, options) {
      bytes = await readNodeBody(request, maxBytes, options);
      return bytes;
    },
    signal,
    request() {
      // Once the body is read, each hook gets its own Request over the same bytes; before, one Request streams it.
      if (bytes) return toRequest(request, signal, bytes);
      fetchRequest ??= toRequest(request, signal);
      return fetchRequest;
    },
  };
}

const utf8 = new TextEncoder();

function writeAnswer(response: NodeResponse, answer: PlainAnswer): void {
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string | number> = { ...answer.headers };
  // Encoded once, here: its length is the Content-Length, and Node writes the bytes as they are.
  const body = answer.body ? utf8.encode(answer.body) : undefined;
  if (body) headers['Content-Length'] = body.byteLength;
  response.writeHead(answer.status, headers);
  response.end(body);
}

/**
 * Adapts a Fetch-API handler (such as `createTokenHandler(…)`) to `(req, res, next?)`. It works before or after
 * `express.json()`. Failures inside the adapter go to `next(error)` when there is one, else answer 500.
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  return async function veratadNodeListener(request, response, next) {
    const aborted = new AbortController();
    const onClose = () => {
      if (!response.writableFinished) aborted.abort();
    };
    response.once('close', onClose);
    try {
      // A handler made by this package answers Node's request directly: the same checks and answers, without a
      // Fetch Request and Response in between (on Node 20 they cost about a fifth of the CPU time; see npm run bench).
      const direct = (handler as { [DIRECT_ENTRY]?: DirectEntry })[DIRECT_ENTRY];
      if (direct) {
        writeAnswer(response, await direct(sourceOf(request, aborted.signal)));
        return;
      }
      const answer = await handler(toRequest(request, aborted.signal));
      const body = new Uint8Array(await answer.arrayBuffer());
      if (response.headersSent || response.destroyed) return;
      response.statusCode = answer.status;
      answer.headers.forEach((value, name) => response.setHeader(name, value));
      if (body.byteLength) response.setHeader('Content-Length', body.byteLength);
      response.end(body);
    } catch (error) {
      if (next) {
        next(error);
        return;
      }
      writeAnswer(response, errorAnswer(unexpectedFailure(error)));
    } finally {
      response.off('close', onClose);
    }
  };
}
