// What the server half reads from Veratad, and what it lets through to the browser, over real HTTP against the fake
// Veratad: no answer is read past MAX_UPSTREAM_BYTES (declared or counted; the rest is cancelled and the upstream
// connection closed, even for an answer that never ends), and the token endpoint refuses (502 upstream-invalid) a
// token, a link or an answer size its own element would refuse.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  MAX_UPSTREAM_BYTES,
  VeratadApiError,
  createStatusHandler,
  createTokenHandler,
  getUserStatus,
  type HandlerEvent,
  type TokenHandlerOptions,
} from '../../src/server/index.js';
import { documented, startFakeVeratad, type FakeVeratad, type RecordedRequest } from './fake-veratad.js';
import { EventLog, LIMIT, mount, send, unmountAll, type Answer } from './server-kit.js';

const USER = 'limits-user-Rt61';
const PASS = 'limits-pass-9$kW';
/** Far beyond the test's own time limit: only the size cap can end these calls. */
const NO_DEADLINE = 60_000;

let fake: FakeVeratad;
before(async () => (fake = await startFakeVeratad()));
beforeEach(() => fake.reset());
after(async () => {
  await unmountAll();
  await fake.close();
});

function assertCode(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal((answer.json?.error as { code: string } | undefined)?.code, code, answer.text);
}

async function tokenEndpoint(options: Partial<TokenHandlerOptions> = {}) {
  const log = new EventLog<HandlerEvent>();
  const url = await mount(
    createTokenHandler({
      user: USER,
      pass: PASS,
      endpoint: fake.tokenUrl,
      linkEndpoint: fake.linkUrl,
      timeoutMs: NO_DEADLINE,
      onEvent: log.push,
      ...options,
    }),
  );
  return { url, log };
}

const linkMode = { link: () => ({ fn: 'Ada', ln: 'Lovelace' }) };
const lastClosed = (requests: RecordedRequest[]) => requests.at(-1)?.closed;

describe('what is read from Veratad: at most MAX_UPSTREAM_BYTES', () => {
  it('is 65536 bytes', () => assert.equal(MAX_UPSTREAM_BYTES, 65_536));

  for (const declared of [true, false]) {
    const how = declared ? 'with Content-Length' : 'chunked';
    it(
      `getUserStatus takes an answer of exactly 65536 bytes and refuses 65537 as upstream-invalid (${how})`,
      LIMIT,
      async () => {
        fake.users.set('a@example.com', documented.userStatus());
        const options = { user: USER, pass: PASS, email: 'a@example.com', endpoint: fake.userStatusUrl };
        fake.onUserStatus({ padded: documented.userStatus(), size: MAX_UPSTREAM_BYTES, declared });
        assert.equal((await getUserStatus(options)).found, true);
        fake.onUserStatus({ padded: documented.userStatus(), size: MAX_UPSTREAM_BYTES + 1, declared });
        await assert.rejects(getUserStatus(options), (error: unknown) => {
          assert.ok(error instanceof VeratadApiError);
          assert.equal(error.code, 'upstream-invalid');
          assert.match(error.message, /User Status answer \(HTTP 200\) was larger than 65536 bytes/);
          return true;
        });
      },
    );
  }

  it('token endpoint: 502 upstream-invalid for a 1 MB Create Token answer, declared', LIMIT, async () => {
    fake.onToken({ padded: documented.tokenSuccess('tok-big'), size: 1024 * 1024, declared: true });
    const { url, log } = await tokenEndpoint();
    assertCode(await send(url), 502, 'upstream-invalid');
    await lastClosed(fake.tokenRequests());
    assert.equal((await log.waitFor(1))[0].code, 'upstream-invalid');
  });

  it(
    'token endpoint: an answer that never ends is cut at the limit, cancelled, and is 502 upstream-invalid',
    LIMIT,
    async () => {
      fake.onToken({ endless: true });
      const { url } = await tokenEndpoint();
      assertCode(await send(url), 502, 'upstream-invalid');
      // The fake writes for as long as it is read: only the handler cancelling the body closes this connection.
      await lastClosed(fake.tokenRequests());
    },
  );

  it('token endpoint in link mode: a Generate Link answer that never ends, too', LIMIT, async () => {
    fake.onLink({ endless: true });
    const { url } = await tokenEndpoint(linkMode);
    assertCode(await send(url), 502, 'upstream-invalid');
    await lastClosed(fake.linkRequests());
  });

  it('status endpoint and getUserStatus: a User Status answer that never ends, too', LIMIT, async () => {
    fake.onUserStatus({ endless: true });
    const options = { user: USER, pass: PASS, endpoint: fake.userStatusUrl, timeoutMs: NO_DEADLINE };
    const url = await mount(createStatusHandler({ ...options, identify: () => ({ email: 'a@example.com' }) }));
    assertCode(await send(url), 502, 'upstream-invalid');
    await lastClosed(fake.userStatusRequests());
    await assert.rejects(getUserStatus({ ...options, email: 'a@example.com' }), { code: 'upstream-invalid' });
    await lastClosed(fake.userStatusRequests());
  });
});

