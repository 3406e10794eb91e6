// The simulator's finished journeys and Veratad's User Status over real HTTP: journeys recorded by the email they
// ran with in SDK mode and in link mode, every documented /user/status answer, and the 2-hour purge of personal
// fields on an injected clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import { PASS, USER, finish, newLink, newToken, post, sdkSearch, userStatus } from './simulator-helpers.js';

/** The documented answer's keys, in the documented order. */
const STATUS_FIELDS = [
  'fn',
  'ln',
  'addr',
  'city',
  'state',
  'zip',
  'dob',
  'email',
  'reference',
  'status',
  'additionalData',
  'dcams_plus',
  'documents',
  'found',
];
const DCAMS_PLUS_FIELDS = ['document_data', 'confirmation', 'action', 'detail', 'issues'];
const MISSING_INPUT = { result: 'Error', message: 'Missing a required input' };
const WRONG_CREDENTIALS = { result: 'Error', message: 'Either your username or password is incorrect' };
const TWO_HOURS = 2 * 60 * 60 * 1000;

const PERSON = {
  fn: 'TIM',
  ln: 'SMITH',
  addr: '123 MAIN ST',
  city: 'STRATFORD',
  state: 'CT',
  zip: '06614',
  dob: '19870203',
  reference: '12344',
  additionalData: '{"value_1":"gold","value_2":"yearly"}',
};

