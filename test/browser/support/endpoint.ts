/**
 * The scripted token endpoint the browser tests talk to (test/browser/server/middleware.mjs, over real HTTP),
 * and the answers it is given.
 */

// Captured at load: the tests' own look-ups stay out of what support/page.ts's recordFetches() records.
const realFetch = window.fetch.bind(window);

let counter = 0;

/** A unique key, so each test sees only its own requests at the scripted endpoint. */
export function uniqueKey(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * One scripted answer: `body` as JSON or `raw` as text; `hold` never answers; `awaitSdk` answers only once the
 * fake SDK's script and stylesheet for the same key were requested (server/middleware.mjs).
 */
export interface Step {
  status?: number;
  body?: unknown;
  raw?: string;
  type?: string;
  hold?: boolean;
  awaitSdk?: boolean;
  headers?: Record<string, string>;
}

/** The token-url for a scripted endpoint: request n answers with plan[n] (the last step repeats). */
export function tokenUrl(key: string, plan?: Step[]): string {
  const params = new URLSearchParams({ key });
  if (plan) params.set('plan', JSON.stringify(plan));
  return `/api/token?${params}`;
}

/** A confirm-url on the same scripted endpoint (its own key, so its requests are counted apart from the token's). */
export function confirmUrl(key: string, plan: Step[]): string {
  return `/api/confirm?${new URLSearchParams({ key, plan: JSON.stringify(plan) })}`;
}

export interface SeenRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** The requests the endpoint has seen for `key`; with `count`, once that many have arrived. */
export async function requestsFor(key: string, count = 0): Promise<SeenRequest[]> {
  const response = await realFetch(`/api/requests?${new URLSearchParams({ key, count: String(count) })}`);
  const seen = (await response.json()) as SeenRequest[];
  if (seen.length < count) throw new Error(`the endpoint saw ${seen.length} requests for ${key}, not ${count}`);
  return seen;
}

/** A Veratad-shaped success answer with a given token. */
export function veratadBody(token: string = crypto.randomUUID()) {
  return { result: 'Success', message: 'Token created successfully', token, age: '21+', rules: 'R1', store_on: 'FAIL' };
}

/** A JWT (unsigned; only the payload matters here) whose payload has the given `exp`. */
export function jwtWithExp(exp: number): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: 'u1', iat: Math.floor(Date.now() / 1000), exp })}.c2lnbmF0dXJl`;
}

/** The fake link-mode frame (fixtures/fake-frame.html) on a second origin: localhost vs the page's 127.0.0.1. */
export function fakeFrameLink(send?: unknown): string {
  const url = new URL('/test/browser/fixtures/fake-frame.html', location.href);
  url.hostname = 'localhost';
  if (send !== undefined) url.searchParams.set('send', JSON.stringify(send));
  return url.href;
}

/** A link on 127.0.0.1 whose port refuses connections (the browser shows its own error page in the frame). */
export async function refusedLink(): Promise<string> {
  const { port } = (await (await realFetch('/api/refused-port')).json()) as { port: number };
  return `http://127.0.0.1:${port}/session/abc?token=never-sent`;
}

/** A link-mode answer whose frame posts `send` once it has loaded. */
export function linkAnswer(send?: unknown): Step {
  return { body: { token: `tok-${uniqueKey()}`, link: fakeFrameLink(send) } };
}