describe('what the token endpoint answers: only what its element takes', () => {
  const links: [string, string, number][] = [
    ['an https link', 'https://frontend.dcams.app?request_id=1', 200],
    ['an http link on 127.0.0.1 (a local simulator)', 'http://127.0.0.1:8788/session/1', 200],
    ['an http link on localhost', 'http://localhost:8788/session/1', 200],
    ['an http link to another host', 'http://frontend.dcams.app?request_id=1', 502],
    ['an http link to a look-alike of localhost', 'http://localhost.example.com/session/1', 502],
    ['a link with a user name and password', 'https://user:secret@frontend.dcams.app/?request_id=1', 502],
    ['a link with a user name only', 'https://user@frontend.dcams.app/?request_id=1', 502],
    ['a javascript: link', 'javascript:alert(1)', 502],
    ['a data: link', 'data:text/html,hi', 502],
    ['a relative link', '/session/1', 502],
  ];
  for (const [name, link, status] of links) {
    it(`${status === 200 ? 'answers' : 'refuses (502 upstream-invalid)'} ${name}`, LIMIT, async () => {
      fake.onLink({ json: documented.linkPass(link) });
      const { url } = await tokenEndpoint(linkMode);
      const answer = await send(url);
      if (status === 200) assert.equal(answer.json?.link, link, answer.text);
      else assertCode(answer, 502, 'upstream-invalid');
    });
  }

  it('takes a token of 8192 characters and refuses 8193 (502 upstream-invalid)', LIMIT, async () => {
    const { url } = await tokenEndpoint();
    fake.onToken({ json: documented.tokenSuccess('t'.repeat(8192)) });
    assert.equal((await send(url)).json?.token, 't'.repeat(8192));
    fake.onToken({ json: documented.tokenSuccess('t'.repeat(8193)) });
    assertCode(await send(url), 502, 'upstream-invalid');
  });

  it(
    'refuses (502 upstream-invalid) answers within the read limit that add up to more than the element reads',
    LIMIT,
    async () => {
      const { url, log } = await tokenEndpoint(linkMode);
      // Each answer is under 64 KiB; the token answer that joins them would not be.
      fake.onToken({ json: { ...documented.tokenSuccess('tok-sum'), note: 'n'.repeat(40_000) } });
      fake.onLink({ json: documented.linkPass(`https://frontend.dcams.app/?pad=${'p'.repeat(30_000)}`) });
      const answer = await send(url);
      assertCode(answer, 502, 'upstream-invalid');
      assert.match(String((answer.json?.error as { message: string }).message), /65536 characters the element reads/);
      assert.equal((await log.waitFor(1))[0].code, 'upstream-invalid');
    },
  );
});
