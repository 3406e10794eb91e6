/**
 * The request and response `toNodeListener` works with, described by what it uses of them. `node:http`'s
 * `IncomingMessage` and `ServerResponse` fit, and so do Express's and Connect's `req` and `res`, which extend them.
 * Written without `@types/node`, so a project on a Fetch runtime (a worker, an edge function) can use the types of
 * `veratad-verify/server` without Node's: nothing here names a `node:*` module or a Node global.
 */

/** What `toNodeListener` uses of Node's `IncomingMessage` (and of Express's and Connect's `req`). */
export interface NodeRequest {
  readonly method?: string;
  readonly url?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly socket?: { readonly remoteAddress?: string; readonly encrypted?: boolean } | null;
  /** True once the body stream has been read to its end (by a body parser, for instance). */
  readonly readableEnded: boolean;
  readonly readable: boolean;
  /** False while the request's body is still arriving (`node:http`'s `IncomingMessage.complete`). */
  readonly complete?: boolean;
  /** Express's and Connect's path before routing. */
  readonly originalUrl?: string;
  /** What a body parser such as `express.json()` made of the body, once it has consumed the stream. */
  readonly body?: unknown;
  // The stream events the adapter listens to, each with what its listener is called with.
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  once(event: 'end' | 'close', listener: () => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
  off(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  off(event: 'end' | 'close', listener: () => void): unknown;
  off(event: 'error', listener: (error: unknown) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** What `toNodeListener` uses of Node's `ServerResponse` (and of Express's and Connect's `res`). */
export interface NodeResponse {
  statusCode: number;
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  readonly writableFinished: boolean;
  setHeader(name: string, value: string | number): unknown;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body?: Uint8Array | string): unknown;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/** A `(req, res, next?)` listener for `node:http`'s `createServer`, Express and Connect. */
export type NodeListener = (
  request: NodeRequest,
  response: NodeResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;
