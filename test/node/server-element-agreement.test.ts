// The token endpoint and its element agree: every answer createTokenHandler gives is one the element's own request
// code (src/token-request.ts, run here under Node with the endpoint's real HTTP answer) takes, with the same token,
// link and settings; and for each rule the endpoint mirrors from the element (src/server/element-rules.ts: answer
// size, token length, link scheme, host and user info), the answer the endpoint refused is one the element refuses
// too.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTokenHandler, type TokenAnswer } from '../../src/server/index.js';
import { requestToken } from '../../src/token-request.js';
import { VerifyError } from '../../src/events.js';
import { documented, startFakeVeratad, type FakeVeratad } from './fake-veratad.js';
import { LIMIT, mount, unmountAll } from './server-kit.js';

const LIFETIME = 21_600;

interface Case {
  name: string;
  token: Record<string, unknown>;
  /** Generate Link's answer; link mode when given. */
  link?: Record<string, unknown>;
  /** Whether the endpoint answers 200; when it refuses, the element must refuse the answer it would have given. */
  accepted: boolean;
}

const success = (token = 'tok-agree', extra: Record<string, unknown> = {}) => ({
  ...documented.tokenSuccess(token),
  ...extra,
});

const CASES: Case[] = [
  { name: "Veratad's documented answer (SDK mode)", token: success(), accepted: true },
  {
    name: 'a link on https',
    token: success(),
    link: documented.linkPass('https://frontend.dcams.app?request_id=7'),
    accepted: true,
  },
  {
    name: 'a link on http://127.0.0.1 (the simulator)',
    token: success(),
    link: documented.linkPass('http://127.0.0.1:8788/s/7'),
    accepted: true,
  },
  { name: 'a setting of 60 000 characters', token: success('tok-agree', { note: 'n'.repeat(60_000) }), accepted: true },
  { name: 'a token of 8192 characters', token: success('t'.repeat(8192)), accepted: true },
  { name: 'a token of 8193 characters', token: success('t'.repeat(8193)), accepted: false },
  {
    name: 'a link on http to another host',
    token: success(),
    link: documented.linkPass('http://frontend.dcams.app/?r=7'),
    accepted: false,
  },
  {
    name: 'a link with a user name and password',
    token: success(),
    link: documented.linkPass('https://user:secret@frontend.dcams.app/?r=7'),
    accepted: false,
  },
  { name: 'a javascript: link', token: success(), link: documented.linkPass('javascript:alert(1)'), accepted: false },
  {
    name: 'answers that add up to more than 65536 characters',
    token: success('tok-agree', { note: 'n'.repeat(40_000) }),
    link: documented.linkPass(`https://frontend.dcams.app/?pad=${'p'.repeat(30_000)}`),
    accepted: false,
  },
];

/** The element's token request, handed `answer` as the endpoint's HTTP answer. */
function elementReads(answer: () => Promise<Response>) {
  return requestToken({
    url: 'http://unused.invalid/token',
    request: {},
    credentials: 'same-origin',
    timeoutMs: 5000,
    retries: 0,
    lifetimeSeconds: LIFETIME,
    signal: new AbortController().signal,
    fetchToken: answer,
  });
}

/** The answer the endpoint would have built from Veratad's two answers, had it not refused them. */
function wouldHaveAnswered(item: Case): TokenAnswer {
  const { result: _r, message: _m, token, ...settings } = item.token as Record<string, string>;
  const answer: TokenAnswer = {
    token,
    expires_at: new Date(Date.now() + LIFETIME * 1000).toISOString(),
    settings: Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)])),
  };
  if (item.link) answer.link = String(item.link.link);
  return answer;
}

describe('the token endpoint answers only what its element takes', () => {
  let fake: FakeVeratad;
  before(async () => (fake = await startFakeVeratad()));
  beforeEach(() => fake.reset());
  after(async () => {
    await unmountAll();
    await fake.close();
  });

  for (const item of CASES) {
    it(
      `${item.name}: ${item.accepted ? 'answered, and the element takes it as is' : 'refused by both'}`,
      LIMIT,
      async () => {
        fake.onToken({ json: item.token });
        if (item.link) fake.onLink({ json: item.link });
        const url = await mount(
          createTokenHandler({
            user: 'agree-user',
            pass: 'agree-pass',
            endpoint: fake.tokenUrl,
            linkEndpoint: fake.linkUrl,
            ...(item.link ? { link: () => ({ fn: 'Ada', ln: 'Lovelace' }) } : {}),
          }),
        );
        const post = () => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        const served = await post();
        if (item.accepted) {
          assert.equal(served.status, 200);
          const answer = (await served.json()) as TokenAnswer;
          const session = await elementReads(post);
          assert.equal(session.mode, item.link ? 'link' : 'sdk');
          assert.equal(session.token, answer.token);
          assert.deepEqual(session.settings, answer.settings);
          if (answer.link) assert.equal(session.link, new URL(answer.link).href);
        } else {
          assert.equal(served.status, 502);
          assert.equal(((await served.json()) as { error: { code: string } }).error.code, 'upstream-invalid');
          const refused = wouldHaveAnswered(item);
          const asServed = () =>
            Promise.resolve(
              new Response(JSON.stringify(refused), { status: 200, headers: { 'Content-Type': 'application/json' } }),
            );
          await assert.rejects(elementReads(asServed), (error: unknown) => {
            assert.ok(error instanceof VerifyError, String(error));
            assert.equal(error.code, 'invalid-response');
            return true;
          });
        }
      },
    );
  }
});
