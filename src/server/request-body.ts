/** Reads and checks request bodies: within a byte limit, JSON, an object. The token endpoint's ids are checked here too. */
import { HandlerError } from './responses.js';

/** The limit for the browser's requests (token and status endpoints). */
export const MAX_BODY_BYTES = 4096;
export const MAX_ID_LENGTH = 128;
export const ID_FIELDS = ['journey_id', 'settings_id', 'branding_id'] as const;

export type IdField = (typeof ID_FIELDS)[number];
export type RequestedIds = Partial<Record<IdField, string>>;

/** Time allowed for the browser's request body to arrive (token and status endpoints), from when it is first read. */
export const DEFAULT_BODY_TIMEOUT_MS = 5_000;

export const tooLarge = (maxBytes: number) =>
  new HandlerError(413, 'payload-too-large', `The request body must be at most ${maxBytes} bytes.`);
export const bodyTimedOut = (timeoutMs: number) =>
  new HandlerError(408, 'request-timeout', `The request body did not arrive within ${timeoutMs} ms.`);
/** Nobody reads this answer; the code is for `onEvent`. `cause` is the stream's own error, when there is one. */
export const clientClosed = (cause?: unknown) =>
  new HandlerError(
    499,
    'client-closed',
    'The request closed before its body ended.',
    {},
    cause === undefined ? undefined : { cause },
  );
const invalid = (message: string) => new HandlerError(400, 'invalid-request', message);

export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(';', 1)[0].trim().toLowerCase();
  return type === 'application/json';
}

/**
 * The body's bytes, stopping as soon as there are too many (413) or the time is up (408). A stream that errors or a
 * request whose signal aborts meanwhile means the caller went away (499 `client-closed`).
 */
export async function readLimited(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (request.signal.aborted) throw clientClosed();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // Settles only with the reason reading stops early; whatever happens, the reader is cancelled then.
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bodyTimedOut(timeoutMs)), timeoutMs);
    onAbort = () => reject(clientClosed());
    request.signal.addEventListener('abort', onAbort, { once: true });
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([
        reader.read().catch((error: unknown) => Promise.reject(clientClosed(error))),
        stopped,
      ]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) request.signal.removeEventListener('abort', onAbort);
  }
  return joinChunks(chunks, size);
}

/** The chunks of a body, read within the limit, as one byte array. */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body as a JSON object, or a 400 `HandlerError` (not UTF-8, not JSON, not an object). The parser's own error
 * is dropped on purpose: its message quotes the body.
 */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** The ids the browser asked for: a JSON object whose only keys are the id fields, each a short string. */
export function parseRequestedIds(bytes: Uint8Array): RequestedIds {
  const ids: RequestedIds = {};
  for (const [key, value] of Object.entries(parseJsonObject(bytes))) {
    if (!(ID_FIELDS as readonly string[]).includes(key)) {
      throw invalid(
        `Unexpected field ${JSON.stringify(key.slice(0, 40))}: only journey_id, settings_id and branding_id are accepted.`,
      );
    }
    if (typeof value !== 'string' || value.length > MAX_ID_LENGTH) {
      throw invalid(`${key} must be a string of at most ${MAX_ID_LENGTH} characters.`);
    }
    ids[key as IdField] = value;
  }
  return ids;
}