describe('finished journeys and POST /user/status', () => {
  let clock = Date.UTC(2026, 10, 24, 12, 0, 0);
  let sim: Simulator;
  let emails = 0;
  const newEmail = () => `person${(emails += 1)}@example.com`;
  const status = (email: string) => userStatus(sim, { user: USER, pass: PASS, email });

  before(async () => {
    sim = await startSimulator({ now: () => clock });
  });
  after(async () => {
    await sim.close();
  });

  describe('recording a journey by its email', () => {
    it('records an SDK-mode journey under the SDK email parameter, with the documented answer shape', async () => {
      const email = newEmail();
      const search = sdkSearch(await newToken(sim), { ...PERSON, email });
      const recorded = await finish(sim, search, 'PASS');
      assert.equal(recorded.status, 200);
      assert.deepEqual(recorded.body, { recorded: true, status: 'PASS', email });

      const reply = await status(email);
      assert.equal(reply.status, 200);
      assert.equal(reply.type, 'application/json; charset=utf-8');
      assert.deepEqual(Object.keys(reply.body), STATUS_FIELDS);
      const dcams = reply.body.dcams_plus as Record<string, unknown>;
      assert.deepEqual(Object.keys(dcams), DCAMS_PLUS_FIELDS);
      assert.ok(Number.isInteger(dcams.confirmation), 'confirmation is a number, as documented');
      assert.deepEqual(reply.body, {
        fn: 'TIM',
        ln: 'SMITH',
        addr: '123 MAIN ST',
        city: 'STRATFORD',
        state: 'CT',
        zip: '06614',
        dob: '19870203',
        email,
        reference: '12344',
        status: 'PASS',
        additionalData: { value_1: 'gold', value_2: 'yearly' },
        dcams_plus: {
          document_data: { FirstName: 'TIM', LastName: 'SMITH' },
          confirmation: dcams.confirmation,
          action: 'PASS',
          detail: 'SIMULATED: DOCUMENT ACCEPTED',
          issues: [],
        },
        documents: null,
        found: true,
      });
    });

    it("records a link-mode journey under Generate Link's email, with the link's fields", async () => {
      const email = newEmail();
      const { search, requestId } = await newLink(sim, { fn: 'Ada', ln: 'Lovelace', email, reference: 'order-7' });
      assert.deepEqual((await finish(sim, search, 'FAIL')).body, { recorded: true, status: 'FAIL', email });
      assert.equal(sim.journeys.get(`link:${requestId}`)?.requestId, requestId);

      const reply = await status(email);
      assert.deepEqual(
        [reply.body.fn, reply.body.ln, reply.body.addr, reply.body.reference, reply.body.status, reply.body.found],
        ['Ada', 'Lovelace', '', 'order-7', 'FAIL', true],
        'a field the journey did not have is ""',
      );
      assert.deepEqual(reply.body.additionalData, {});
      const dcams = reply.body.dcams_plus as Record<string, unknown>;
      assert.equal(dcams.action, 'FAIL');
      assert.deepEqual(dcams.issues, ['SIMULATED: THE DOCUMENT COULD NOT BE VERIFIED']);
    });

    it('answers PENDING, with the documented detail, for a journey that went to review', async () => {
      const email = newEmail();
      const { search } = await newLink(sim, { fn: 'Ada', ln: 'Lovelace', email });
      await finish(sim, search, 'PENDING');
      const reply = await status(email);
      assert.equal(reply.body.status, 'PENDING');
      const dcams = reply.body.dcams_plus as Record<string, unknown>;
      assert.equal(dcams.action, 'PENDING');
      assert.equal(dcams.detail, 'MORE INFORMATION IS REQUIRED');
    });

    it('keeps one journey per SDK session or link, whose status follows the latest result', async () => {
      const email = newEmail();
      const search = sdkSearch(await newToken(sim), { fn: 'Ada', ln: 'Lovelace', email }, 'session-1');
      await finish(sim, search, 'PENDING');
      const first = sim.journeys.get('sdk:session-1');
      await finish(sim, search, 'PASS');
      const journey = sim.journeys.get('sdk:session-1');
      assert.equal(journey?.status, 'PASS');
      assert.equal(journey?.confirmation, first?.confirmation, 'the same journey');
      assert.equal(journey?.finishedAt, first?.finishedAt);
      assert.equal(sim.journeys.list().filter((one) => one.email === email).length, 1);
      assert.equal((await status(email)).body.status, 'PASS');
    });

    it('answers for the journey with that email that ended last', async () => {
      const email = newEmail();
      await finish(sim, sdkSearch(await newToken(sim), { fn: 'Ada', ln: 'Lovelace', email }), 'FAIL');
      clock += 1000;
      await finish(sim, (await newLink(sim, { fn: 'Ada', ln: 'Byron', email })).search, 'PASS');
      const reply = await status(email);
      assert.deepEqual([reply.body.ln, reply.body.status], ['Byron', 'PASS']);
      assert.equal(sim.journeys.byEmail(email)?.mode, 'link');
    });

    it('records a journey without an email, which /user/status then cannot find', async () => {
      const token = await newToken(sim);
      const reply = await finish(sim, sdkSearch(token, { fn: 'No', ln: 'Email' }, 'no-email'), 'PASS');
      assert.deepEqual(reply.body, { recorded: true, status: 'PASS', email: '' });
      assert.equal(sim.journeys.get('sdk:no-email')?.email, '');
      assert.equal((await userStatus(sim, { user: USER, pass: PASS, email: '' })).status, 400);
    });

    it('records nothing for an expired or unknown token or link, nor for a result it does not know', async () => {
      const before = sim.journeys.list().length;
      const email = newEmail();
      const { token, search } = await newLink(sim, { fn: 'Ada', ln: 'Lovelace', email });
      const sdk = sdkSearch(token, { fn: 'Ada', ln: 'Lovelace', email });
      assert.equal((await finish(sim, search, 'DONE')).status, 400);
      assert.equal((await finish(sim, search, '')).status, 400);
      assert.equal((await post(`${sim.url}/frame/outcome`, { status: 'PASS' })).status, 400);
      assert.equal((await finish(sim, sdkSearch(token, { fn: 'Ada', email }), 'PASS')).status, 400, 'no ln');
      const unknownLink = await finish(sim, '?request_id=00000000-0000-4000-8000-000000000000', 'PASS');
      assert.deepEqual(
        [unknownLink.status, unknownLink.body],
        [200, { recorded: false, reason: 'the link is unknown.' }],
      );
      const unknownToken = await finish(sim, sdkSearch('not-a-token', { fn: 'Ada', ln: 'Lovelace' }), 'PASS');
      assert.deepEqual(unknownToken.body, { recorded: false, reason: 'the token is unknown.' });
      sim.tokens.expire(token);
      for (const expired of [search, sdk]) {
        const reply = await finish(sim, expired, 'PASS');
        assert.equal(reply.status, 200);
        assert.equal(reply.body.recorded, false);
        assert.match(reply.body.reason as string, /is expired\.$/);
      }
      assert.equal(sim.journeys.list().length, before);
      assert.deepEqual((await status(email)).body, { found: false });
    });

    it('takes a result only as JSON, so a page of another origin cannot post one without a preflight', async () => {
      const response = await fetch(`${sim.url}/frame/outcome`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ search: '?request_id=x', status: 'PASS' }),
      });
      assert.equal(response.status, 415);
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assert.equal((await fetch(`${sim.url}/frame/outcome`)).status, 405);
    });
  });

  describe('POST /user/status answers', () => {
    it('answers the documented 400 when user, pass or email is missing or the body is not a JSON object', async () => {
      const bodies: unknown[] = [
        { pass: PASS, email: 'a@example.com' },
        { user: USER, email: 'a@example.com' },
        { user: USER, pass: PASS },
        { user: USER, pass: PASS, email: '' },
        { user: USER, pass: PASS, email: 42 },
        { user: '', pass: PASS, email: 'a@example.com' },
        'not json',
        '[]',
        'null',
      ];
      for (const body of bodies) {
        const reply = await userStatus(sim, body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.equal(reply.type, 'application/json; charset=utf-8');
        assert.deepEqual(reply.body, MISSING_INPUT);
      }
    });

    it('answers the documented 401 to credentials /token/create would refuse', async () => {
      const email = newEmail();
      await finish(sim, sdkSearch(await newToken(sim), { fn: 'Ada', ln: 'Lovelace', email }), 'PASS');
      for (const credentials of [
        { user: USER, pass: 'wrong' },
        { user: 'someone', pass: PASS },
        { user: 'DEMO-USER', pass: PASS },
      ]) {
        const reply = await userStatus(sim, { ...credentials, email });
        assert.equal(reply.status, 401, JSON.stringify(credentials));
        assert.deepEqual(reply.body, WRONG_CREDENTIALS);
      }
    });

    it('answers 200 {"found": false} for an email no journey ran with (compared exactly)', async () => {
      const email = newEmail();
      await finish(sim, sdkSearch(await newToken(sim), { fn: 'Ada', ln: 'Lovelace', email }), 'PASS');
      for (const unknown of ['nobody@example.com', email.toUpperCase(), ` ${email}`]) {
        const reply = await status(unknown);
        assert.equal(reply.status, 200, unknown);
        assert.deepEqual(reply.body, { found: false });
      }
    });

    it('accepts only POST and sends no CORS headers (server to server)', async () => {
      const get = await fetch(`${sim.url}/user/status`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
      const reply = await fetch(`${sim.url}/user/status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:5173' },
        body: JSON.stringify({ user: USER, pass: PASS, email: 'a@example.com' }),
      });
      assert.equal(reply.headers.get('access-control-allow-origin'), null);
    });

    it('uses the credentials the simulator was started with', async () => {
      const other = await startSimulator({ user: 'alice', pass: 's3cret' });
      try {
        const body = { email: 'a@example.com' };
        assert.equal((await userStatus(other, { user: 'alice', pass: 's3cret', ...body })).status, 200);
        assert.equal((await userStatus(other, { user: USER, pass: PASS, ...body })).status, 401);
      } finally {
        await other.close();
      }
    });
  });

  describe('purging personal fields after 2 hours (injected clock)', () => {
    const purgedAnswer = (email: string) => ({
      fn: '',
      ln: '',
      addr: '',
      city: '',
      state: '',
      zip: '',
      dob: '',
      email,
      reference: '12344',
      status: 'PASS',
      additionalData: { value_1: 'gold', value_2: 'yearly' },
    });

    it('keeps them for 2 hours after the journey ended and purges them exactly then', async () => {
      const email = newEmail();
      await finish(sim, sdkSearch(await newToken(sim), { ...PERSON, email }), 'PASS');
      clock += TWO_HOURS - 1;
      assert.equal((await status(email)).body.fn, 'TIM');
      assert.equal(sim.journeys.byEmail(email)?.purged, false);

      clock += 1;
      const reply = await status(email);
      const { dcams_plus: dcams, documents, found, ...top } = reply.body;
      assert.deepEqual(top, purgedAnswer(email), 'fn, ln, addr, city, state, zip and dob are gone');
      assert.deepEqual(Object.keys(reply.body), STATUS_FIELDS, 'the shape stays the same');
      const plus = dcams as Record<string, unknown>;
      assert.deepEqual(plus.document_data, {});
      assert.deepEqual([plus.action, plus.issues, documents, found], ['PASS', [], null, true]);
      const journey = sim.journeys.byEmail(email);
      assert.equal(journey?.purged, true);
      assert.deepEqual(Object.keys(journey?.fields ?? {}).sort(), ['additionalData', 'email', 'reference']);
    });

    it('counts the 2 hours from the first result, not from a later change of status', async () => {
      const email = newEmail();
      const search = sdkSearch(await newToken(sim), { ...PERSON, email });
      await finish(sim, search, 'PENDING');
      clock += TWO_HOURS - 10;
      await finish(sim, search, 'PASS');
      clock += 10;
      const reply = await status(email);
      assert.deepEqual([reply.body.status, reply.body.fn], ['PASS', '']);
    });

    it('never purges with storageOn, and purges after purgeAfterSeconds when set', async () => {
      let now = 0;
      const kept = await startSimulator({ now: () => now, storageOn: true });
      const short = await startSimulator({ now: () => now, purgeAfterSeconds: 60 });
      try {
        for (const each of [kept, short]) {
          await finish(each, sdkSearch(await newToken(each), { ...PERSON, email: 'kept@example.com' }), 'PASS');
        }
        now = 59_999;
        assert.equal((await userStatus(short, { user: USER, pass: PASS, email: 'kept@example.com' })).body.fn, 'TIM');
        now = 60_000;
        assert.equal((await userStatus(short, { user: USER, pass: PASS, email: 'kept@example.com' })).body.fn, '');
        now = 10 * TWO_HOURS;
        const reply = await userStatus(kept, { user: USER, pass: PASS, email: 'kept@example.com' });
        assert.equal(reply.body.fn, 'TIM');
        assert.deepEqual((reply.body.dcams_plus as Record<string, unknown>).document_data, {
          FirstName: 'TIM',
          LastName: 'SMITH',
        });
      } finally {
        await kept.close();
        await short.close();
      }
    });

    it('refuses a purge time that is not a positive number', async () => {
      await assert.rejects(startSimulator({ purgeAfterSeconds: 0 }), RangeError);
      await assert.rejects(startSimulator({ purgeAfterSeconds: Number.NaN }), RangeError);
    });
  });
});
