/** Validates what the host's backend answered and turns it into a session description. No DOM. */
import type { output } from 'zod/v4/core';
import { looseObject, optional, parse, string } from './schema.js';
import { computeExpiry, parseExpiresAt } from './expiry.js';
import { VerifyError, type Mode } from './events.js';

const MAX_MESSAGE = 300;

const text = optional(string());

/**
 * Every documented answer shape in one loose schema; which shape it is gets decided below:
 * 1. Veratad's own `{"result":"Success","token":…, …settings}`;
 * 2. the normalized `{"token","link"?,"expires_at"?,"expires_in"?,"options"?,"settings"?}`;
 * 3. the JWT envelope `{"statusCode":"200","body":{"token":…}}`;
 * 4. errors `{"result":"Error","message":…}` and `{"error":{"code"?,"message"}}`.
 * `expires_at`, `expires_in` and `statusCode` may have several types: they pass through and are checked below.
 */
const answerSchema = looseObject({
  result: text,
  message: text,
  token: text,
  link: text,
  options: optional(looseObject({})),
  settings: optional(looseObject({})),
  body: optional(looseObject({ token: text, message: text })),
  error: optional(looseObject({ code: text, message: text })),
});
type Answer = output<typeof answerSchema>;

const MAX_TOKEN = 8192;

export interface TokenSession {
  token: string;
  mode: Mode;
  link?: string;
  expiresAt: number;
  settings: Record<string, string>;
  /** Server-side SDK options; they override the element's own. */
  options: Record<string, unknown>;
}

function readAnswer(body: unknown): Answer | undefined {
  return parse(answerSchema, body);
}

const SERVICE_ERROR = 'The token service returned an error.';

/** The answer's token (and link): no setting and no message that contains one reaches an event or the view. */
function secretsOf(answer: Answer | undefined): string[] {
  return [answer?.token, answer?.body?.token, answer?.link].filter((value) => !!value) as string[];
}

const holdsSecret = (text: string, secrets: string[]) => secrets.some((secret) => text.includes(secret));

/** `message` cut to length, or the fixed text when it contains a secret (checked before the cut). */
function shown(message: string, secrets: string[]): string {
  return clip(holdsSecret(message, secrets) ? SERVICE_ERROR : message);
}

/** The message of a documented error body (a non-Success `result`, or an `error` object); else undefined. */
function answerError(answer: Answer | undefined): string | undefined {
  if (!answer) return undefined;
  const secrets = secretsOf(answer);
  if (answer.result !== undefined && answer.result !== 'Success')
    return shown(answer.message || SERVICE_ERROR, secrets);
  if (answer.error?.message) return shown(answer.error.message, secrets);
  return undefined;
}

/** The message a backend error body carries, if it has one of the documented error shapes. */
export function errorMessage(body: unknown): string | undefined {
  return answerError(readAnswer(body));
}

/** Whether an error body says trying again cannot help: `{"error":{"retryable":false,…}}`. */
export const saysFinal = (body: unknown): boolean => readAnswer(body)?.error?.retryable === false;

function clip(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

/** The text fields of `source` (numbers and booleans written as text), without `skip` and any holding a secret. */
function stringSettings(source: Record<string, unknown>, skip: string[], secrets: string[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (skip.includes(key) || holdsSecret(key, secrets)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (!holdsSecret(String(value), secrets)) settings[key] = String(value);
    }
  }
  return settings;
}

const LOCAL_HOSTS = ['localhost', '127.0.0.1'];

/**
 * The link as a URL string when link mode may use it: `https:`, or `http:` only on the local machine, and never
 * with a user name or password (Chromium would refuse to show it in a frame).
 */
export function checkLink(link: string): string | undefined {
  try {
    const url = new URL(link);
    const local = url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname);
    if (url.username || url.password) return undefined;
    return url.protocol === 'https:' || local ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns a successful (2xx) answer body into a session, or throws a `VerifyError`
 * (`rejected` for a documented error body, `invalid-response` for anything else).
 */
export function parseTokenResponse(body: unknown, now: number, lifetimeSeconds: number, status?: number): TokenSession {
  const answer = readAnswer(body);
  const secrets = secretsOf(answer);
  const message = answerError(answer);
  if (message !== undefined) throw new VerifyError('rejected', message, false, status);
  const invalid = (why: string) => new VerifyError('invalid-response', why, false, status);
  const noToken = 'The token endpoint answered without a valid token.';
  if (!answer) throw invalid(noToken);

  let token = answer.token;
  let settings: Record<string, string> = {};
  const { link, expires_at: expiresAt, expires_in: expiresIn } = answer;
  if (answer.result === 'Success') {
    settings = stringSettings(answer, ['result', 'message', 'token'], secrets);
  } else if (answer.statusCode !== undefined) {
    const code =
      typeof answer.statusCode === 'string' || typeof answer.statusCode === 'number' ? answer.statusCode : '';
    if (String(code) !== '200') {
      const why = code === '' || String(code).length > 10 ? 'without a valid statusCode' : String(code);
      throw new VerifyError(
        'rejected',
        shown(answer.body?.message || `The token service answered ${why}.`, secrets),
        false,
        status,
      );
    }
    token = answer.body?.token;
  } else {
    settings = stringSettings(answer.settings ?? {}, [], secrets);
  }
  if (!token || token.length > MAX_TOKEN) throw invalid(noToken);
  if (expiresIn !== undefined && !(typeof expiresIn === 'number' && expiresIn > 0)) {
    throw invalid('expires_in must be a positive number of seconds.');
  }
  const absolute =
    typeof expiresAt === 'string' || typeof expiresAt === 'number' ? parseExpiresAt(expiresAt) : undefined;
  if (expiresAt !== undefined && absolute === undefined) throw invalid('The token expiry time is not a valid date.');

  const expiry = computeExpiry({
    now,
    token,
    lifetimeSeconds,
    expiresAt: absolute,
    expiresIn: expiresIn,
  });
  if (!(expiry > now)) throw invalid('The token has already expired.');

  const session: TokenSession = {
    token,
    mode: link === undefined ? 'sdk' : 'link',
    expiresAt: expiry,
    settings,
    options: answer.options ?? {},
  };
  if (link !== undefined) {
    session.link = checkLink(link);
    if (!session.link) throw invalid('The verification link must be an https URL without a user name or password.');
  }
  return session;
}
