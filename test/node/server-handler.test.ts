// `createTokenHandler` mounted with `toNodeListener` on a real node:http server, driven with fetch, against a fake
// Veratad on another local port (test/node/fake-veratad.ts). Every status and code the handler documents, the body
// limits, the origin checks, the timeout, the link step, and a scan of every answer and logged event for the
// credentials (which are distinctive strings here so that any leak is found).
import assert from 'node:assert/strict';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  createTokenHandler,
  toNodeListener,
  type TokenAnswer,
  type TokenHandlerEvent,
  type TokenHandlerOptions,
} from '../../src/server/index.js';
import {
  DOCUMENTED_SETTINGS,
  closedPortUrl,
  documented,
  listen,
  startFakeVeratad,
  stop,
  type FakeBehaviour,
  type FakeVeratad,
  type RecordedRequest,
} from './fake-veratad.js';

const USER = 'vx-user-Zq81-do-not-leak';
const PASS = 'vx-pass-4Kw!r9#do-not-leak';
const LISTED = 'https://shop.example';
// Long enough for the handler's upstream request to reach the fake on a busy machine before the deadline, so the
// count of upstream calls never depends on the machine's speed.
const TIMEOUT_MS = 1500;
/** Per test: a regression that hangs (a stuck connection, a lost abort) fails here instead of stalling the run. */
const LIMIT = { timeout: 5000 };
/** Waits (polling) until `check()` holds; the per-test LIMIT bounds it. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every error code of the spec, and the statuses they come with. */
const ALL_CODES = [
  'invalid-request',
  'forbidden-origin',
  'method-not-allowed',
  'payload-too-large',
  'unsupported-media-type',
  'upstream-rejected',
  'upstream-unauthorized',
  'upstream-invalid',
  'upstream-unreachable',
  'upstream-timeout',
  'internal-error',
];
const ALL_STATUSES = [200, 204, 400, 403, 405, 413, 415, 500, 502, 504];

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, `undefined` when there is none (204, HEAD). */
  json: AnswerBody | undefined;
}

/** What the handler answers: a token (200) or an error; each test checks which one it got. */
interface AnswerBody extends Partial<TokenAnswer> {
  error?: { code: string; message: string };
}

type Body = string | Uint8Array<ArrayBuffer> | (() => ReadableStream<Uint8Array>);

interface Send {
  method?: string;
  /** Sent on POST only; `null` sends none. Default `application/json`. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Default `{}`; a function makes a fresh stream, sent chunked without Content-Length. */
  body?: Body | null;
  signal?: AbortSignal;
}

interface Mounted {
  url: string;
  server: Server;
  events: TokenHandlerEvent[];
  /** The headers of every request that reached the handler's server. */
  incoming: IncomingHttpHeaders[];
}

/** Everything answered and logged in this file, scanned at the end. */
const answered: Answer[] = [];
const logged: TokenHandlerEvent[] = [];

function assertSafeHeaders(answer: Answer, label: string): void {
  assert.equal(answer.headers.get('cache-control'), 'no-store', `${label}: Cache-Control`);
  assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8', `${label}: Content-Type`);
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', `${label}: X-Content-Type-Options`);
}

/** A stream of `text` in 1000-byte chunks: fetch sends it with `Transfer-Encoding: chunked`. */
function chunked(text: string | Uint8Array): () => ReadableStream<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.byteLength; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
        controller.close();
      },
    });
}

/** `body` as JSON padded with spaces before its closing brace to exactly `size` bytes. */
function padded(size: number, body: Record<string, string> = {}): string {
  const json = JSON.stringify(body);
  const text = `${json.slice(0, -1)}${' '.repeat(size - json.length)}}`;
  assert.equal(Buffer.byteLength(text), size);
  return text;
}

/** Sends one request with fetch; records the answer and checks the headers every answer must carry. */
async function send(
  url: string,
  { method = 'POST', contentType = 'application/json', headers, body = '{}', signal }: Send = {},
): Promise<Answer> {
  const init: RequestInit & { duplex?: 'half' } = {
    method,
    headers: { ...(method === 'POST' && contentType !== null ? { 'Content-Type': contentType } : {}), ...headers },
    signal,
  };
  if (body !== null && method !== 'GET' && method !== 'HEAD') {
    if (typeof body === 'function') {
      init.body = body();
      init.duplex = 'half';
    } else {
      init.body = body;
    }
  }
  const response = await fetch(url, init);
  const text = await response.text();
  const answer: Answer = {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? (JSON.parse(text) as AnswerBody) : undefined,
  };
  answered.push(answer);
  assertSafeHeaders(answer, `${method} → ${answer.status}`);
  return answer;
}

function assertError(answer: Answer, status: number, code: string, message?: string | RegExp): void {
  assert.equal(answer.status, status, answer.text);
  assert.deepEqual(Object.keys(answer.json ?? {}), ['error']);
  const error = answer.json?.error;
  assert.ok(error, answer.text);
  // Veratad's refusals are final: the answer says so, and the element then neither retries nor offers "Try again".
  const final = code === 'upstream-unauthorized' || code === 'upstream-rejected';
  assert.deepEqual(Object.keys(error), final ? ['code', 'message', 'retryable'] : ['code', 'message']);
  if (final) assert.equal((error as { retryable?: unknown }).retryable, false);
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.notEqual(error.message, '');
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
}

/** The body of a token answer; fails the test when the answer carries no token. */
function tokenBody(answer: Answer): TokenAnswer {
  const body = answer.json;
  assert.ok(body && typeof body.token === 'string', `a token answer: ${answer.text}`);
  return body as TokenAnswer;
}

