// src/messages.ts: what a frame message means.
import { expect } from '@open-wc/testing';
import { holdsSecret, parseFrameMessage } from '../../../src/messages.js';

describe('frame messages', () => {
  const cases: Array<[unknown, unknown[]]> = [
    [
      { status: 'PASS', component: 'DCAMS', error: '', event: '' },
      [{ kind: 'status', status: 'PASS', component: 'DCAMS' }],
    ],
    [{ status: 'PENDING', component: 'KBA' }, [{ kind: 'status', status: 'PENDING', component: 'KBA' }]],
    [{ status: '', error: 'VELOCITY' }, [{ kind: 'error', code: 'velocity' }]],
    [{ error: 'BAD TOKEN' }, [{ kind: 'error', code: 'bad-token' }]],
    [{ error: 'ALREADY VERIFIED' }, [{ kind: 'error', code: 'already-verified' }]],
    [{ error: 'PENDING' }, [{ kind: 'error', code: 'pending' }]],
    [{ error: 'ERROR' }, [{ kind: 'error', code: 'session' }]],
    [{ event: 'REATTEMPT', component: 'IDMATCH' }, [{ kind: 'step', step: 'REATTEMPT', component: 'IDMATCH' }]],
    [{ event: 'EMAIL' }, [{ kind: 'step', step: 'EMAIL' }]],
    [{ event: 'QR' }, [{ kind: 'step', step: 'QR' }]],
    [{ event: 'CLOSE' }, [{ kind: 'close' }]],
    [
      { status: 'FAIL', component: 'DCAMS', event: 'CLOSE' },
      [{ kind: 'status', status: 'FAIL', component: 'DCAMS' }, { kind: 'close' }],
    ],
    [{ event: 'NEXT', app: 'PHONEMATCH' }, [{ kind: 'step', step: 'NEXT', component: 'PHONEMATCH' }]],
    [{ event: 'CLOSED', app: 'DCAMS_AUTO_SCAN' }, [{ kind: 'close' }]],
    [{ event: 'ERROR', app: 'IDMATCH_KBA' }, [{ kind: 'error', code: 'session' }]],
    [{ event: 'COMPLETE', app: 'DCAMS_AUTO_SCAN' }, [{ kind: 'status', status: 'PASS', component: 'DCAMS_AUTO_SCAN' }]],
    [{ event: 'COMPLETE AND IN REVIEW' }, [{ kind: 'status', status: 'REVIEW' }]],
    ['PASS', [{ kind: 'status', status: 'PASS' }]],
    ['FAIL', [{ kind: 'status', status: 'FAIL' }]],
    ['ALREADY VERIFIED', [{ kind: 'error', code: 'already-verified' }]],
    ['ERROR', [{ kind: 'error', code: 'session' }]],
    ['LINK EXPIRED', [{ kind: 'expired' }]],
    ['BOT DETECTED', [{ kind: 'error', code: 'bot-detected' }]],
    ['CLOSE', [{ kind: 'close' }]],
    ['"PASS"', [{ kind: 'status', status: 'PASS' }]],
    ['{"status":"FAIL","component":"KBA"}', [{ kind: 'status', status: 'FAIL', component: 'KBA' }]],
    [
      '{"event":"COMPLETE AND IN REVIEW","app":"IDMATCH"}',
      [{ kind: 'status', status: 'REVIEW', component: 'IDMATCH' }],
    ],
  ];
  for (const [data, expected] of cases) {
    it(`reads ${JSON.stringify(data)}`, () => {
      expect(parseFrameMessage(data)).to.deep.equal(expected);
    });
  }

  it('ignores everything that is not a documented message', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      true,
      [],
      ['PASS'],
      {},
      { status: 'MAYBE' },
      { event: 'DANCE' },
      { status: 5 },
      'HELLO',
      '{not json',
      '{"status":"WHAT"}',
      'x'.repeat(2_000_000),
      { status: 'PASS'.padEnd(100, ' ') + 'x' },
      { data: 'PASS' },
      '[1,2]',
    ];
    for (const data of garbage) expect(parseFrameMessage(data), String(data).slice(0, 40)).to.deep.equal([]);
  });

  it('one rule for every field: a field that is not a string of up to 64 characters counts as absent', () => {
    const cases: Array<[unknown, unknown[]]> = [
      [{ status: 'PASS', component: 5 }, [{ kind: 'status', status: 'PASS' }]],
      [
        { status: 'PASS', component: { name: 'DCAMS' }, app: 'KBA' },
        [{ kind: 'status', status: 'PASS', component: 'KBA' }],
      ],
      [{ status: 'FAIL', component: null, app: ['x'] }, [{ kind: 'status', status: 'FAIL' }]],
      [{ status: 1, event: 'NEXT', component: 'DCAMS' }, [{ kind: 'step', step: 'NEXT', component: 'DCAMS' }]],
      [{ status: 'PASS', error: ['VELOCITY'], event: true }, [{ kind: 'status', status: 'PASS' }]],
      [{ status: 'PASS', error: 'E'.repeat(65), event: 'N'.repeat(1000) }, [{ kind: 'status', status: 'PASS' }]],
      ['{"status":"PASS","component":5}', [{ kind: 'status', status: 'PASS' }]],
    ];
    for (const [data, expected] of cases) expect(parseFrameMessage(data), JSON.stringify(data)).to.deep.equal(expected);
  });

  it('leaves out a component name that holds the token or the link', () => {
    const secrets = ['tok-77a1', 'https://frontend.dcams.app/s/1'];
    expect(parseFrameMessage({ status: 'PASS', component: 'x tok-77a1 y' }, secrets)).to.deep.equal([
      { kind: 'status', status: 'PASS' },
    ]);
    expect(parseFrameMessage({ event: 'NEXT', component: 'tok-77a1', app: 'KBA' }, secrets)).to.deep.equal([
      { kind: 'step', step: 'NEXT', component: 'KBA' },
    ]);
  });

  it('holdsSecret reads a message as JSON text; one that JSON cannot write counts as holding a secret', () => {
    expect(holdsSecret({ a: ['tok-77a1'] }, ['tok-77a1'])).to.equal(true);
    expect(holdsSecret('PASS tok-77a1', ['tok-77a1'])).to.equal(true);
    expect(holdsSecret({ status: 'PASS' }, ['tok-77a1'])).to.equal(false);
    expect(holdsSecret(undefined, ['tok-77a1'])).to.equal(false);
    expect(holdsSecret({ n: 1n }, ['tok-77a1'])).to.equal(true);
  });

  it('drops an over-long component name but keeps the status', () => {
    expect(parseFrameMessage({ status: 'PASS', component: 'C'.repeat(500) })).to.deep.equal([
      { kind: 'status', status: 'PASS' },
    ]);
  });
});
