/**
 * The simulator's HTTP plumbing: writing answers, reading a bounded request body, parsing JSON. Nothing here
 * knows Veratad.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface JsonReply {
  status: number;
  body: Record<string, unknown>;
}

/** Marks a request body that was not valid JSON (so it cannot be confused with a JSON `null`). */
export const UNPARSEABLE: unique symbol = Symbol('unparseable body');

/** Request bodies larger than this get 413. */
export const MAX_BODY_BYTES = 64 * 1024;

export const JSON_TYPE = 'application/json; charset=utf-8';

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendJson(res: ServerResponse, reply: JsonReply, headers: Record<string, string> = {}): void {
  send(
    res,
    reply.status,
    { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...headers },
    JSON.stringify(reply.body),
  );
}

/** A known path asked with the wrong method: drain what was sent, answer 405 with `Allow`. */
export function sendMethodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string): void {
  req.resume();
  sendJson(res, { status: 405, body: { error: 'Method Not Allowed' } }, { Allow: allow });
}

/**
 * Reads the body up to MAX_BODY_BYTES. Past the limit it stops keeping data but drains the rest, so the
 * client gets its 413 instead of a reset connection.
 */
export function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length']) > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return UNPARSEABLE;
  }
}

/** The 413 answer for a body over MAX_BODY_BYTES. */
export const TOO_LARGE: JsonReply = { status: 413, body: { error: 'Payload Too Large', limit: MAX_BODY_BYTES } };
