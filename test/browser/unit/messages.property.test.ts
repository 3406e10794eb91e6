// src/messages.ts under generated input (fast-check): any JSON value or string in, documented signals out, never
// a throw, never a lost documented status, never the token or link passed on. On failure, fast-check's message
// names the seed and path that replay it: fc.assert(…, { seed, path }).
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { holdsSecret, parseFrameMessage, type SessionSignal } from '../../../src/messages.js';

const RUNS = { numRuns: 400 };

const STATUSES = ['PASS', 'FAIL', 'PENDING', 'REVIEW'];
const STEPS = ['NEXT', 'REATTEMPT', 'EMAIL', 'QR'];
const CODES = ['session', 'velocity', 'bad-token', 'already-verified', 'pending', 'bot-detected'];
const VALUES = [
  'PASS',
  'FAIL',
  'PENDING',
  'ERROR',
  'VELOCITY',
  'BAD TOKEN',
  'ALREADY VERIFIED',
  'REATTEMPT',
  'NEXT',
  'EMAIL',
  'QR',
  'CLOSE',
  'CLOSED',
  'COMPLETE',
  'COMPLETE AND IN REVIEW',
  'LINK EXPIRED',
  'BOT DETECTED',
];

const secret = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/);

/** A documented value as a frame might write it: any case, padded with spaces. */
const documented = fc
  .tuple(fc.constantFrom(...VALUES), fc.boolean(), fc.nat(2), fc.nat(2))
  .map(
    ([value, lower, before, after]) =>
      `${' '.repeat(before)}${lower ? value.toLowerCase() : value}${' '.repeat(after)}`,
  );

/** Any JSON value (the other fields of a message are this). */
const anything = fc.jsonValue({ maxDepth: 3 });

function messages(token: string): fc.Arbitrary<unknown> {
  const field = fc.oneof(documented, anything, fc.string(), fc.constant(token), fc.constant(`x${token}`));
  const object = fc.record(
    { status: field, error: field, event: field, component: field, app: field },
    { requiredKeys: [] },
  );
  const shaped = fc.oneof(object, documented, anything);
  return fc.oneof(
    shaped,
    shaped.map((value) => JSON.stringify(value)),
    fc.string(),
  );
}

function checkSignal(signal: SessionSignal, token: string): void {
  switch (signal.kind) {
    case 'status':
      expect(signal.status).to.be.oneOf(STATUSES);
      break;
    case 'step':
      expect(signal.step).to.be.oneOf(STEPS);
      break;
    case 'error':
      expect(signal.code).to.be.oneOf(CODES);
      break;
    default:
      expect(signal.kind).to.be.oneOf(['close', 'expired']);
  }
  const keys = Object.keys(signal).filter((key) => key !== 'component');
  expect(keys.length).to.be.within(1, 2);
  if ('component' in signal) {
    expect(signal.kind).to.be.oneOf(['status', 'step']);
    expect(signal.component).to.be.a('string').with.length.within(1, 64);
    expect(signal.component).to.not.contain(token);
  }
}

describe('frame messages, generated (fast-check)', () => {
  it('give at most three documented signals, never throwing, never passing the token on', () => {
    fc.assert(
      fc.property(
        secret.chain((token) => fc.tuple(fc.constant(token), messages(token))),
        ([token, data]) => {
          const signals = parseFrameMessage(data, [token]);
          expect(signals).to.be.an('array').with.length.at.most(3);
          for (const signal of signals) checkSignal(signal, token);
          expect(() => holdsSecret(data, [token])).to.not.throw();
        },
      ),
      RUNS,
    );
  });

  it('never lose a documented status, whatever the other fields hold', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('PASS', 'FAIL', 'PENDING'),
        fc.dictionary(fc.constantFrom('component', 'app', 'error', 'event', 'other'), anything),
        fc.boolean(),
        (status, others, asText) => {
          const message = { ...others, status };
          const signals = parseFrameMessage(asText ? JSON.stringify(message) : message);
          expect(signals.filter((signal) => signal.kind === 'status')).to.have.length.at.least(1);
          expect(signals[0]).to.include({ kind: 'status', status });
        },
      ),
      RUNS,
    );
  });

  it('holdsSecret is true exactly when the JSON text holds the token', () => {
    fc.assert(
      fc.property(
        secret.chain((token) => fc.tuple(fc.constant(token), messages(token))),
        ([token, data]) => {
          const text = typeof data === 'string' ? data : JSON.stringify(data);
          expect(holdsSecret(data, [token])).to.equal(text.includes(token));
        },
      ),
      RUNS,
    );
  });
});
