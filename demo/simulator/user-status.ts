/**
 * `POST /user/status`: Veratad's User Status, the server-to-server lookup of a journey's result by the email it
 * ran with. Pure: parsed JSON in, status and body out. The error bodies are the documented ones (no `token`
 * field, unlike Create Token's); the answer for an unknown email is our assumption.
 */
import { credentialsMatch, isObject, nonEmptyString, type Credentials } from './checks.js';
import type { JsonReply } from './http.js';
import type { JourneyStore } from './journeys.js';
import { statusAnswer } from './result-body.js';

const statusError = (status: number, message: string): JsonReply => ({
  status,
  body: { result: 'Error', message },
});

export const STATUS_MISSING_INPUT = statusError(400, 'Missing a required input');
export const STATUS_WRONG_CREDENTIALS = statusError(401, 'Either your username or password is incorrect');

/** Our assumption for an email no journey ran with: HTTP 200 and only `found: false`. */
export const NOT_FOUND: JsonReply = { status: 200, body: { found: false } };

/**
 * Missing or empty `user`, `pass` or `email` (or a body that is not a JSON object) → the documented 400; wrong
 * credentials → the documented 401 (input is checked first, as Create Token does); an email is compared
 * exactly, and the journey with it that ended last answers.
 */
export function userStatus(journeys: JourneyStore, credentials: Credentials, body: unknown): JsonReply {
  if (!isObject(body) || !nonEmptyString(body.user) || !nonEmptyString(body.pass) || !nonEmptyString(body.email)) {
    return STATUS_MISSING_INPUT;
  }
  if (!credentialsMatch({ user: body.user, pass: body.pass }, credentials)) return STATUS_WRONG_CREDENTIALS;
  const journey = journeys.byEmail(body.email);
  return journey ? { status: 200, body: statusAnswer(journey) } : NOT_FOUND;
}
