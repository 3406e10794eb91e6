/** `getUserStatus`: Veratad's User Status lookup (by the email the journey ran with), checked and normalised. */
import * as z from 'zod/mini';
import {
  VERATAD_URLS,
  connectionOf,
  failFor,
  type ConnectionOptions,
  type Fail,
  type VeratadConnection,
} from './option-checks.js';
import {
  additionalDataOf,
  checkShape,
  documentOf,
  personOf,
  resultBody,
  statusOf,
  type ResultDocument,
  type ResultPerson,
} from './result-fields.js';
import {
  invalidAnswer,
  postJson,
  rejected,
  scrub,
  unauthorized,
  upstreamSignals,
  type UpstreamSignals,
} from './veratad-api.js';
import type { Redactor } from './redact.js';

export interface UserStatusOptions extends ConnectionOptions {
  /** The email the verification ran with: Veratad looks the user up by it. */
  email: string;
}

export interface UserStatus {
  /** Whether Veratad knows a verification for this email. */
  found: boolean;
  /** Veratad's status upper-cased: PASS, FAIL, PENDING, … (the full list is not documented). */
  status?: string;
  /** True only when `found` and `status` is PASS. */
  verified: boolean;
  person?: ResultPerson;
  additionalData?: Record<string, unknown>;
  document?: ResultDocument;
}

const userStatusBody = z.extend(resultBody, { found: z.boolean() });

export function checkEmail(fail: Fail, email: unknown): string {
  if (typeof email !== 'string' || email.trim() === '') fail('`email` must be a non-empty string.');
  return email;
}

/** Veratad's answer as a `UserStatus`, or the error it stands for. */
function readAnswer(status: number, body: Record<string, unknown> | undefined, secrets: Redactor): UserStatus {
  if (status === 401) throw unauthorized(status, body?.message, secrets);
  if (body && typeof body.result === 'string' && body.result !== 'Success') {
    throw rejected(body.message, 'Veratad refused the User Status lookup.', secrets, status);
  }
  if (!body || status < 200 || status >= 300) throw invalidAnswer('User Status', status);
  const checked = checkShape(userStatusBody, body);
  if (!checked.ok) throw invalidAnswer('User Status', status, scrub(` (at ${checked.at})`, secrets));
  const answer = checked.body;
  const found = answer.found;
  const result: UserStatus = { found, verified: false };
  const normal = statusOf(answer.status);
  if (normal !== undefined) result.status = normal;
  result.verified = found && normal === 'PASS';
  const person = personOf(answer);
  if (Object.keys(person).length) result.person = person;
  const additionalData = additionalDataOf(answer);
  if (additionalData) result.additionalData = additionalData;
  const document = documentOf(answer);
  if (document) result.document = document;
  return result;
}

/** One User Status call under the caller's signals. */
export async function lookUpUserStatus(
  connection: VeratadConnection,
  email: string,
  signals: Pick<UpstreamSignals, 'signal' | 'deadline'>,
): Promise<UserStatus> {
  const { user, pass } = connection;
  const payload = { user, pass, email };
  const { status, body } = await postJson(connection.fetch, connection.endpoint, payload, signals, 'User Status');
  return readAnswer(status, body, connection.credentials.with([email]));
}

/**
 * Asks Veratad for the verification status of `email`. Rejects with a `TypeError` for missing options and with a
 * `VeratadApiError` when Veratad gives no usable answer; neither message holds a credential or the email.
 *
 * @example
 * const { verified } = await getUserStatus({ user: process.env.VERATAD_USER, pass: process.env.VERATAD_PASS, email });
 */
export async function getUserStatus(options: UserStatusOptions): Promise<UserStatus> {
  const fail: Fail = failFor('getUserStatus');
  if (!options || typeof options !== 'object') fail('options are required: { user, pass, email }.');
  const connection = connectionOf(fail, options, VERATAD_URLS.userStatus);
  const email = checkEmail(fail, options.email);
  const signals = upstreamSignals(undefined, connection.timeoutMs);
  try {
    return await lookUpUserStatus(connection, email, signals);
  } finally {
    signals.dispose();
  }
}
