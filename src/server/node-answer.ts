/**
 * Writing a handler's answer to Node's response under `toNodeListener`, and closing the connection after it when
 * the request's body was refused or is still arriving.
 */
import type { NodeRequest, NodeResponse } from './node-types.js';
import type { PlainAnswer } from './responses.js';

/**
 * Whether the answer must close the connection: a body refused for its size (413) or its time (408), or any body
 * still arriving, would otherwise be read to its end and dropped by `node:http` to keep the connection alive. Not on
 * HTTP/2 (pseudo-headers), where a connection header is not allowed and the stream ends alone.
 */
export function mustClose(request: NodeRequest, status: number): boolean {
  if (':method' in request.headers) return false;
  return status === 413 || status === 408 || request.complete === false;
}

/** How long, and how many body bytes, a connection closed after its answer waits for the client to stop sending. */
const LINGER_MS = 2000;
const LINGER_BYTES = 1024 * 1024;

/** What `lingeringClose` uses of the request's socket (under `node:http`, a `net.Socket`). */
interface LingeringSocket {
  readonly destroyed: boolean;
  destroy(): void;
  once(event: 'end' | 'close', listener: () => void): unknown;
  removeListener(event: 'finish', listener: () => void): unknown;
}

function isLingeringSocket(socket: unknown): socket is LingeringSocket {
  const candidate = socket as Partial<LingeringSocket> | null | undefined;
  return typeof candidate?.destroy === 'function' && typeof candidate.removeListener === 'function';
}

/**
 * After an answer with `Connection: close`, `node:http` ends the socket and destroys it as soon as the answer is
 * flushed. With body bytes still coming, that destroy is a TCP reset, which can reach a client that is still sending
 * before it has read the answer, or leave it waiting to finish a body nobody reads (RFC 9112, section 9.6). So the
 * socket's writing side is ended, what still arrives is dropped, and the socket is destroyed when the client closes
 * its side, after `LINGER_BYTES` more bytes, or after `LINGER_MS`, whichever comes first.
 */
export function lingeringClose(request: NodeRequest, response: NodeResponse): void {
  const socket: unknown = request.socket;
  if (!isLingeringSocket(socket)) return;
  // 'close' comes a tick after `node:http` has ended the socket, before the socket's own 'finish' can.
  response.once('close', () => {
    if (socket.destroyed) return;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the listener node:http added, removed by identity
    socket.removeListener('finish', socket.destroy);
    let dropped = 0;
    const onData = (chunk: Uint8Array | string) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) socket.destroy();
    };
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    (timer as { unref?: () => void }).unref?.();
    request.on('data', onData);
    request.resume();
    socket.once('end', () => socket.destroy());
    socket.once('close', () => {
      clearTimeout(timer);
      request.off('data', onData);
    });
  });
}

const utf8 = new TextEncoder();

export function writeAnswer(request: NodeRequest, response: NodeResponse, answer: PlainAnswer): void {
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string | number> = { ...answer.headers };
  // Encoded once, here: its length is the Content-Length, and Node writes the bytes as they are.
  const body = answer.body ? utf8.encode(answer.body) : undefined;
  if (body) headers['Content-Length'] = body.byteLength;
  // Node then ends the connection after the answer instead of draining what the client still sends.
  if (mustClose(request, answer.status)) {
    headers.Connection = 'close';
    lingeringClose(request, response);
  }
  response.writeHead(answer.status, headers);
  response.end(body);
}
