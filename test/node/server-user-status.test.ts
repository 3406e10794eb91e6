// getUserStatus over real HTTP against the fake Veratad (test/node/fake-veratad.ts): the request it sends, the
// documented answer mapped field by field, `verified` only for a found PASS, every way Veratad can fail as a
// VeratadApiError code, and no credential or email in any error it makes.
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import { getUserStatus, VeratadApiError, type UserStatusOptions } from '../../src/server/index.js';
import {
  closedPortUrl,
  documented,
  startFakeVeratad,
  type FakeBehaviour,
  type FakeVeratad,
  type RecordedRequest,
} from './fake-veratad.js';
import { LIMIT, PERSONAL_DATA, assertNoneOf } from './server-kit.js';

const USER = 'status-user-Qm47-do-not-leak';
const PASS = 'status-pass-8&Zr-do-not-leak';
const EMAIL = 'test15847@example.com';
/** The deadline of the cases that must time out; the others get a generous one, so a busy machine never fails them. */
const TIMEOUT_MS = 200;
const GENEROUS_TIMEOUT_MS = 4_000; // within the test's own 5 s limit

/** Every error made in this file, scanned at the end. */
const errors: unknown[] = [];

describe('getUserStatus against a fake Veratad over real HTTP', () => {
  let fake: FakeVeratad;
  let closedUrl: string;

  const lookUp = (extra: Partial<UserStatusOptions> = {}) =>
    getUserStatus({ user: USER, pass: PASS, email: EMAIL, endpoint: fake.userStatusUrl, ...extra });

  /** The VeratadApiError the lookup rejects with, after checking its code. */
  async function failure(code: string, extra: Partial<UserStatusOptions> = {}): Promise<VeratadApiError> {
    let caught: unknown;
    await assert.rejects(lookUp(extra), (error: unknown) => {
      caught = error;
      return true;
    });
    errors.push(caught);
    assert.ok(caught instanceof VeratadApiError, `a VeratadApiError: ${String(caught)}`);
    assert.equal(caught.name, 'VeratadApiError');
    assert.equal(caught.code, code, caught.message);
    return caught;
  }

  before(async () => {
    closedUrl = await closedPortUrl('/user/status');
  });
  // A fake of its own per test: a request an earlier test gave up on at its deadline can never be counted here.
  beforeEach(async () => {
    fake = await startFakeVeratad();
  });
  afterEach(async () => {
    await fake.close();
  });

  describe('the request', () => {
    it('POSTs exactly {user, pass, email} as JSON to the endpoint', LIMIT, async () => {
      await lookUp();
      const [request] = fake.userStatusRequests();
      assert.equal(fake.requests.length, 1);
      assert.equal(request.method, 'POST');
      assert.match(String(request.headers['content-type']), /^application\/json\b/);
      assert.deepEqual(request.json, { user: USER, pass: PASS, email: EMAIL });
    });

    it("uses Veratad's documented URL when no endpoint is given", LIMIT, async () => {
      const urls: string[] = [];
      const status = await getUserStatus({
        user: USER,
        pass: PASS,
        email: EMAIL,
        fetch: async (url) => {
          urls.push(url instanceof Request ? url.url : url.toString());
          return Response.json(documented.userStatus());
        },
      });
      assert.deepEqual(urls, ['https://vx-be.idresponse.com/user/status']);
      assert.equal(status.found, true);
    });

    it('rejects with a TypeError naming the option, never a credential or the email', LIMIT, async () => {
      const cases: [unknown, RegExp][] = [
        [undefined, /options are required/],
        [{ pass: PASS, email: EMAIL }, /`user` and `pass`/],
        [{ user: USER, email: EMAIL }, /`user` and `pass`/],
        [{ user: USER, pass: PASS }, /`email`/],
        [{ user: USER, pass: PASS, email: '  ' }, /`email`/],
        [{ user: USER, pass: PASS, email: 42 }, /`email`/],
        [{ user: USER, pass: PASS, email: EMAIL, endpoint: 'ftp://x' }, /`endpoint`/],
        [{ user: USER, pass: PASS, email: EMAIL, timeoutMs: 0 }, /`timeoutMs`/],
      ];
      for (const [options, message] of cases) {
        await assert.rejects(getUserStatus(options as UserStatusOptions), (error: unknown) => {
          assert.ok(error instanceof TypeError);
          assert.match(error.message, /^getUserStatus: /);
          assert.match(error.message, message);
          assertNoneOf(`${error.message} ${error.stack}`, [USER, PASS, EMAIL], 'the TypeError');
          return true;
        });
      }
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('the answer', () => {
    it(
      'maps the documented answer: status upper-cased, person, additionalData, document without document_data',
      LIMIT,
      async () => {
        fake.users.set(EMAIL, documented.userStatus());
        assert.deepEqual(await lookUp(), {
          found: true,
          status: 'PENDING',
          verified: false,
          person: {
            fn: 'TIM',
            ln: 'SMITH',
            addr: '123 MAIN ST',
            city: 'STRATFORD',
            state: 'CT',
            zip: '06614',
            dob: '19870203',
            email: EMAIL,
            reference: '12344',
          },
          additionalData: { value_1: '...', value_2: '...' },
          document: {
            confirmation: '93239228',
            action: 'PENDING',
            detail: 'MORE INFORMATION IS REQUIRED',
            issues: ['LAST NAME DOES NOT MATCH DOCUMENT', 'DOB DOES NOT MATCH DOCUMENT'],
          },
        });
      },
    );

    it('is verified only when found and the status is PASS, in any case or spacing', LIMIT, async () => {
      const cases: [boolean, unknown, string | undefined, boolean][] = [
        [true, 'PASS', 'PASS', true],
        [true, 'pass', 'PASS', true],
        [true, ' Pass ', 'PASS', true],
        [true, 'FAIL', 'FAIL', false],
        [true, 'PENDING', 'PENDING', false],
        [true, 'review', 'REVIEW', false],
        [true, 'PASSED', 'PASSED', false],
        [false, 'PASS', 'PASS', false],
        [true, '', undefined, false],
        [true, null, undefined, false],
        [true, undefined, undefined, false],
      ];
      for (const [found, sent, status, verified] of cases) {
        fake.onUserStatus({ json: { ...documented.userStatus(), found, status: sent } });
        const answer = await lookUp();
        assert.deepEqual(
          { found: answer.found, status: answer.status, verified: answer.verified },
          { found, status, verified },
          `found ${found}, status ${JSON.stringify(sent)}`,
        );
        assert.equal('status' in answer, status !== undefined, 'no status key without a status');
      }
    });

    it(
      'answers found: false, with no person, for an email Veratad does not know (the assumed answer)',
      LIMIT,
      async () => {
        assert.deepEqual(await lookUp(), { found: false, verified: false });
        const blank = Object.fromEntries(Object.keys(documented.userStatus()).map((key) => [key, null]));
        fake.onUserStatus({ json: { ...blank, found: false } });
        assert.deepEqual(await lookUp(), { found: false, verified: false });
      },
    );

    it('leaves out purged fields (null or empty) and keeps numbers as text', LIMIT, async () => {
      fake.onUserStatus({
        json: {
          ...documented.userStatus(),
          fn: '',
          ln: null,
          addr: '',
          city: '',
          state: '',
          zip: 6614,
          dob: '',
          reference: 12344,
          status: 'PASS',
          additionalData: null,
          dcams_plus: { document_data: {}, confirmation: '93239228', action: '', detail: null, issues: [] },
        },
      });
      assert.deepEqual(await lookUp(), {
        found: true,
        status: 'PASS',
        verified: true,
        person: { zip: '6614', email: EMAIL, reference: '12344' },
        document: { confirmation: '93239228', issues: [] },
      });
    });

    it('ignores what the answer carries beyond the documented fields', LIMIT, async () => {
      fake.onUserStatus({
        json: { ...documented.userStatus(), documents: [{ front: 'data:image/jpeg;base64,AAAA' }], extra: { a: 1 } },
      });
      const answer = await lookUp();
      assert.deepEqual(Object.keys(answer).sort(), [
        'additionalData',
        'document',
        'found',
        'person',
        'status',
        'verified',
      ]);
    });
  });

  describe('failures, as VeratadApiError codes', () => {
    const cases: {
      name: string;
      reply: () => FakeBehaviour;
      code: string;
      message?: string | RegExp;
      /** Veratad's own words, scrubbed, as `upstreamMessage`; `undefined` when it gave none. */
      upstream?: string;
      httpStatus?: number;
    }[] = [
      {
        name: "Veratad's documented 401, its message as upstreamMessage",
        reply: () => ({ status: 401, json: documented.userStatusUnauthorized }),
        code: 'upstream-unauthorized',
        message: /credentials/,
        upstream: documented.userStatusUnauthorized.message,
        httpStatus: 401,
      },
      {
        name: 'a 401 that is not JSON',
        reply: () => ({ status: 401, text: 'Unauthorized', contentType: 'text/plain' }),
        code: 'upstream-unauthorized',
        httpStatus: 401,
      },
      {
        name: "Veratad's documented 400: a fixed message, Veratad's as upstreamMessage",
        reply: () => ({ status: 400, json: documented.userStatusRejected }),
        code: 'upstream-rejected',
        message: 'Veratad refused the User Status lookup.',
        upstream: 'Missing a required input',
        httpStatus: 400,
      },
      {
        name: 'an Error result sent with HTTP 200',
        reply: () => ({ json: { result: 'Error', message: 'Account suspended' } }),
        code: 'upstream-rejected',
        message: 'Veratad refused the User Status lookup.',
        upstream: 'Account suspended',
        httpStatus: 200,
      },
      {
        name: 'an Error result without a message',
        reply: () => ({ status: 400, json: { result: 'Error' } }),
        code: 'upstream-rejected',
        message: 'Veratad refused the User Status lookup.',
      },
      {
        name: 'an Error message holding the credentials and the email, redacted in any case and encoding',
        reply: () => ({
          status: 400,
          json: {
            result: 'Error',
            message:
              `No ${EMAIL.toUpperCase()} for ${USER.toLowerCase()} with ${encodeURIComponent(PASS)}, ` +
              `${btoa(`${USER}:${PASS}`)}, ${Buffer.from(PASS).toString('base64url')}, ${btoa(`user=${USER};`)}`,
          },
        }),
        code: 'upstream-rejected',
        message: 'Veratad refused the User Status lookup.',
        upstream: 'No [redacted] for [redacted] with [redacted], [redacted], [redacted], dXNlcj1[redacted]Ow==',
      },
      {
        name: 'a 500 HTML page',
        reply: () => ({ status: 500, text: '<h1>500</h1>' }),
        code: 'upstream-invalid',
        message: /User Status answer \(HTTP 500\)/,
        httpStatus: 500,
      },
      {
        name: 'a found answer sent with HTTP 500',
        reply: () => ({ status: 500, json: documented.userStatus() }),
        code: 'upstream-invalid',
      },
      { name: 'a 200 that is not JSON', reply: () => ({ text: 'OK' }), code: 'upstream-invalid' },
      { name: 'a JSON array', reply: () => ({ json: [documented.userStatus()] }), code: 'upstream-invalid' },
      {
        name: 'an answer without found',
        reply: () => ({ json: { status: 'PASS' } }),
        code: 'upstream-invalid',
        message: /\(at found\)/,
      },
      {
        name: 'found as a string',
        reply: () => ({ json: { ...documented.userStatus(), found: 'true' } }),
        code: 'upstream-invalid',
        message: /\(at found\)/,
      },
      {
        name: 'a status that is a number',
        reply: () => ({ json: { ...documented.userStatus(), status: 1 } }),
        code: 'upstream-invalid',
        message: /\(at status\)/,
      },
      {
        name: 'a person field that is an object, naming the field and not its value',
        reply: () => ({ json: { ...documented.userStatus(), fn: { first: 'TIM' } } }),
        code: 'upstream-invalid',
        message: /\(at fn\)/,
      },
      {
        name: 'issues that are not a list of strings',
        reply: () => ({
          json: { ...documented.userStatus(), dcams_plus: { ...documented.userStatus().dcams_plus, issues: 'X' } },
        }),
        code: 'upstream-invalid',
        message: /\(at dcams_plus\.issues\)/,
      },
      {
        name: 'a redirect, never followed',
        reply: () => ({ redirect: `${fake.origin}/user/status/moved` }),
        code: 'upstream-invalid',
      },
      { name: 'a dropped connection', reply: () => ({ destroy: true }), code: 'upstream-unreachable' },
      { name: 'no answer within timeoutMs', reply: () => ({ hang: true }), code: 'upstream-timeout' },
      { name: 'a body that never ends', reply: () => ({ hangBody: true }), code: 'upstream-timeout' },
    ];
    for (const { name, reply, code, message, upstream, httpStatus } of cases) {
      it(`${code}: ${name}`, LIMIT, async () => {
        fake.onUserStatus(reply());
        const timeoutMs = code === 'upstream-timeout' ? TIMEOUT_MS : GENEROUS_TIMEOUT_MS;
        const error = await failure(code, { timeoutMs });
        if (typeof message === 'string') assert.equal(error.message, message);
        else if (message) assert.match(error.message, message);
        assert.equal(error.upstreamMessage, upstream);
        if (httpStatus !== undefined) assert.equal(error.httpStatus, httpStatus);
        // A request given up on at the deadline may not have been read by the fake yet on a loaded machine.
        const calls = fake.requests.length;
        if (code === 'upstream-timeout') assert.ok(calls <= 1, `no retry: ${calls} calls`);
        else assert.equal(calls, 1, 'one call, no retry, no redirect followed');
      });
    }

    it('upstream-unreachable when nothing listens, with the network error as the cause', LIMIT, async () => {
      const error = await failure('upstream-unreachable', { endpoint: closedUrl });
      assert.ok(error.cause instanceof Error);
      assert.equal(error.httpStatus, undefined);
    });

    it('upstream-unreachable with the error a custom fetch threw as the cause', LIMIT, async () => {
      const refused = new TypeError('fetch failed');
      const error = await failure('upstream-unreachable', {
        fetch: () => {
          throw refused;
        },
      });
      assert.equal(error.cause, refused);
    });

    it('upstream-timeout aborts the call to Veratad', LIMIT, async () => {
      let arrived!: (request: RecordedRequest) => void;
      const upstream = new Promise<RecordedRequest>((resolve) => (arrived = resolve));
      fake.onUserStatus((request) => {
        arrived(request);
        return { hang: true };
      });
      // A deadline well past the request's arrival, even on a loaded machine: the point is what happens after it.
      await failure('upstream-timeout', { timeoutMs: 1000 });
      await (
        await upstream
      ).closed;
    });
  });

  describe('scan', () => {
    it('never puts a credential or personal data in an error message, name or stack', LIMIT, () => {
      assert.ok(errors.length >= 20);
      for (const error of errors) {
        const upstream = error instanceof VeratadApiError ? error.upstreamMessage : '';
        const text =
          error instanceof Error ? `${error.name} ${error.message} ${error.stack} ${upstream}` : String(error);
        assertNoneOf(text, [USER, PASS, ...PERSONAL_DATA], 'an error');
      }
    });
  });
});
