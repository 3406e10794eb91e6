// `toNodeListener` under the frameworks hosts use: Express 5 with and without `express.json()` in front (the body
// already consumed), a Connect-style `(req, res, next)` chain with its own body parsers, and `createTokenHandler`
// called directly with a `Request` as on a Fetch runtime (no Node adapter at all).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import express from 'express';
import {
  createTokenHandler,
  toNodeListener,
  type TokenAnswer,
  type TokenHandlerOptions,
} from '../../src/server/index.js';
import { DOCUMENTED_SETTINGS, documented, listen, startFakeVeratad, stop, type FakeVeratad } from './fake-veratad.js';

const USER = 'adapter-user-Hk29-do-not-leak';
const PASS = 'adapter-pass-x7%Lq-do-not-leak';
const PATH = '/api/veratad/token';
/** Per test: a regression that hangs (a stuck connection, a lost abort) fails here instead of stalling the run. */
const LIMIT = { timeout: 5000 };
const LISTED = 'https://shop.example';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, `undefined` when there is none. */
  json: AnswerBody | undefined;
}

/** What the handler answers: a token (200) or an error; each test checks which one it got. */
interface AnswerBody extends Partial<TokenAnswer> {
  error?: { code: string; message: string };
}

/** Answers must carry these headers whatever framework is around the handler. */
function assertSafe(answer: { status: number; headers: Headers; text: string }): void {
  assert.equal(answer.headers.get('cache-control'), 'no-store');
  assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
  for (const secret of [USER, PASS]) assert.ok(!answer.text.includes(secret));
}

async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  const answer = {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? (JSON.parse(text) as AnswerBody) : undefined,
  };
  assertSafe(answer);
  return answer;
}

function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.byteLength; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
      controller.close();
    },
  });
}

/**
 * Compact JSON of exactly `size` bytes: an allowed journey_id and a filler field. It passes the size check at 4096
 * (then fails on the filler field), and is refused as too large at 4097; a body parser does not shrink it.
 */
function compact(size: number): string {
  const head = '{"journey_id":"j1","filler":"';
  const text = `${head}${'a'.repeat(size - head.length - 2)}"}`;
  assert.equal(Buffer.byteLength(text), size);
  return text;
}

async function post(
  url: string,
  body: string | ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  };
  if (body instanceof ReadableStream) init.duplex = 'half';
  return read(await fetch(url, init));
}

function assertError(answer: Answer, status: number, code: string, message?: RegExp): void {
  assert.equal(answer.status, status, answer.text);
  const error = answer.json?.error;
  assert.ok(error, answer.text);
  assert.equal(error.code, code);
  if (message) assert.match(error.message, message);
}

/** The body of a token answer; fails the test when the answer carries no token. */
function tokenBody(answer: Answer): TokenAnswer {
  const body = answer.json;
  assert.ok(body && typeof body.token === 'string', `a token answer: ${answer.text}`);
  return body as TokenAnswer;
}

