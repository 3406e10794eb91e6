// The simulator's result callback over real HTTP: a POST in Veratad's documented body shape on every status change,
// with and without HTTP Basic; our retry policy on a 500, a refused connection and no answer (on a timer the test
// fires, never the wall clock); journeys never wait for it; close() stops it; the CLI flags that set it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_RETRY_DELAYS_MS,
  startSimulator,
  type DeliveryAttempt,
  type Simulator,
  type SimulatorOptions,
} from '../../demo/simulator/server.js';
import {
  DeliveryWatch,
  ManualTimer,
  finish,
  newLink,
  newToken,
  post,
  refusedUrl,
  sdkSearch,
  startReceiver,
  type Receiver,
} from './simulator-helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The documented (DCAMS) body's keys, in the documented order. */
const BODY_FIELDS = [
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
];
const PERSON = { fn: 'Ada', ln: 'Lovelace', dob: '18151210', email: 'ada@example.com', reference: 'order-1' };

describe('the result callback', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  const receiver = async (answer?: (n: number) => number | 'hang'): Promise<Receiver> => {
    const started = await startReceiver(answer);
    stops.push(() => started.close());
    return started;
  };
  const simulator = async (options: SimulatorOptions): Promise<Simulator> => {
    const sim = await startSimulator(options);
    stops.push(() => sim.close());
    return sim;
  };
  const sdkJourney = async (sim: Simulator, session: string = crypto.randomUUID()) =>
    sdkSearch(await newToken(sim), PERSON, session);

  it('POSTs JSON in the documented shape with no Authorization when no credentials are set', async () => {
    const hook = await receiver();
    const sim = await simulator({ callbackUrl: hook.url });
    await finish(sim, await sdkJourney(sim, 'one'), 'PASS');
    await sim.callbacks.settled();

    assert.equal(hook.received.length, 1);
    const [{ headers, body }] = hook.received;
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers.authorization, undefined);
    const sent = body as Record<string, unknown>;
    assert.deepEqual(Object.keys(sent), BODY_FIELDS, 'SDK mode: no request_id');
    const dcams = sent.dcams_plus as Record<string, unknown>;
    assert.deepEqual(sent, {
      fn: 'Ada',
      ln: 'Lovelace',
      addr: '',
      city: '',
      state: '',
      zip: '',
      dob: '18151210',
      email: 'ada@example.com',
      reference: 'order-1',
      status: 'PASS',
      additionalData: {},
      dcams_plus: {
        document_data: { FirstName: 'Ada', LastName: 'Lovelace' },
        confirmation: sim.journeys.get('sdk:one')?.confirmation,
        action: 'PASS',
        detail: 'SIMULATED: DOCUMENT ACCEPTED',
        issues: [],
      },
    });
    assert.equal(typeof dcams.confirmation, 'number');
    const [attempt] = sim.callbacks.deliveries();
    assert.deepEqual(
      { ...attempt, at: 0 },
      { journeyId: 'sdk:one', status: 'PASS', url: hook.url, attempt: 1, ok: true, httpStatus: 200, body, at: 0 },
    );
  });

  it('sends HTTP Basic credentials when set, and request_id for a link-mode journey', async () => {
    const hook = await receiver();
    const sim = await simulator({ callbackUrl: hook.url, callbackUser: 'veratad', callbackPass: 'hook-secret' });
    const { search, requestId } = await newLink(sim, PERSON);
    await finish(sim, search, 'PENDING');
    await sim.callbacks.settled();

    const [{ headers, body }] = hook.received;
    assert.equal(headers.authorization, `Basic ${Buffer.from('veratad:hook-secret').toString('base64')}`);
    const sent = body as Record<string, unknown>;
    assert.deepEqual(Object.keys(sent), [...BODY_FIELDS, 'request_id']);
    assert.equal(sent.request_id, requestId);
    assert.equal(sent.status, 'PENDING');
    assert.deepEqual(sim.callbacks.target(), { url: hook.url, user: 'veratad' }, 'never the password');
  });

  it('delivers on every status change, in order, and not when the status stays the same', async () => {
    const hook = await receiver();
    const sim = await simulator({ callbackUrl: hook.url });
    const search = await sdkJourney(sim, 'review');
    await finish(sim, search, 'PENDING');
    await finish(sim, search, 'PENDING');
    sim.journeys.setStatus('sdk:review', 'FAIL'); // a manual review's decision
    await finish(sim, search, 'PASS');
    await sim.callbacks.settled();
    assert.deepEqual(
      hook.received.map(({ body }) => (body as Record<string, unknown>).status),
      ['PENDING', 'FAIL', 'PASS'],
    );
    const confirmations = new Set(
      hook.received.map(({ body }) => JSON.stringify(body).match(/"confirmation":\d+/)?.[0]),
    );
    assert.equal(confirmations.size, 1, 'one journey, one confirmation');
  });

  it('retries a delivery answered 500 after 1 s, 5 s and 25 s, then gives up', async () => {
    const hook = await receiver(() => 500);
    const clock = new ManualTimer();
    const watch = new DeliveryWatch<DeliveryAttempt>();
    const sim = await simulator({ callbackUrl: hook.url, timer: clock.timer, onDelivery: watch.onDelivery });
    await finish(sim, await sdkJourney(sim), 'FAIL');

    for (const [index, delay] of DEFAULT_RETRY_DELAYS_MS.entries()) {
      const seen = await watch.count(index + 1);
      assert.deepEqual([seen[index]?.attempt, seen[index]?.ok, seen[index]?.httpStatus], [index + 1, false, 500]);
      assert.equal(seen[index]?.retryInMs, delay);
      await clock.fire(delay);
    }
    const seen = await watch.count(4);
    assert.equal(seen[3]?.retryInMs, undefined, 'the last attempt schedules nothing');
    await sim.callbacks.settled();
    assert.equal(hook.received.length, 4);
    assert.deepEqual(DEFAULT_RETRY_DELAYS_MS, [1_000, 5_000, 25_000]);
    assert.deepEqual(
      hook.received.map(({ body }) => body),
      Array.from({ length: 4 }, () => hook.received[0]?.body),
      'the same body every time',
    );
  });

  it('retries after a refused connection and stops once the endpoint answers 2xx', async () => {
    const watch = new DeliveryWatch<DeliveryAttempt>();
    const clock = new ManualTimer();
    const sim = await simulator({
      callbackUrl: await refusedUrl(),
      callbackRetryDelaysMs: [10, 20],
      timer: clock.timer,
      onDelivery: watch.onDelivery,
    });
    await finish(sim, await sdkJourney(sim), 'PASS');
    const [refused] = await watch.count(1);
    assert.equal(refused?.ok, false);
    assert.equal(refused?.httpStatus, undefined);
    assert.match(refused?.error ?? '', /ECONNREFUSED/);
    assert.equal(refused?.retryInMs, 10);

    const hook = await receiver((n) => (n === 1 ? 503 : 204));
    sim.callbacks.configure({ url: hook.url }); // later deliveries go here; this one keeps its target
    await clock.fire(10);
    await watch.count(2);
    assert.match(watch.seen[1]?.error ?? '', /ECONNREFUSED/);
    await clock.fire(20);
    await sim.callbacks.settled();
    assert.equal(hook.received.length, 0);

    await finish(sim, await sdkJourney(sim), 'PASS');
    await watch.count(4);
    assert.deepEqual([watch.seen[3]?.httpStatus, watch.seen[3]?.retryInMs], [503, 10]);
    await clock.fire(10);
    await sim.callbacks.settled();
    assert.deepEqual([watch.seen[4]?.ok, watch.seen[4]?.httpStatus, watch.seen[4]?.attempt], [true, 204, 2]);
    assert.equal(watch.seen.length, 5);
  });

  it('counts an attempt with no answer within callbackTimeoutMs as failed', async () => {
    const hook = await receiver((n) => (n === 1 ? 'hang' : 200));
    const clock = new ManualTimer();
    const watch = new DeliveryWatch<DeliveryAttempt>();
    const sim = await simulator({
      callbackUrl: hook.url,
      callbackTimeoutMs: 3_000,
      timer: clock.timer,
      onDelivery: watch.onDelivery,
    });
    await finish(sim, await sdkJourney(sim), 'PASS');
    await hook.count(1); // the first attempt has arrived and hangs
    await clock.fire(3_000);
    const [timedOut] = await watch.count(1);
    assert.deepEqual([timedOut?.ok, timedOut?.error, timedOut?.retryInMs], [false, 'no answer within 3000 ms', 1_000]);
    await clock.fire(1_000);
    await sim.callbacks.settled();
    assert.equal(watch.seen[1]?.ok, true);
  });

  it('never holds up the journey, and close() aborts the attempt under way', async () => {
    const hook = await receiver(() => 'hang');
    const clock = new ManualTimer();
    const sim = await startSimulator({ callbackUrl: hook.url, timer: clock.timer });
    stops.push(() => sim.close());
    const reply = await finish(sim, await sdkJourney(sim), 'PASS');
    assert.deepEqual(reply.body.recorded, true, 'answered while the callback hangs');
    await hook.count(1); // the attempt is under way
    await sim.close();
    await sim.callbacks.settled();
    assert.deepEqual(sim.callbacks.deliveries(), [], 'an attempt stopped by close() is not logged');
  });

  it('close() cancels a waiting retry, and nothing is sent afterwards', async () => {
    const hook = await receiver(() => 500);
    const clock = new ManualTimer();
    const watch = new DeliveryWatch<DeliveryAttempt>();
    const sim = await simulator({ callbackUrl: hook.url, timer: clock.timer, onDelivery: watch.onDelivery });
    await finish(sim, await sdkJourney(sim), 'FAIL');
    await watch.count(1);
    const retry = await clock.next(1_000);
    await sim.close();
    assert.equal(retry.state, 'cancelled');
    retry.run(); // even if a timer fired late
    await sim.callbacks.settled();
    assert.equal(hook.received.length, 1);
    assert.equal(watch.seen.length, 1);
  });

  it('sends nothing without a target, and refuses a target it cannot use', async () => {
    const sim = await simulator({});
    await finish(sim, await sdkJourney(sim), 'PASS');
    await sim.callbacks.settled();
    assert.deepEqual(sim.callbacks.deliveries(), []);
    assert.equal(sim.callbacks.target(), undefined);
    assert.throws(() => sim.callbacks.configure({ url: 'not a url' }), RangeError);
    assert.throws(() => sim.callbacks.configure({ url: 'ftp://127.0.0.1/hook' }), RangeError);
    assert.throws(() => sim.callbacks.configure({ url: 'http://127.0.0.1/hook', user: 'a' }), RangeError);
    assert.throws(() => sim.callbacks.configure({ url: 'http://127.0.0.1/hook', user: 'a:b', pass: 'c' }), RangeError);
    await assert.rejects(startSimulator({ callbackUser: 'a', callbackPass: 'b' }), RangeError);
    await assert.rejects(startSimulator({ callbackUrl: 'http://127.0.0.1/hook', callbackPass: 'b' }), RangeError);
    await assert.rejects(
      startSimulator({ callbackUrl: 'http://127.0.0.1/h', callbackRetryDelaysMs: [-1] }),
      RangeError,
    );
    await assert.rejects(startSimulator({ callbackUrl: 'http://127.0.0.1/h', callbackTimeoutMs: 0 }), RangeError);
  });

  it('is set from the CLI flags, and each attempt is printed', async () => {
    const hook = await receiver();
    const child = spawn(
      process.execPath,
      [
        '--import',
        './scripts/ts-loader.mjs',
        'demo/simulator/cli.ts',
        '--callback-url',
        hook.url,
        '--callback-user',
        'veratad',
      ],
      {
        cwd: REPO,
        env: {
          ...process.env,
          VERATAD_SIM_PORT: '0',
          PORT: '',
          SIM_USER: '',
          SIM_PASS: '',
          SIM_CALLBACK_PASS: 'env-secret',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let output = '';
    child.stdout.setEncoding('utf8');
    const printed = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) resolve(match);
        };
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          check();
        });
        child.once('exit', () => reject(new Error(`the simulator exited: ${output}`)));
        check();
      });
    try {
      const [, url] = await printed(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      assert.match(output, /results POSTed to .*\/webhook \(Basic, user "veratad"\)/);
      const token = (await post(`${url}/token/create`, { user: 'demo-user', pass: 'demo-pass' })).body.token as string;
      await post(`${url}/frame/outcome`, { search: sdkSearch(token, PERSON, 'cli'), status: 'PASS' });
      await printed(/callback PASS \(sdk:cli\) attempt 1: delivered, HTTP 200\n/);
      assert.equal(
        hook.received[0]?.headers.authorization,
        `Basic ${Buffer.from('veratad:env-secret').toString('base64')}`,
      );
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
