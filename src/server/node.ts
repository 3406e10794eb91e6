/**
 * `toNodeListener`: runs a Fetch-API handler under `node:http`, Express or Connect. With node-body.ts and
 * node-answer.ts, the only Node-specific files of `veratad-verify/server`; their types (node-types.ts) describe what
 * they use of Node's request and response, so the package's types never need `@types/node`.
 */
import { mustClose, lingeringClose, writeAnswer } from './node-answer.js';
import { parsedBody, readNodeBody, streamOf } from './node-body.js';
import type { NodeListener, NodeRequest } from './node-types.js';
import { errorAnswer, unexpectedFailure } from './responses.js';
import { DIRECT_ENTRY, type DirectEntry, type RequestSource } from './source.js';

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

/** The handler's view of Node's request, without building a Fetch `Request` (made only if a host hook asks for one). */
function sourceOf(request: NodeRequest, signal: AbortSignal): RequestSource {
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  let fetchRequest: Request | undefined;
  return {
    method: request.method ?? 'GET',
    remoteAddress: request.socket?.remoteAddress,
    header: (name) => headerValue(request, name),
    async body(options) {
      bytes = await readNodeBody(request, signal, options);
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
      // Fetch Request and Response in between (on Node 20 they cost about a fifth of the CPU time; see docs/benchmarks.md).
      const direct = (handler as { [DIRECT_ENTRY]?: DirectEntry })[DIRECT_ENTRY];
      if (direct) {
        writeAnswer(request, response, await direct(sourceOf(request, aborted.signal)));
        return;
      }
      const answer = await handler(toRequest(request, aborted.signal));
      const body = new Uint8Array(await answer.arrayBuffer());
      if (response.headersSent || response.destroyed) return;
      response.statusCode = answer.status;
      answer.headers.forEach((value, name) => response.setHeader(name, value));
      if (body.byteLength) response.setHeader('Content-Length', body.byteLength);
      if (mustClose(request, answer.status)) {
        response.setHeader('Connection', 'close');
        lingeringClose(request, response);
      }
      response.end(body);
    } catch (error) {
      if (next) {
        next(error);
        return;
      }
      writeAnswer(request, response, errorAnswer(unexpectedFailure(error)));
    } finally {
      response.off('close', onClose);
    }
  };
}