describe('toNodeListener and createTokenHandler outside plain node:http', () => {
  let fake: FakeVeratad;
  const servers: Server[] = [];

  const handlerOptions = (extra: Partial<TokenHandlerOptions> = {}): TokenHandlerOptions => ({
    user: USER,
    pass: PASS,
    endpoint: fake.tokenUrl,
    linkEndpoint: fake.linkUrl,
    journeyId: 'J-default',
    allow: { journeyIds: ['j1', 'j2'] },
    ...extra,
  });

  async function serve(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
    const server = createServer(listener);
    servers.push(server);
    return `${await listen(server)}${PATH}`;
  }

  before(async () => {
    fake = await startFakeVeratad();
  });
  beforeEach(() => fake.reset());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(stop));
  });
  after(async () => {
    await fake.close();
  });

  // -------------------------------------------------------------------------------------------------------------
  for (const parsed of [false, true]) {
    describe(
      parsed ? 'Express 5 after app.use(express.json()) (body already consumed)' : 'Express 5 without a body parser',
      () => {
        /** What the adapter saw arrive: whether the stream was already read, and the parsed body. */
        let seen: { ended: boolean; body: unknown }[];

        async function app(extra: Partial<TokenHandlerOptions> = {}): Promise<string> {
          seen = [];
          const application = express();
          if (parsed) application.use(express.json());
          application.use((req, _res, next) => {
            seen.push({ ended: req.readableEnded, body: req.body });
            next();
          });
          application.use(PATH, toNodeListener(createTokenHandler(handlerOptions(extra))));
          return serve(application);
        }

        it(
          "answers 200 with the token and Veratad's settings, and the allowed browser id reaches Veratad",
          LIMIT,
          async () => {
            const url = await app();
            const answer = await post(url, '{"journey_id":"j2"}');
            assert.equal(answer.status, 200, answer.text);
            assert.equal(tokenBody(answer).token, fake.issuedTokens.at(-1));
            assert.deepEqual(tokenBody(answer).settings, DOCUMENTED_SETTINGS);
            assert.deepEqual(fake.tokenRequests()[0].json, { user: USER, pass: PASS, journey_id: 'j2' });
            assert.deepEqual(
              seen,
              parsed ? [{ ended: true, body: { journey_id: 'j2' } }] : [{ ended: false, body: undefined }],
            );
          },
        );

        it('sends the default ids when the body is an empty object', LIMIT, async () => {
          const url = await app();
          assert.equal((await post(url, '{}')).status, 200);
          assert.deepEqual(fake.tokenRequests()[0].json, { user: USER, pass: PASS, journey_id: 'J-default' });
        });

        it('lets 4096 bytes through the size check and answers 413 to 4097, declared and chunked', LIMIT, async () => {
          const url = await app();
          assertError(await post(url, compact(4096)), 400, 'invalid-request', /"filler"/);
          assertError(await post(url, chunked(compact(4096))), 400, 'invalid-request', /"filler"/);
          assertError(await post(url, compact(4097)), 413, 'payload-too-large');
          assertError(await post(url, chunked(compact(4097))), 413, 'payload-too-large');
          assert.equal(fake.requests.length, 0);
          if (parsed)
            assert.ok(
              seen.every((s) => s.ended),
              'express.json() read every body first',
            );
        });

        it('answers 400 invalid-request, naming the field, to a wrong body', LIMIT, async () => {
          const url = await app();
          assertError(await post(url, '[{"journey_id":"j1"}]'), 400, 'invalid-request', /JSON object/);
          assertError(
            await post(url, '{"journey_id":"j1","pass":"x"}'),
            400,
            'invalid-request',
            /Unexpected field "pass"/,
          );
          assertError(await post(url, '{"journey_id":1}'), 400, 'invalid-request', /^journey_id must be a string/);
          assertError(
            await post(url, JSON.stringify({ settings_id: 's'.repeat(129) })),
            400,
            'invalid-request',
            /^settings_id must be a string of at most 128/,
          );
          assertError(
            await post(url, '{"journey_id":"j3"}'),
            400,
            'invalid-request',
            /^journey_id .*allow\.journeyIds/,
          );
          assertError(
            await post(url, '{"branding_id":"b1"}'),
            400,
            'invalid-request',
            /^branding_id .*allow\.brandingIds/,
          );
          // An empty body is not a JSON object, even where express.json() has turned it into {}.
          assertError(await post(url, ''), 400, 'invalid-request', /not valid JSON/);
          assert.equal(fake.requests.length, 0);
        });

        it('answers 415 to a body that is not application/json (the parser leaves it unread)', LIMIT, async () => {
          const url = await app();
          assertError(
            await post(url, 'journey_id=j1', { 'Content-Type': 'application/x-www-form-urlencoded' }),
            415,
            'unsupported-media-type',
          );
          assertError(await post(url, '{}', { 'Content-Type': 'text/plain' }), 415, 'unsupported-media-type');
          assert.deepEqual(
            seen.map((s) => s.ended),
            [false, false],
          );
        });

        it('answers 405 with Allow to GET, and the preflight and 403 when allowedOrigins is set', LIMIT, async () => {
          const url = await app({ allowedOrigins: [LISTED] });
          const get = await read(await fetch(url, { headers: { Origin: LISTED } }));
          assertError(get, 405, 'method-not-allowed');
          assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
          const preflight = await read(
            await fetch(url, {
              method: 'OPTIONS',
              headers: { Origin: LISTED, 'Access-Control-Request-Method': 'POST' },
            }),
          );
          assert.equal(preflight.status, 204);
          assert.equal(preflight.headers.get('access-control-allow-origin'), LISTED);
          assertError(await post(url, '{}', { Origin: 'https://evil.example' }), 403, 'forbidden-origin');
          const ok = await post(url, '{}', { Origin: LISTED });
          assert.equal(ok.status, 200);
          assert.equal(ok.headers.get('access-control-allow-origin'), LISTED);
        });

        it(
          'runs the link step with the request it gets, sending the link fields and the token to Generate Link',
          LIMIT,
          async () => {
            const url = await app({
              link: async (request) =>
                request.headers.get('cookie') === 'sid=1' ? { fn: 'Ada', ln: 'Lovelace' } : null,
            });
            const withSession = await post(url, '{"journey_id":"j1"}', { Cookie: 'sid=1' });
            assert.equal(withSession.status, 200, withSession.text);
            assert.equal(tokenBody(withSession).link, fake.issuedLinks.at(-1));
            assert.deepEqual(fake.linkRequests()[0].json, {
              fn: 'Ada',
              ln: 'Lovelace',
              token: tokenBody(withSession).token,
              options: { send_email: false },
            });
            const without = await post(url, '{}');
            assert.equal(without.status, 200);
            assert.equal(tokenBody(without).link, undefined);
          },
        );

        it("maps Veratad's answers the same way (401 becomes 502 upstream-unauthorized)", LIMIT, async () => {
          fake.onToken({ status: 401, json: documented.tokenUnauthorized });
          const url = await app();
          assertError(await post(url, '{}'), 502, 'upstream-unauthorized');
        });
      },
    );
  }

  describe('Express 5 and failures inside the adapter', () => {
    it("hands an error thrown by the wrapped handler to next(error), Express's error middleware", LIMIT, async () => {
      const errors: unknown[] = [];
      const application = express();
      application.use(
        PATH,
        toNodeListener(async () => {
          throw new Error('handler blew up');
        }),
      );
      application.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        errors.push(error);
        res.status(599).json({ handled: true });
      });
      const url = await serve(application);
      const response = await fetch(url, { method: 'POST', body: '{}' });
      assert.equal(response.status, 599);
      assert.deepEqual(await response.json(), { handled: true });
      assert.equal(errors.length, 1);
      assert.equal((errors[0] as Error).message, 'handler blew up');
    });

    it('answers 500 internal-error itself when there is no next (plain node:http)', LIMIT, async () => {
      const listener = toNodeListener(async () => {
        throw new Error(`handler blew up with ${PASS}`);
      });
      const url = await serve((req, res) => void listener(req, res));
      const answer = await read(await fetch(url, { method: 'POST', body: '{}' }));
      assertError(answer, 500, 'internal-error');
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('a Connect-style (req, res, next) chain', () => {
    type Body = IncomingMessage & { body?: unknown };
    type Next = (error?: unknown) => void;
    // A middleware may return a promise (toNodeListener's does); like connect(), the chain does not wait for it.
    type Layer = (req: Body, res: ServerResponse, next: Next) => void | Promise<void>;
    type ErrorLayer = (error: unknown, req: Body, res: ServerResponse, next: Next) => void | Promise<void>;
    type Middleware = Layer | ErrorLayer;

    /**
     * What `connect()` does: each middleware calls `next()` to go on, `next(error)` to skip to a 4-argument one.
     * What a middleware returns is dropped: toNodeListener's promise never rejects (its failures go to `next`).
     */
    function chain(...stack: Middleware[]) {
      return (req: IncomingMessage, res: ServerResponse) => {
        let index = 0;
        const next = (error?: unknown): void => {
          const layer = stack[index++];
          if (!layer) {
            res.statusCode = error ? 500 : 404;
            res.end(error ? 'unhandled' : 'not found');
            return;
          }
          if (error !== undefined) {
            if (layer.length === 4) void (layer as ErrorLayer)(error, req, res, next);
            else next(error);
          } else if (layer.length < 4) {
            void (layer as Layer)(req, res, next);
          } else {
            next();
          }
        };
        next();
      };
    }

    /** A body parser in the old Connect style: reads the whole stream, then leaves `req.body` as `as` says. */
    const bodyParser =
      (as: 'buffer' | 'string' | 'none'): Middleware =>
      (req: Body, _res: ServerResponse, next: (error?: unknown) => void) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const raw = Buffer.concat(chunks);
          if (as === 'buffer') req.body = raw;
          else if (as === 'string') req.body = raw.toString('utf8');
          next();
        });
      };

    let reachedFallback: number;
    const fallback: Middleware = (_req: Body, res: ServerResponse) => {
      reachedFallback++;
      res.statusCode = 404;
      res.end();
    };
    beforeEach(() => {
      reachedFallback = 0;
    });

    it(
      'answers as the last middleware after one that just calls next(), and never calls next after answering',
      LIMIT,
      async () => {
        const logger: Middleware = (_req: Body, _res: ServerResponse, next: (error?: unknown) => void) => next();
        const url = await serve(chain(logger, toNodeListener(createTokenHandler(handlerOptions())), fallback));
        const answer = await post(url, '{"journey_id":"j1"}');
        assert.equal(answer.status, 200, answer.text);
        assertError(await post(url, '[]'), 400, 'invalid-request');
        assert.equal(reachedFallback, 0);
        assert.deepEqual(fake.tokenRequests()[0].json, { user: USER, pass: PASS, journey_id: 'j1' });
      },
    );

    for (const as of ['buffer', 'string'] as const) {
      it(
        `works after a parser that left req.body as a ${as}, including the 4 KB limit and the field checks`,
        LIMIT,
        async () => {
          const url = await serve(
            chain(bodyParser(as), toNodeListener(createTokenHandler(handlerOptions())), fallback),
          );
          const answer = await post(url, '{ "journey_id" : "j2" }');
          assert.equal(answer.status, 200, answer.text);
          assert.deepEqual(fake.tokenRequests()[0].json, { user: USER, pass: PASS, journey_id: 'j2' });
          assertError(await post(url, compact(4097)), 413, 'payload-too-large');
          assertError(await post(url, compact(4096)), 400, 'invalid-request', /"filler"/);
          assertError(await post(url, 'not json'), 400, 'invalid-request', /not valid JSON/);
          assertError(await post(url, '{"journey_id":"j9"}'), 400, 'invalid-request', /^journey_id /);
          assert.equal(reachedFallback, 0);
        },
      );
    }

    it(
      'treats a stream another middleware consumed without leaving a body as an empty body (400, not a hang)',
      LIMIT,
      async () => {
        const url = await serve(
          chain(bodyParser('none'), toNodeListener(createTokenHandler(handlerOptions())), fallback),
        );
        assertError(await post(url, '{"journey_id":"j1"}'), 400, 'invalid-request', /not valid JSON/);
        assert.equal(fake.requests.length, 0);
      },
    );

    it("passes an error thrown by the wrapped handler to the chain's error middleware", LIMIT, async () => {
      const errors: unknown[] = [];
      const onError: Middleware = (
        error: unknown,
        _req: Body,
        res: ServerResponse,
        _next: (error?: unknown) => void,
      ) => {
        errors.push(error);
        res.statusCode = 500;
        res.end('handled');
      };
      const url = await serve(
        chain(
          toNodeListener(async () => {
            throw new Error('boom');
          }),
          onError,
        ),
      );
      const response = await fetch(url, { method: 'POST', body: '{}' });
      assert.equal(await response.text(), 'handled');
      assert.equal((errors[0] as Error).message, 'boom');
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('createTokenHandler on a Fetch runtime (a Request in, a Response out, no Node adapter)', () => {
    const request = (
      body: BodyInit | null = '{}',
      headers: Record<string, string> = {},
      init: RequestInit & { duplex?: 'half' } = {},
    ) =>
      new Request(`https://shop.example${PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
        ...init,
      });

    it('answers a Request against the fake Veratad through the global fetch', LIMIT, async () => {
      const handler = createTokenHandler(handlerOptions());
      const answer = await read(await handler(request('{"journey_id":"j1"}')));
      assert.equal(answer.status, 200);
      assert.equal(tokenBody(answer).token, fake.issuedTokens.at(-1));
      assert.deepEqual(fake.tokenRequests()[0].json, { user: USER, pass: PASS, journey_id: 'j1' });
    });

    it('hands link() a Request whose body it can still read, as toNodeListener does', LIMIT, async () => {
      let seen: unknown;
      const handler = createTokenHandler({
        ...handlerOptions(),
        link: async (incoming) => {
          seen = {
            body: (await incoming.json()) as unknown,
            cookie: incoming.headers.get('cookie'),
            method: incoming.method,
          };
          return { fn: 'Ada', ln: 'Lovelace' };
        },
      });
      const answer = await read(await handler(request('{"journey_id":"j1"}', { Cookie: 'session=s-9' })));
      assert.equal(answer.status, 200);
      assert.deepEqual(seen, { body: { journey_id: 'j1' }, cookie: 'session=s-9', method: 'POST' });
    });

    it(
      'calls an injected fetch with a JSON POST that does not follow redirects and carries an abort signal',
      LIMIT,
      async () => {
        const calls: { url: string; init: RequestInit }[] = [];
        const handler = createTokenHandler({
          user: USER,
          pass: PASS,
          journeyId: 'J1',
          fetch: (async (url: string, init: RequestInit) => {
            calls.push({ url, init });
            return Response.json(documented.tokenSuccess('tok-injected'));
          }) as typeof fetch,
        });
        const answer = await read(await handler(request()));
        assert.equal(answer.status, 200);
        assert.equal(tokenBody(answer).token, 'tok-injected');
        assert.equal(calls.length, 1);
        assert.equal(calls[0].url, 'https://vx-be.idresponse.com/token/create', 'the documented default endpoint');
        assert.equal(calls[0].init.method, 'POST');
        assert.equal(calls[0].init.redirect, 'manual');
        assert.ok(calls[0].init.signal instanceof AbortSignal);
        assert.equal(new Headers(calls[0].init.headers).get('content-type'), 'application/json');
        const sent = calls[0].init.body;
        assert.ok(typeof sent === 'string', 'a JSON text body');
        assert.deepEqual(JSON.parse(sent), { user: USER, pass: PASS, journey_id: 'J1' });
      },
    );

    it('uses the documented Generate Link endpoint by default in link mode', LIMIT, async () => {
      const urls: string[] = [];
      const handler = createTokenHandler({
        user: USER,
        pass: PASS,
        link: () => ({ fn: 'Ada', ln: 'Lovelace' }),
        fetch: (async (url: string) => {
          urls.push(url);
          return Response.json(
            url.endsWith('/token/create')
              ? documented.tokenSuccess('tok-l')
              : documented.linkPass('https://frontend.dcams.app?request_id=r-1'),
          );
        }) as typeof fetch,
      });
      const answer = await read(await handler(request()));
      assert.equal(tokenBody(answer).link, 'https://frontend.dcams.app?request_id=r-1');
      assert.deepEqual(urls, [
        'https://vx-be.idresponse.com/token/create',
        'https://vx-be.idresponse.com/link/generate',
      ]);
    });

    it(
      'answers 413 to a streamed body over 4096 bytes with no Content-Length, and 200 to exactly 4096',
      LIMIT,
      async () => {
        const handler = createTokenHandler(handlerOptions());
        const padded = (size: number) => `{"journey_id":"j1"${' '.repeat(size - 19)}}`;
        assertError(
          await read(await handler(request(chunked(padded(4097)), {}, { duplex: 'half' }))),
          413,
          'payload-too-large',
        );
        const ok = await read(await handler(request(chunked(padded(4096)), {}, { duplex: 'half' })));
        assert.equal(ok.status, 200, ok.text);
      },
    );

    it('answers 400, 403, 405, 415 and the preflight from the Request alone', LIMIT, async () => {
      const handler = createTokenHandler(handlerOptions({ allowedOrigins: [LISTED] }));
      const origin = { Origin: LISTED };
      assertError(await read(await handler(request('{"x":1}', origin))), 400, 'invalid-request', /"x"/);
      assertError(await read(await handler(request('{}'))), 403, 'forbidden-origin');
      const get = await read(await handler(new Request(`https://shop.example${PATH}`, { headers: origin })));
      assertError(get, 405, 'method-not-allowed');
      assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
      assertError(
        await read(await handler(request('{}', { ...origin, 'Content-Type': 'text/plain' }))),
        415,
        'unsupported-media-type',
      );
      const preflight = await read(
        await handler(new Request(`https://shop.example${PATH}`, { method: 'OPTIONS', headers: origin })),
      );
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), LISTED);
      assert.equal(fake.requests.length, 0);
    });

    it('answers 504 when the injected fetch outlives timeoutMs, aborting it', LIMIT, async () => {
      let aborted = false;
      const handler = createTokenHandler({
        user: USER,
        pass: PASS,
        timeoutMs: 150,
        fetch: ((_url: string, init: RequestInit) =>
          new Promise<Response>((_resolve, reject) => {
            init.signal?.addEventListener('abort', () => {
              aborted = true;
              reject(new DOMException('aborted', 'AbortError'));
            });
          })) as typeof fetch,
      });
      assertError(await read(await handler(request())), 504, 'upstream-timeout');
      assert.equal(aborted, true);
    });

    it("aborts the upstream call when the Request's own signal aborts (the client went away)", LIMIT, async () => {
      const client = new AbortController();
      let upstreamAborted = false;
      const handler = createTokenHandler({
        user: USER,
        pass: PASS,
        fetch: ((_url: string, init: RequestInit) =>
          new Promise<Response>((_resolve, reject) => {
            init.signal?.addEventListener('abort', () => {
              upstreamAborted = true;
              reject(new DOMException('aborted', 'AbortError'));
            });
            client.abort();
          })) as typeof fetch,
      });
      const answer = await read(await handler(request('{}', {}, { signal: client.signal })));
      assert.equal(upstreamAborted, true);
      // Nobody is left to read it; the code tells the log that the browser left, not that Veratad is down.
      assertError(answer, 499, 'client-closed');
    });
  });
});