describe('createTokenHandler over real HTTP (toNodeListener on node:http, fake Veratad upstream)', () => {
  let fake: FakeVeratad;
  let closedUrl: string;
  const mounted: Server[] = [];

  /** The handler with the distinctive credentials, pointed at the fake, on its own node:http server. */
  async function mount(options: Partial<TokenHandlerOptions> = {}): Promise<Mounted> {
    const events: TokenHandlerEvent[] = [];
    const incoming: IncomingHttpHeaders[] = [];
    const handler = createTokenHandler({
      user: USER,
      pass: PASS,
      endpoint: fake.tokenUrl,
      linkEndpoint: fake.linkUrl,
      ...options,
      onEvent(event) {
        events.push(event);
        logged.push(event);
      },
    });
    const listener = toNodeListener(handler);
    const server = createServer((req, res) => {
      incoming.push(req.headers);
      void listener(req, res);
    });
    mounted.push(server);
    const origin = await listen(server);
    return { url: `${origin}/api/veratad-token`, server, events, incoming };
  }

  before(async () => {
    fake = await startFakeVeratad();
    closedUrl = await closedPortUrl();
  });
  beforeEach(() => fake.reset());
  afterEach(async () => {
    await Promise.all(mounted.splice(0).map(stop));
  });
  after(async () => {
    await Promise.all(mounted.splice(0).map(stop));
    await fake.close();
  });

  // ---------------------------------------------------------------------------------------------------------------
  // Every status and code, one scenario per row. Rerun at the end for the credential scan.
  // ---------------------------------------------------------------------------------------------------------------

  interface Scenario {
    name: string;
    options?: () => Partial<TokenHandlerOptions>;
    token?: () => FakeBehaviour;
    link?: () => FakeBehaviour;
    request?: Send;
    status: number;
    code?: string;
    message?: string | RegExp;
    /** Veratad's own message as `onEvent` gets it; absent when not given. */
    upstreamMessage?: string;
    /** Create Token calls the fake must have seen; by default 1 for 200 and 5xx from upstream, else 0. */
    tokenCalls?: number;
    check?: (answer: Answer) => void;
  }

  const json = (body: unknown): Send => ({ body: JSON.stringify(body) });
  const withOrigins = () => ({ allowedOrigins: [LISTED] });
  const linkMode = () => ({ link: async () => ({ fn: 'Ada', ln: 'Lovelace' }) });
  const timeout = () => ({ timeoutMs: TIMEOUT_MS });
  const tooBig = 1024 * 1024;

  const SCENARIOS: Scenario[] = [
    // 200 and 204
    { name: 'answers 200 with a token in SDK mode', status: 200 },
    {
      name: 'answers 200 with a token and a link in link mode',
      options: linkMode,
      status: 200,
      check: (a) => assert.equal(typeof tokenBody(a).link, 'string'),
    },
    {
      name: 'answers 204 to a preflight from a listed origin',
      options: withOrigins,
      request: { method: 'OPTIONS', headers: { Origin: LISTED } },
      status: 204,
    },
    // 400 invalid-request: the body
    {
      name: 'answers 400 invalid-request to a body that is not JSON',
      request: { body: 'journey_id=j1' },
      status: 400,
      code: 'invalid-request',
      message: /not valid JSON/,
    },
    {
      name: 'answers 400 invalid-request to an empty body',
      request: { body: '' },
      status: 400,
      code: 'invalid-request',
      message: /not valid JSON/,
    },
    {
      name: 'answers 400 invalid-request to JSON with a trailing comma',
      request: { body: '{"journey_id":"j1",}' },
      status: 400,
      code: 'invalid-request',
      message: /not valid JSON/,
    },
    {
      name: 'answers 400 invalid-request to a body that is not UTF-8',
      request: { body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) },
      status: 400,
      code: 'invalid-request',
      message: /not valid JSON/,
    },
    {
      name: 'answers 400 invalid-request to a JSON array',
      request: { body: '[]' },
      status: 400,
      code: 'invalid-request',
      message: /must be a JSON object/,
    },
    {
      name: 'answers 400 invalid-request to an array holding a valid object',
      request: json([{ journey_id: 'j1' }]),
      status: 400,
      code: 'invalid-request',
      message: /must be a JSON object/,
    },
    {
      name: 'answers 400 invalid-request to JSON null',
      request: { body: 'null' },
      status: 400,
      code: 'invalid-request',
      message: /must be a JSON object/,
    },
    {
      name: 'answers 400 invalid-request to a JSON string',
      request: { body: '"journey_id"' },
      status: 400,
      code: 'invalid-request',
      message: /must be a JSON object/,
    },
    {
      name: 'answers 400 invalid-request to a JSON number',
      request: { body: '42' },
      status: 400,
      code: 'invalid-request',
      message: /must be a JSON object/,
    },
    // 400 invalid-request: the fields, with the message naming the field
    {
      name: 'answers 400 invalid-request naming an unknown field (the browser cannot send credentials)',
      request: json({ user: 'x', pass: 'y' }),
      status: 400,
      code: 'invalid-request',
      message: /Unexpected field "user"/,
    },
    {
      name: 'answers 400 invalid-request naming an unknown field next to a valid one',
      options: () => ({ allow: { journeyIds: ['j1'] } }),
      request: json({ journey_id: 'j1', token: 'x' }),
      status: 400,
      code: 'invalid-request',
      message: /Unexpected field "token"/,
    },
    {
      name: 'answers 400 invalid-request naming journey_id when it is a number',
      request: json({ journey_id: 7 }),
      status: 400,
      code: 'invalid-request',
      message: /^journey_id must be a string/,
    },
    {
      name: 'answers 400 invalid-request naming settings_id when it is null',
      request: json({ settings_id: null }),
      status: 400,
      code: 'invalid-request',
      message: /^settings_id must be a string/,
    },
    {
      name: 'answers 400 invalid-request naming branding_id when it is an object',
      request: json({ branding_id: { id: 'b' } }),
      status: 400,
      code: 'invalid-request',
      message: /^branding_id must be a string/,
    },
    {
      name: 'answers 400 invalid-request naming journey_id when it is an array',
      request: json({ journey_id: ['j1'] }),
      status: 400,
      code: 'invalid-request',
      message: /^journey_id must be a string/,
    },
    {
      name: 'answers 400 invalid-request naming journey_id when it is 129 characters, even if allowed',
      options: () => ({ allow: { journeyIds: ['j'.repeat(129)] } }),
      request: json({ journey_id: 'j'.repeat(129) }),
      status: 400,
      code: 'invalid-request',
      message: /^journey_id must be a string of at most 128 characters/,
    },
    {
      name: 'answers 400 invalid-request naming journey_id and its option when the id is not in allow',
      options: () => ({ allow: { journeyIds: ['j-ok'] } }),
      request: json({ journey_id: 'j-other' }),
      status: 400,
      code: 'invalid-request',
      message: /^journey_id .*allow\.journeyIds/,
    },
    {
      name: 'answers 400 invalid-request naming settings_id and its option when the id is not in allow',
      options: () => ({ allow: { settingsIds: ['s-ok'] } }),
      request: json({ settings_id: 's-other' }),
      status: 400,
      code: 'invalid-request',
      message: /^settings_id .*allow\.settingsIds/,
    },
    {
      name: 'answers 400 invalid-request naming branding_id and its option when the id is not in allow',
      options: () => ({ allow: { brandingIds: ['b-ok'] } }),
      request: json({ branding_id: 'b-other' }),
      status: 400,
      code: 'invalid-request',
      message: /^branding_id .*allow\.brandingIds/,
    },
    {
      name: 'answers 400 invalid-request to a browser id when no allow list is configured, even one equal to the default',
      options: () => ({ journeyId: 'j-default' }),
      request: json({ journey_id: 'j-default' }),
      status: 400,
      code: 'invalid-request',
      message: /^journey_id /,
    },
    {
      name: 'answers 400 invalid-request to an id listed only for another field',
      options: () => ({ allow: { settingsIds: ['shared'] } }),
      request: json({ journey_id: 'shared' }),
      status: 400,
      code: 'invalid-request',
      message: /^journey_id /,
    },
    // 403 forbidden-origin
    {
      name: 'answers 403 forbidden-origin when Origin is missing and allowedOrigins is set',
      options: withOrigins,
      status: 403,
      code: 'forbidden-origin',
      check: (a) => assert.equal(a.headers.get('access-control-allow-origin'), null),
    },
    {
      name: 'answers 403 forbidden-origin to an unlisted origin',
      options: withOrigins,
      request: { headers: { Origin: 'https://evil.example' } },
      status: 403,
      code: 'forbidden-origin',
      check: (a) => assert.equal(a.headers.get('access-control-allow-origin'), null),
    },
    {
      name: 'answers 403 forbidden-origin to a listed host on another port',
      options: withOrigins,
      request: { headers: { Origin: 'https://shop.example:8443' } },
      status: 403,
      code: 'forbidden-origin',
    },
    {
      name: 'answers 403 forbidden-origin to a listed host over another scheme',
      options: withOrigins,
      request: { headers: { Origin: 'http://shop.example' } },
      status: 403,
      code: 'forbidden-origin',
    },
    {
      name: 'answers 403 forbidden-origin to the opaque origin "null"',
      options: withOrigins,
      request: { headers: { Origin: 'null' } },
      status: 403,
      code: 'forbidden-origin',
    },
    {
      name: 'answers 403 forbidden-origin to a preflight from an unlisted origin',
      options: withOrigins,
      request: { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } },
      status: 403,
      code: 'forbidden-origin',
    },
    {
      name: 'answers 403 forbidden-origin to a preflight without Origin',
      options: withOrigins,
      request: { method: 'OPTIONS' },
      status: 403,
      code: 'forbidden-origin',
    },
    // 405
    {
      name: 'answers 405 with Allow: POST to GET',
      request: { method: 'GET' },
      status: 405,
      code: 'method-not-allowed',
      check: (a) => assert.equal(a.headers.get('allow'), 'POST'),
    },
    {
      name: 'answers 405 with Allow: POST to PUT',
      request: { method: 'PUT' },
      status: 405,
      code: 'method-not-allowed',
      check: (a) => assert.equal(a.headers.get('allow'), 'POST'),
    },
    {
      name: 'answers 405 with Allow: POST to DELETE',
      request: { method: 'DELETE' },
      status: 405,
      code: 'method-not-allowed',
      check: (a) => assert.equal(a.headers.get('allow'), 'POST'),
    },
    {
      name: 'answers 405 with Allow: POST to PATCH',
      request: { method: 'PATCH' },
      status: 405,
      code: 'method-not-allowed',
      check: (a) => assert.equal(a.headers.get('allow'), 'POST'),
    },
    {
      name: 'answers 405 with Allow: POST to OPTIONS when allowedOrigins is not set',
      request: { method: 'OPTIONS', headers: { Origin: LISTED } },
      status: 405,
      code: 'method-not-allowed',
      check: (a) => assert.equal(a.headers.get('allow'), 'POST'),
    },
    {
      name: 'answers 405 with Allow: POST, OPTIONS to GET when allowedOrigins is set',
      options: withOrigins,
      request: { method: 'GET', headers: { Origin: LISTED } },
      status: 405,
      code: 'method-not-allowed',
      check: (a) => assert.equal(a.headers.get('allow'), 'POST, OPTIONS'),
    },
    // 413
    {
      name: 'answers 413 to a declared body of 4097 bytes',
      request: { body: padded(4097) },
      status: 413,
      code: 'payload-too-large',
      message: /4096 bytes/,
    },
    {
      name: 'answers 413 to a chunked body of 4097 bytes',
      request: { body: chunked(padded(4097)) },
      status: 413,
      code: 'payload-too-large',
    },
    {
      name: 'answers 413 to a declared body of 1 MB',
      request: { body: new Uint8Array(tooBig).fill(0x20) },
      status: 413,
      code: 'payload-too-large',
    },
    {
      name: 'answers 413 to a chunked body of 1 MB',
      request: { body: chunked(new Uint8Array(tooBig).fill(0x20)) },
      status: 413,
      code: 'payload-too-large',
    },
    // 415
    {
      name: 'answers 415 to a body without Content-Type',
      request: { body: new TextEncoder().encode('{}'), contentType: null },
      status: 415,
      code: 'unsupported-media-type',
    },
    {
      name: 'answers 415 to text/plain (a "simple" cross-site form post)',
      request: { contentType: 'text/plain' },
      status: 415,
      code: 'unsupported-media-type',
    },
    {
      name: 'answers 415 to application/x-www-form-urlencoded',
      request: { contentType: 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'unsupported-media-type',
    },
    {
      name: 'answers 415 to multipart/form-data',
      request: { contentType: 'multipart/form-data; boundary=x' },
      status: 415,
      code: 'unsupported-media-type',
    },
    {
      name: 'answers 415 to a JSON-looking type that is not application/json',
      request: { contentType: 'application/jsonp' },
      status: 415,
      code: 'unsupported-media-type',
    },
    // 500 internal-error
    {
      name: 'answers 500 internal-error when link() throws, without its message',
      options: () => ({
        link: async () => {
          throw new Error('session store down: sess-7731');
        },
      }),
      status: 500,
      code: 'internal-error',
      message: 'The link step failed on the server.',
    },
    {
      name: 'answers 500 internal-error when link() returns a string',
      options: () => ({ link: (async () => 'Ada') as unknown as TokenHandlerOptions['link'] }),
      status: 500,
      code: 'internal-error',
    },
    {
      name: 'answers 500 internal-error when link() returns an array',
      options: () => ({ link: (async () => ['Ada']) as unknown as TokenHandlerOptions['link'] }),
      status: 500,
      code: 'internal-error',
    },
    // 502 upstream-rejected: a fixed message for the browser, Veratad's own words for onEvent only
    ...documented.tokenRejectedMessages.map((message): Scenario => ({
      name: `answers 502 upstream-rejected with a fixed message, and gives onEvent Veratad's 400 message "${message}"`,
      token: () => ({ status: 400, json: documented.tokenRejected(message) }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused to create a token.',
      upstreamMessage: message,
    })),
    {
      name: 'answers 502 upstream-rejected to an Error result sent with HTTP 200',
      token: () => ({ json: { result: 'Error', message: 'Account suspended', token: '' } }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused to create a token.',
      upstreamMessage: 'Account suspended',
    },
    {
      name: 'answers 502 upstream-rejected, and gives onEvent no Veratad message when Veratad gives none',
      token: () => ({ status: 400, json: { result: 'Error', token: '' } }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused to create a token.',
    },
    {
      name: "gives onEvent Veratad's message with the credentials redacted, and the browser the fixed message",
      token: () => ({ status: 400, json: documented.tokenRejected(`No account ${USER} with password ${PASS}`) }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused to create a token.',
      upstreamMessage: 'No account [redacted] with password [redacted]',
    },
    {
      name: 'gives onEvent a long Veratad message cut to 300 characters',
      token: () => ({ status: 400, json: documented.tokenRejected('x'.repeat(1000)) }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused to create a token.',
      upstreamMessage: `${'x'.repeat(300)}…`,
    },
    {
      name: 'answers 502 upstream-rejected to a link ERROR, giving onEvent its description',
      options: linkMode,
      link: () => ({ json: documented.linkError('Invalid token', 'The token has expired') }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused to generate a link.',
      upstreamMessage: 'The token has expired',
    },
    {
      name: 'answers 502 upstream-rejected to a link ERROR, giving onEvent its message when there is no description',
      options: linkMode,
      link: () => ({ json: documented.linkError('Invalid token', '') }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused to generate a link.',
      upstreamMessage: 'Invalid token',
    },
    {
      name: 'gives onEvent the link ERROR text with the token and the person redacted',
      options: () => ({ link: async () => ({ fn: 'Augusta', ln: 'Lovelace', dob: '18151210' }) }),
      link: () => (r) => ({
        json: documented.linkError(
          '',
          `Token ${(r.json as { token: string }).token} for AUGUSTA lovelace (18151210) is expired`,
        ),
      }),
      status: 502,
      code: 'upstream-rejected',
      message: 'Veratad refused to generate a link.',
      upstreamMessage: 'Token [redacted] for [redacted] [redacted] ([redacted]) is expired',
    },
    // 502 upstream-unauthorized
    {
      name: "answers 502 upstream-unauthorized (never 401) to Veratad's documented 401, its message for onEvent only",
      token: () => ({ status: 401, json: documented.tokenUnauthorized }),
      status: 502,
      code: 'upstream-unauthorized',
      message: /credentials/,
      upstreamMessage: documented.tokenUnauthorized.message,
    },
    {
      name: 'answers 502 upstream-unauthorized to a 401 without a JSON body',
      token: () => ({ status: 401, text: 'Unauthorized', contentType: 'text/plain' }),
      status: 502,
      code: 'upstream-unauthorized',
    },
    {
      name: 'answers 502 upstream-unauthorized to a 401 from Generate Link',
      options: linkMode,
      link: () => ({ status: 401, json: { action: 'ERROR', error_message: 'unauthorized' } }),
      status: 502,
      code: 'upstream-unauthorized',
      upstreamMessage: 'unauthorized',
    },
    // 502 upstream-invalid
    {
      name: 'answers 502 upstream-invalid to a 200 that is not JSON',
      token: () => ({ text: 'OK' }),
      status: 502,
      code: 'upstream-invalid',
      message: /HTTP 200/,
    },
    {
      name: 'answers 502 upstream-invalid to a 500 HTML page',
      token: () => ({ status: 500, text: '<html><body><h1>500 Internal Server Error</h1></body></html>' }),
      status: 502,
      code: 'upstream-invalid',
      message: /HTTP 500/,
    },
    {
      name: 'answers 502 upstream-invalid to an empty 200',
      token: () => ({ text: '', contentType: 'application/json' }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to a JSON array',
      token: () => ({ json: [documented.tokenSuccess('tok-in-array')] }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to JSON null',
      token: () => ({ json: null }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to an object of the wrong shape',
      token: () => ({ json: { ok: true, data: { token: 'tok-nested' } } }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to Success with an empty token',
      token: () => ({ json: { ...documented.tokenSuccess(''), token: '' } }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to Success without a token',
      token: () => ({ json: { result: 'Success', message: 'Token created successfully' } }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to Success with a numeric token',
      token: () => ({ json: { result: 'Success', message: 'Token created successfully', token: 393 } }),
      status: 502,
      code: 'upstream-invalid',
    },
    {
      name: 'answers 502 upstream-invalid to a Success body sent with HTTP 500',
      token: () => ({ status: 500, json: documented.tokenSuccess('tok-with-500') }),
      status: 502,
      code: 'upstream-invalid',
      message: /HTTP 500/,
    },
    {
      name: 'answers 502 upstream-invalid to a link PASS without a link',
      options: linkMode,
      link: () => ({ json: { ...documented.linkPass(''), link: undefined } }),
      status: 502,
      code: 'upstream-invalid',
      message: /Generate Link/,
    },
    {
      name: 'answers 502 upstream-invalid to a link that is not an http(s) URL',
      options: linkMode,
      link: () => ({ json: documented.linkPass('javascript:alert(1)') }),
      status: 502,
      code: 'upstream-invalid',
      message: /Generate Link/,
    },
    {
      name: 'answers 502 upstream-invalid to a Generate Link 500 HTML page',
      options: linkMode,
      link: () => ({ status: 500, text: '<h1>oops</h1>' }),
      status: 502,
      code: 'upstream-invalid',
      message: /Generate Link answer \(HTTP 500\)/,
    },
    // 502 upstream-unreachable
    {
      name: 'answers 502 upstream-unreachable when nothing listens on the Create Token port',
      options: () => ({ endpoint: closedUrl }),
      status: 502,
      code: 'upstream-unreachable',
      tokenCalls: 0,
    },
    {
      name: 'answers 502 upstream-unreachable when Veratad drops the connection',
      token: () => ({ destroy: true }),
      status: 502,
      code: 'upstream-unreachable',
    },
    {
      name: 'answers 502 upstream-invalid to a redirect instead of following it',
      token: () => ({ redirect: `${fake.origin}/token/create/moved` }),
      status: 502,
      code: 'upstream-invalid',
      check: () => assert.equal(fake.requests.length, 1, 'the redirect was not followed'),
    },
    {
      name: 'answers 502 upstream-unreachable when nothing listens on the Generate Link port',
      options: () => ({ ...linkMode(), linkEndpoint: closedUrl }),
      status: 502,
      code: 'upstream-unreachable',
    },
    // 504 upstream-timeout
    {
      name: 'answers 504 upstream-timeout when Create Token never answers',
      options: timeout,
      token: () => ({ hang: true }),
      status: 504,
      code: 'upstream-timeout',
    },
    {
      name: 'answers 504 upstream-timeout when Create Token never finishes its body',
      options: timeout,
      token: () => ({ hangBody: true }),
      status: 504,
      code: 'upstream-timeout',
    },
    {
      name: 'answers 504 upstream-timeout when Generate Link never answers',
      options: () => ({ ...linkMode(), ...timeout() }),
      link: () => ({ hang: true }),
      status: 504,
      code: 'upstream-timeout',
    },
  ];

  /** Runs one scenario on a fresh handler and checks status, code, message, upstream calls and the logged event. */
  async function run(scenario: Scenario): Promise<{ answer: Answer; mount: Mounted }> {
    fake.reset();
    if (scenario.token) fake.onToken(scenario.token());
    if (scenario.link) fake.onLink(scenario.link());
    const mount_ = await mount(scenario.options?.() ?? {});
    const answer = await send(mount_.url, scenario.request);
    // A timed-out upstream call is closed by the handler; wait for that, so nothing of it reaches the next test.
    if (scenario.status === 504) await Promise.all(fake.requests.map((request) => request.closed));
    if (scenario.code) {
      if (answer.json === undefined) assert.equal(answer.status, scenario.status);
      else assertError(answer, scenario.status, scenario.code, scenario.message);
    } else {
      assert.equal(answer.status, scenario.status, answer.text);
    }
    const expectedCalls = scenario.tokenCalls ?? (scenario.status === 200 || scenario.status >= 502 ? 1 : 0);
    assert.equal(fake.tokenRequests().length, expectedCalls, 'Create Token calls');
    assert.equal(mount_.events.length, 1, 'one onEvent per request');
    const [event] = mount_.events;
    assert.equal(event.code, scenario.code ?? (scenario.status === 204 ? 'preflight' : 'ok'));
    assert.equal(event.status, scenario.status);
    assert.equal(event.upstreamMessage, scenario.upstreamMessage);
    assert.equal(typeof event.durationMs, 'number');
    assert.equal(
      'upstreamMs' in event,
      scenario.status === 200 || scenario.status >= 502,
      'upstreamMs only when Veratad was called',
    );
    scenario.check?.(answer);
    return { answer, mount: mount_ };
  }

  /** The outcome of each scenario that ran, for the scan at the end. */
  const outcomes = new Map<Scenario, { answer: Answer; events: TokenHandlerEvent[] }>();

  describe('every status and code of the spec', () => {
    for (const scenario of SCENARIOS) {
      it(scenario.name, LIMIT, async () => {
        const { answer, mount: mount_ } = await run(scenario);
        outcomes.set(scenario, { answer, events: mount_.events });
      });
    }
  });

  // ---------------------------------------------------------------------------------------------------------------

  describe('creation', () => {
    it(
      'throws a TypeError naming user and pass when either is missing, without the other credential in the message',
      LIMIT,
      () => {
        const cases: [unknown, string[]][] = [
          [{ pass: PASS }, [PASS]],
          [{ user: USER }, [USER]],
          [{ user: '', pass: PASS }, [PASS]],
          [{ user: USER, pass: '' }, [USER]],
          [{ user: USER, pass: 1234 }, [USER]],
          [{ user: null, pass: PASS }, [PASS]],
          [{}, []],
          [undefined, []],
        ];
        for (const [options, secrets] of cases) {
          assert.throws(
            () => createTokenHandler(options as TokenHandlerOptions),
            (error: unknown) => {
              assert.ok(error instanceof TypeError, `TypeError for ${JSON.stringify(options)}`);
              assert.match(error.message, /createTokenHandler/);
              if (options !== undefined) assert.match(error.message, /`user` and `pass`/);
              for (const secret of secrets)
                assert.ok(!error.message.includes(secret), 'the message holds no credential');
              assert.ok(!String(error.stack).includes(PASS) && !String(error.stack).includes(USER));
              return true;
            },
          );
        }
      },
    );
  });

  describe('200', () => {
    it(
      "answers token, expires_at lifetimeSeconds ahead and Veratad's other fields as settings, with no link in SDK mode",
      LIMIT,
      async () => {
        const { url } = await mount({ lifetimeSeconds: 120 });
        const before = Date.now();
        const answer = await send(url);
        const after = Date.now();
        assert.equal(answer.status, 200);
        const body = tokenBody(answer);
        assert.deepEqual(Object.keys(body).sort(), ['expires_at', 'settings', 'token']);
        assert.equal(body.token, fake.issuedTokens.at(-1));
        assert.match(body.expires_at, ISO);
        const expires = Date.parse(body.expires_at);
        assert.ok(
          expires >= before + 120_000 && expires <= after + 120_000,
          `${body.expires_at} is 120 s after the call`,
        );
        assert.deepEqual(body.settings, DOCUMENTED_SETTINGS);
        assert.equal(fake.linkRequests().length, 0);
      },
    );

    it("counts expires_at from Veratad's documented 6 hours by default", LIMIT, async () => {
      const { url } = await mount();
      const before = Date.now();
      const answer = await send(url);
      const after = Date.now();
      const expires = Date.parse(tokenBody(answer).expires_at);
      assert.ok(expires >= before + 21_600_000 && expires <= after + 21_600_000);
    });

    it('keeps scalar settings as strings and drops result, message, token and nested values', LIMIT, async () => {
      fake.onToken({
        json: {
          ...documented.tokenSuccess('tok-scalars'),
          attempts: 3,
          testing_mode: true,
          nested: { a: '1' },
          list: ['x'],
          nothing: null,
        },
      });
      const { url } = await mount();
      const answer = await send(url);
      assert.equal(answer.status, 200);
      assert.deepEqual(tokenBody(answer).settings, { ...DOCUMENTED_SETTINGS, attempts: '3', testing_mode: 'true' });
    });

    it(
      'drops any setting that carries a credential, in any case, URL-encoded or in base64, in its name or value',
      LIMIT,
      async () => {
        fake.onToken({
          json: {
            ...documented.tokenSuccess('tok-echo'),
            echo_user: USER,
            echo_pass: PASS,
            note: `issued to ${USER}`,
            hint: `pass=${PASS};`,
            shout: PASS.toUpperCase(),
            basic: `Basic ${btoa(`${USER}:${PASS}`)}`,
            query: `?u=${encodeURIComponent(USER)}&p=${encodeURIComponent(PASS)}`,
            form: `p=${encodeURIComponent(PASS).replace(/!/g, '%21')}`,
            b64: Buffer.from(PASS).toString('base64'),
            b64url: Buffer.from(USER).toString('base64url'),
            inner: Buffer.from(`account ${PASS} ok`).toString('base64'),
            [`key_${USER.toUpperCase()}`]: 'x',
          },
        });
        const { url } = await mount();
        const answer = await send(url);
        assert.equal(answer.status, 200);
        assert.deepEqual(tokenBody(answer).settings, DOCUMENTED_SETTINGS);
        assert.ok(!answer.text.includes(USER) && !answer.text.includes(PASS));
      },
    );

    it(
      'answers the same way when allowedOrigins is set and the origin is listed, with CORS headers for it',
      LIMIT,
      async () => {
        const { url } = await mount({ allowedOrigins: [LISTED, 'http://localhost:5173'] });
        for (const origin of [LISTED, 'http://localhost:5173']) {
          const answer = await send(url, { headers: { Origin: origin } });
          assert.equal(answer.status, 200);
          assert.equal(typeof tokenBody(answer).token, 'string');
          assert.equal(answer.headers.get('access-control-allow-origin'), origin);
          assert.equal(answer.headers.get('access-control-allow-credentials'), 'true');
          assert.equal(answer.headers.get('vary'), 'Origin');
        }
      },
    );
  });

  describe('what reaches Veratad', () => {
    const lastToken = (): RecordedRequest => {
      const requests = fake.tokenRequests();
      assert.equal(requests.length, 1);
      return requests[0];
    };

    it(
      'posts JSON with only user and pass to Create Token when no ids are configured or asked for',
      LIMIT,
      async () => {
        const { url } = await mount();
        assert.equal((await send(url)).status, 200);
        const sent = lastToken();
        assert.equal(sent.method, 'POST');
        assert.equal(sent.path, '/token/create');
        assert.match(String(sent.headers['content-type']), /^application\/json\b/);
        assert.deepEqual(sent.json, { user: USER, pass: PASS });
      },
    );

    it('sends the configured default ids as journey_id, settings_id and branding_id', LIMIT, async () => {
      const { url } = await mount({ journeyId: 'J-default', settingsId: 'S-default', brandingId: 'B-default' });
      assert.equal((await send(url)).status, 200);
      assert.deepEqual(lastToken().json, {
        user: USER,
        pass: PASS,
        journey_id: 'J-default',
        settings_id: 'S-default',
        branding_id: 'B-default',
      });
    });

    it(
      "sends a browser-chosen id listed in allow instead of that field's default, keeping the other defaults",
      LIMIT,
      async () => {
        const { url } = await mount({
          journeyId: 'J-default',
          settingsId: 'S-default',
          brandingId: 'B-default',
          allow: { journeyIds: ['J-other', 'J-browser'], settingsIds: ['S-browser'], brandingIds: ['B-browser'] },
        });
        assert.equal((await send(url, json({ journey_id: 'J-browser' }))).status, 200);
        assert.deepEqual(lastToken().json, {
          user: USER,
          pass: PASS,
          journey_id: 'J-browser',
          settings_id: 'S-default',
          branding_id: 'B-default',
        });

        fake.reset();
        const all = { journey_id: 'J-other', settings_id: 'S-browser', branding_id: 'B-browser' };
        assert.equal((await send(url, json(all))).status, 200);
        assert.deepEqual(lastToken().json, { user: USER, pass: PASS, ...all });
      },
    );

    it('accepts an allowed id of exactly 128 characters', LIMIT, async () => {
      const id = 'j'.repeat(128);
      const { url } = await mount({ allow: { journeyIds: [id] } });
      assert.equal((await send(url, json({ journey_id: id }))).status, 200);
      assert.equal((lastToken().json as { journey_id: string }).journey_id, id);
    });

    it('accepts application/json with parameters and in any letter case', LIMIT, async () => {
      const { url } = await mount();
      for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', ' application/json ']) {
        assert.equal((await send(url, { contentType: type })).status, 200, type);
      }
    });
  });

  describe('origins and preflight', () => {
    it(
      'matches origins after normalizing the configured list (trailing slash, path, default port)',
      LIMIT,
      async () => {
        const { url } = await mount({ allowedOrigins: ['https://shop.example/', 'https://pay.example:443/checkout'] });
        for (const origin of ['https://shop.example', 'https://pay.example']) {
          const answer = await send(url, { headers: { Origin: origin } });
          assert.equal(answer.status, 200, origin);
          assert.equal(answer.headers.get('access-control-allow-origin'), origin);
        }
      },
    );

    it('puts CORS headers on error answers for a listed origin so the page can read them', LIMIT, async () => {
      const { url } = await mount({ allowedOrigins: [LISTED] });
      const invalid = await send(url, { headers: { Origin: LISTED }, body: '[]' });
      assertError(invalid, 400, 'invalid-request');
      assert.equal(invalid.headers.get('access-control-allow-origin'), LISTED);
      fake.onToken({ status: 401, json: documented.tokenUnauthorized });
      const refused = await send(url, { headers: { Origin: LISTED } });
      assertError(refused, 502, 'upstream-unauthorized');
      assert.equal(refused.headers.get('access-control-allow-origin'), LISTED);
    });

    it('ignores Origin and sends no CORS headers when allowedOrigins is not set', LIMIT, async () => {
      const { url } = await mount();
      const answer = await send(url, { headers: { Origin: 'https://anyone.example' } });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
      assert.equal(answer.headers.get('access-control-allow-credentials'), null);
    });

    it(
      'answers a preflight from a listed origin with 204, POST, Content-Type and Accept, a max age and no body',
      LIMIT,
      async () => {
        const { url } = await mount({ allowedOrigins: [LISTED] });
        const answer = await send(url, {
          method: 'OPTIONS',
          headers: {
            Origin: LISTED,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type',
          },
        });
        assert.equal(answer.status, 204);
        assert.equal(answer.text, '');
        assert.equal(answer.headers.get('access-control-allow-origin'), LISTED);
        assert.equal(answer.headers.get('access-control-allow-credentials'), 'true');
        assert.equal(answer.headers.get('access-control-allow-methods'), 'POST');
        assert.equal(answer.headers.get('access-control-allow-headers'), 'Content-Type, Accept');
        assert.equal(answer.headers.get('access-control-max-age'), '600');
        assert.equal(answer.headers.get('vary'), 'Origin');
        assert.equal(fake.requests.length, 0);
      },
    );

    it(
      'grants a preflight only the headers the handler reads and allowedHeaders, never the ones it asks for',
      LIMIT,
      async () => {
        const many = Array.from({ length: 600 }, (_, i) => `x-name-${i}`).join(', ');
        const asks = [undefined, 'authorization', 'set-cookie, cookie', 'content-type, x-requested-with', many, '"x"'];
        const plain = await mount({ allowedOrigins: [LISTED] });
        const own = await mount({ allowedOrigins: [LISTED], allowedHeaders: ['X-CSRF-Token', 'x-request-id'] });
        for (const [url, granted] of [
          [plain.url, 'Content-Type, Accept'],
          [own.url, 'Content-Type, Accept, x-csrf-token, x-request-id'],
        ]) {
          for (const asked of asks) {
            const headers: Record<string, string> = { Origin: LISTED, 'Access-Control-Request-Method': 'POST' };
            if (asked !== undefined) headers['Access-Control-Request-Headers'] = asked;
            const answer = await send(url, { method: 'OPTIONS', headers });
            assert.equal(answer.status, 204);
            assert.equal(answer.headers.get('access-control-allow-headers'), granted, String(asked).slice(0, 40));
          }
        }
      },
    );

    it('refuses at creation an allowedHeaders entry that is not a header name', LIMIT, () => {
      for (const allowedHeaders of [['x-csrf token'], ['x:y'], [''], [7], 'x-csrf-token']) {
        assert.throws(
          () => createTokenHandler({ user: USER, pass: PASS, allowedHeaders } as unknown as TokenHandlerOptions),
          /createTokenHandler: `allowedHeaders`/,
        );
      }
    });
  });

  describe('405', () => {
    it('answers HEAD with 405 and Allow: POST, headers only', LIMIT, async () => {
      const { url } = await mount();
      const answer = await send(url, { method: 'HEAD' });
      assert.equal(answer.status, 405);
      assert.equal(answer.headers.get('allow'), 'POST');
      assert.equal(answer.text, '');
    });
  });

  describe('413', () => {
    it('accepts exactly 4096 bytes and refuses 4097, with Content-Length and chunked', LIMIT, async () => {
      const mount_ = await mount({ allow: { journeyIds: ['j1'] } });
      const at = (size: number) => padded(size, { journey_id: 'j1' });

      const declaredOk = await send(mount_.url, { body: at(4096) });
      assert.equal(declaredOk.status, 200, declaredOk.text);
      assert.equal(mount_.incoming.at(-1)?.['content-length'], '4096');
      assert.equal((fake.tokenRequests().at(-1)?.json as { journey_id: string }).journey_id, 'j1');

      const chunkedOk = await send(mount_.url, { body: chunked(at(4096)) });
      assert.equal(chunkedOk.status, 200, chunkedOk.text);
      assert.equal(mount_.incoming.at(-1)?.['transfer-encoding'], 'chunked');
      assert.equal(mount_.incoming.at(-1)?.['content-length'], undefined);

      const calls = fake.tokenRequests().length;
      assertError(await send(mount_.url, { body: at(4097) }), 413, 'payload-too-large');
      assert.equal(mount_.incoming.at(-1)?.['content-length'], '4097');
      assertError(await send(mount_.url, { body: chunked(at(4097)) }), 413, 'payload-too-large');
      assert.equal(mount_.incoming.at(-1)?.['transfer-encoding'], 'chunked');
      assert.equal(fake.tokenRequests().length, calls, 'an oversized body never reaches Veratad');
    });

    it(
      'answers 413 to 1 MB bodies, declared and chunked, with Connection: close, and the next request opens a new one',
      LIMIT,
      async () => {
        const { url } = await mount();
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        type Raw = { status: number; headers: IncomingHttpHeaders; body: string; reused: boolean };
        const raw = (body: Buffer, declared: boolean) =>
          new Promise<Raw>((resolve, reject) => {
            const headers: Record<string, string | number> = { 'Content-Type': 'application/json' };
            if (declared) headers['Content-Length'] = body.byteLength;
            const req = httpRequest(url, { method: 'POST', agent, headers }, (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  headers: res.headers,
                  body: Buffer.concat(chunks).toString(),
                  reused: req.reusedSocket,
                }),
              );
            });
            // The server may close while this side still writes the refused body: only the answer matters here.
            req.on('error', (error: NodeJS.ErrnoException) => {
              if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
            });
            // Several writes, so the chunked request really is sent in chunks.
            for (let at = 0; at < body.byteLength; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
            req.end();
          });
        try {
          const big = Buffer.alloc(1024 * 1024, 0x20);
          const answers = [
            await raw(Buffer.from('{}'), true),
            await raw(Buffer.from('{}'), false),
            await raw(big, true),
            await raw(Buffer.from('{}'), true),
            await raw(big, false),
            await raw(Buffer.from('{}'), false),
          ];
          assert.deepEqual(
            answers.map((a) => a.status),
            [200, 200, 413, 200, 413, 200],
          );
          assert.deepEqual(
            answers.map((a) => a.reused),
            [false, true, true, false, true, false],
            'a 413 ends its connection; a 200 keeps it',
          );
          for (const a of answers.filter((x) => x.status === 413)) {
            assert.equal(a.headers.connection, 'close');
            assert.equal(a.headers['content-type'], 'application/json; charset=utf-8');
            assert.equal(a.headers['cache-control'], 'no-store');
            assert.equal(a.headers['x-content-type-options'], 'nosniff');
            assert.equal((JSON.parse(a.body) as AnswerBody).error?.code, 'payload-too-large');
          }
          assert.equal(typeof (JSON.parse(answers[5].body) as AnswerBody).token, 'string');
        } finally {
          agent.destroy();
        }
      },
    );
  });

  describe('the link step', () => {
    it(
      'sends the user fields, the new token and options.send_email: false to Generate Link, and answers the link',
      LIMIT,
      async () => {
        const fields = {
          fn: 'Ada',
          ln: 'Lovelace',
          dob: '19901231',
          email: 'ada@example.com',
          qr: true,
          zip: 12345,
          state: undefined,
        };
        const mount_ = await mount({ link: async () => fields });
        const answer = await send(mount_.url);
        assert.equal(answer.status, 200, answer.text);
        const body = tokenBody(answer);
        assert.deepEqual(Object.keys(body).sort(), ['expires_at', 'link', 'settings', 'token']);
        assert.deepEqual(
          fake.requests.map((r) => r.path),
          ['/token/create', '/link/generate'],
          'Create Token first, then Generate Link',
        );
        const token = fake.issuedTokens.at(-1);
        assert.equal(body.token, token);
        assert.equal(body.link, fake.issuedLinks.at(-1));
        assert.deepEqual(body.settings, DOCUMENTED_SETTINGS);
        const [linkRequest] = fake.linkRequests();
        assert.match(String(linkRequest.headers['content-type']), /^application\/json\b/);
        assert.deepEqual(linkRequest.json, {
          fn: 'Ada',
          ln: 'Lovelace',
          dob: '19901231',
          email: 'ada@example.com',
          qr: true,
          zip: 12345,
          token,
          options: { send_email: false },
        });
        assert.equal(mount_.events[0].link, true);
      },
    );

    it('forces the token and send_email: false even when the link fields name them', LIMIT, async () => {
      const { url } = await mount({
        link: async () => ({ fn: 'Ada', ln: 'Lovelace', token: 'tok-forged', options: 'send' }),
      });
      assert.equal((await send(url)).status, 200);
      const sent = fake.linkRequests()[0].json as Record<string, unknown>;
      assert.equal(sent.token, fake.issuedTokens.at(-1));
      assert.deepEqual(sent.options, { send_email: false });
    });

    it("hands link() the browser's request, so it can read the session", LIMIT, async () => {
      let seen: { method: string; cookie: string | null; path: string } | undefined;
      const { url } = await mount({
        link: async (request) => {
          seen = { method: request.method, cookie: request.headers.get('cookie'), path: new URL(request.url).pathname };
          return { fn: 'Ada', ln: 'Lovelace' };
        },
      });
      assert.equal((await send(url, { headers: { Cookie: 'session=s-42' } })).status, 200);
      assert.deepEqual(seen, { method: 'POST', cookie: 'session=s-42', path: '/api/veratad-token' });
    });

    it('gives an SDK answer without calling Generate Link when link() returns null or undefined', LIMIT, async () => {
      for (const value of [null, undefined]) {
        fake.reset();
        const mount_ = await mount({ link: async () => value as null });
        const answer = await send(mount_.url);
        assert.equal(answer.status, 200);
        assert.deepEqual(Object.keys(tokenBody(answer)).sort(), ['expires_at', 'settings', 'token']);
        assert.equal(fake.linkRequests().length, 0);
        assert.equal(mount_.events[0].link, undefined);
      }
    });

    it('calls link() before Veratad, so a throwing link() costs no token', LIMIT, async () => {
      const order: string[] = [];
      fake.onToken(() => {
        order.push('create');
        return { json: documented.tokenSuccess('tok-x') };
      });
      const { url } = await mount({
        link: async () => {
          order.push('link');
          throw new Error('no session');
        },
      });
      const answer = await send(url);
      assertError(answer, 500, 'internal-error', 'The link step failed on the server.');
      assert.deepEqual(order, ['link']);
    });

    it('gives onEvent what link() threw as the cause, and never the browser', LIMIT, async () => {
      const thrown = new Error('session store down');
      const mount_ = await mount({
        link: () => {
          throw thrown;
        },
      });
      const answer = await send(mount_.url);
      assertError(answer, 500, 'internal-error', 'The link step failed on the server.');
      assert.ok(!answer.text.includes('session store down'));
      assert.equal(mount_.events[0].code, 'internal-error');
      assert.equal(mount_.events[0].cause, thrown);
    });
  });

  describe('timeouts and aborts', () => {
    it('answers 504 after timeoutMs on a hanging Veratad and closes the upstream connection', LIMIT, async () => {
      fake.onToken({ hang: true });
      const mount_ = await mount({ timeoutMs: TIMEOUT_MS });
      const started = Date.now();
      const answer = await send(mount_.url);
      const elapsed = Date.now() - started;
      assertError(answer, 504, 'upstream-timeout', 'Veratad did not answer in time.');
      assert.ok(elapsed >= TIMEOUT_MS - 20, `waited for the deadline (${elapsed} ms)`);
      await fake.tokenRequests()[0].closed;
      assert.equal(mount_.events[0].code, 'upstream-timeout');
      assert.ok((mount_.events[0].upstreamMs ?? 0) >= TIMEOUT_MS - 20);
    });

    it('counts one deadline for both calls: a slow link step after a quick token still times out', LIMIT, async () => {
      fake.onLink({ hang: true });
      const { url } = await mount({ timeoutMs: TIMEOUT_MS, link: async () => ({ fn: 'Ada', ln: 'Lovelace' }) });
      assertError(await send(url), 504, 'upstream-timeout');
      assert.equal(fake.tokenRequests().length, 1);
      await fake.linkRequests()[0].closed;
    });

    it('stops waiting on Veratad when the browser goes away', LIMIT, async () => {
      let arrived!: (request: RecordedRequest) => void;
      const upstream = new Promise<RecordedRequest>((resolve) => (arrived = resolve));
      fake.onToken((request) => {
        arrived(request);
        return { hang: true };
      });
      const mount_ = await mount(); // the default 10 s deadline: only the abort can end this
      const browser = new AbortController();
      const pending = send(mount_.url, { signal: browser.signal });
      const request = await upstream;
      browser.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      await request.closed;
      await until(() => mount_.events.length === 1);
      assert.equal(
        mount_.events[0].code,
        'client-closed',
        'the log tells a browser that left from an unreachable Veratad',
      );
    });
  });

  describe('onEvent', () => {
    it('gives the network error behind upstream-unreachable as the cause', LIMIT, async () => {
      const mount_ = await mount({ endpoint: closedUrl });
      assertError(await send(mount_.url), 502, 'upstream-unreachable');
      assert.equal(mount_.events[0].code, 'upstream-unreachable');
      assert.ok(mount_.events[0].cause instanceof Error, 'an Error object');
    });

    it('gives the error a custom fetch threw as the cause of upstream-unreachable', LIMIT, async () => {
      const refused = new TypeError('fetch failed');
      const mount_ = await mount({
        fetch: () => {
          throw refused;
        },
      });
      assertError(await send(mount_.url), 502, 'upstream-unreachable', 'Veratad could not be reached.');
      assert.equal(mount_.events[0].cause, refused);
    });

    it('reports code, status and timings, and a throwing hook does not break the endpoint', LIMIT, async () => {
      const listener = toNodeListener(
        createTokenHandler({
          user: USER,
          pass: PASS,
          endpoint: fake.tokenUrl,
          onEvent: () => {
            throw new Error('logger down');
          },
        }),
      );
      const server = createServer((req, res) => void listener(req, res));
      mounted.push(server);
      const answer = await send(await listen(server));
      assert.equal(answer.status, 200);

      const mount_ = await mount();
      await send(mount_.url);
      await send(mount_.url, { body: '[]' });
      assert.deepEqual(Object.keys(mount_.events[0]).sort(), ['code', 'durationMs', 'status', 'upstreamMs']);
      assert.deepEqual({ code: mount_.events[0].code, status: mount_.events[0].status }, { code: 'ok', status: 200 });
      assert.deepEqual(Object.keys(mount_.events[1]).sort(), ['code', 'durationMs', 'status']);
      assert.deepEqual(
        { code: mount_.events[1].code, status: mount_.events[1].status },
        { code: 'invalid-request', status: 400 },
      );
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  // The scan: every answer and event of this file, and every scenario (those filtered out above are run here).
  // ---------------------------------------------------------------------------------------------------------------

  describe('credential scan over every scenario', () => {
    const scanAnswers: Answer[] = [];
    const scanEvents: TokenHandlerEvent[] = [];

    before(async () => {
      for (const scenario of SCENARIOS) {
        if (outcomes.has(scenario)) continue;
        const { answer, mount: mount_ } = await run(scenario);
        outcomes.set(scenario, { answer, events: mount_.events });
        await Promise.all(mounted.splice(0).map(stop));
      }
      for (const { answer, events } of outcomes.values()) {
        scanAnswers.push(answer);
        scanEvents.push(...events);
      }
    });

    it('covers every status and every error code of the spec', LIMIT, () => {
      assert.deepEqual([...new Set(scanAnswers.map((a) => a.status))].sort(), ALL_STATUSES);
      assert.deepEqual([...new Set(scanEvents.map((e) => e.code))].sort(), [...ALL_CODES, 'ok', 'preflight'].sort());
    });

    it('puts Cache-Control: no-store, the JSON content type and nosniff on every response', LIMIT, () => {
      assert.ok(answered.length >= SCENARIOS.length);
      for (const answer of answered) assertSafeHeaders(answer, `${answer.status} ${answer.text.slice(0, 60)}`);
    });

    it('never puts the user or the password in a response body or header', LIMIT, () => {
      for (const answer of answered) {
        for (const secret of [USER, PASS]) {
          assert.ok(!answer.text.includes(secret), `body of a ${answer.status}: ${answer.text.slice(0, 120)}`);
          answer.headers.forEach((value, name) => {
            assert.ok(!name.includes(secret) && !value.includes(secret), `header ${name} of a ${answer.status}`);
          });
        }
      }
    });

    it('never gives onEvent the user, the password, a token or a link', LIMIT, () => {
      assert.ok(logged.length >= SCENARIOS.length);
      assert.ok(fake.issuedTokens.length > 0 && fake.issuedLinks.length > 0);
      const forbidden = [USER, PASS, ...fake.issuedTokens, ...fake.issuedLinks];
      const tokensAnswered = answered.filter((a) => a.status === 200).flatMap((a) => a.json?.token ?? []);
      for (const event of logged) {
        const text = JSON.stringify(event);
        for (const secret of [...forbidden, ...tokensAnswered]) assert.ok(!text.includes(secret), `event ${text}`);
        // Only codes, statuses, timings and a flag: nothing that could hold a credential or a token.
        const types: Record<string, string> = {
          code: 'string',
          status: 'number',
          durationMs: 'number',
          upstreamMs: 'number',
          upstreamMessage: 'string',
          link: 'boolean',
        };
        const { cause, ...fields } = event;
        for (const [key, value] of Object.entries(fields)) assert.equal(typeof value, types[key], `${key} in ${text}`);
        // A cause is an error object for the host's log: its text must not hold a secret either.
        const causeText =
          cause instanceof Error ? `${cause.name} ${cause.message} ${cause.stack ?? ''}` : String(cause);
        for (const secret of [...forbidden, ...tokensAnswered]) assert.ok(!causeText.includes(secret), causeText);
        assert.ok([...ALL_CODES, 'ok', 'preflight', 'client-closed'].includes(event.code), event.code);
      }
    });
  });
});
