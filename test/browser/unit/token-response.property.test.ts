// src/token-response.ts under generated input (fast-check): any JSON value or string in, a session or a
// documented error out, never a throw of anything else, never the token in what the page sees. On failure,
// fast-check's message names the seed and path that replay it: fc.assert(…, { seed, path }).
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { VerifyError } from '../../../src/events.js';
import { checkLink, errorMessage, parseTokenResponse } from '../../../src/token-response.js';

const RUNS = { numRuns: 400 };
const NOW = 1_800_000_000_000;
const LIFETIME = 21_600;
const MAX_MESSAGE = 301; // 300 characters and the ellipsis

/** Tokens as backends send them: opaque ids and JWT-like strings (a 1-letter token would "appear" anywhere). */
const token = fc.stringMatching(/^[A-Za-z0-9_.-]{12,60}$/);

/** A string that sometimes holds the token, alone or inside other text. */
const maybeHolding = (secret: string) =>
  fc.oneof(
    fc.string(),
    fc.constant(secret),
    fc.tuple(fc.string(), fc.string()).map(([before, after]) => `${before}${secret}${after}`),
  );

/**
 * Any JSON, and answers close to the four documented shapes whose token is `secret`, echoed in random places
 * (whatever else holds the token, the answer names it: the element cannot hide a token it was never told).
 */
function answers(secret: string): fc.Arbitrary<unknown> {
  const text = maybeHolding(secret);
  const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const settings = fc.dictionary(text, value, { maxKeys: 5 });
  const link = fc.oneof(
    fc.webUrl(),
    fc.constantFrom('https://frontend.dcams.app/s/1', 'http://localhost:9/x', 'https://u:p@fe.dcams.app/'),
    text,
  );
  const expiry = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.date().map((date) => date.toISOString()),
  );
  const normalized = fc.record(
    {
      token: fc.constant(secret),
      link,
      expires_at: expiry,
      expires_in: expiry,
      settings,
      options: settings,
    },
    { requiredKeys: ['token'] },
  );
  const veratad = fc
    .tuple(fc.constantFrom('Success', 'Error', 'error', ''), text, settings)
    .map(([result, message, extra]) => ({ ...extra, result, message, token: secret }));
  const envelope = fc.record({
    statusCode: fc.oneof(fc.constantFrom('200', 200, '500'), text, value),
    body: fc.record({ token: fc.constant(secret), message: text }, { requiredKeys: ['token'] }),
  });
  const failure = fc.record({
    error: fc.record({ code: text, message: text }, { requiredKeys: [] }),
    token: fc.constant(secret),
  });
  return fc.oneof(fc.jsonValue(), fc.string(), normalized, veratad, envelope, failure);
}

/** Every string a session or an error shows the page. */
function shownText(outcome: unknown): string[] {
  if (outcome instanceof VerifyError) return [outcome.message];
  const { settings } = outcome as { settings: Record<string, string> };
  return Object.entries(settings).flat();
}

describe('token answers, generated (fast-check)', () => {
  it('give a valid session or a VerifyError rejected/invalid-response, never the token in what is shown', () => {
    fc.assert(
      fc.property(
        token.chain((secret) => fc.tuple(fc.constant(secret), answers(secret))),
        fc.option(fc.integer({ min: 200, max: 299 }), { nil: undefined }),
        ([secret, body], status) => {
          let outcome: unknown;
          try {
            outcome = parseTokenResponse(body, NOW, LIFETIME, status);
          } catch (error) {
            outcome = error;
            expect(error).to.be.instanceOf(VerifyError);
            const failure = error as VerifyError;
            expect(failure.code).to.be.oneOf(['rejected', 'invalid-response']);
            expect(failure.retryable).to.equal(false);
            expect(failure.status).to.equal(status);
            expect(failure.message.length).to.be.within(1, MAX_MESSAGE);
          }
          if (!(outcome instanceof VerifyError)) {
            const session = outcome as ReturnType<typeof parseTokenResponse>;
            expect(session.token).to.be.a('string').and.not.equal('');
            expect(session.mode).to.equal(session.link === undefined ? 'sdk' : 'link');
            if (session.link !== undefined) expect(checkLink(session.link)).to.equal(session.link);
            expect(session.expiresAt).to.be.within(NOW + 1, NOW + LIFETIME * 1000);
            for (const value of Object.values(session.settings)) expect(value).to.be.a('string');
          }
          for (const text of shownText(outcome)) expect(text).to.not.contain(secret);
        },
      ),
      RUNS,
    );
  });

  it("errorMessage (a non-2xx answer's message) never throws and never holds the answer's token", () => {
    fc.assert(
      fc.property(
        token.chain((secret) => fc.tuple(fc.constant(secret), answers(secret))),
        ([secret, body]) => {
          const message = errorMessage(body);
          if (message === undefined) return;
          expect(message).to.be.a('string').and.not.contain(secret);
          expect(message.length).to.be.within(1, MAX_MESSAGE);
        },
      ),
      RUNS,
    );
  });
});
