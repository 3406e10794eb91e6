/**
 * The simulator's answers to Veratad's two server-to-server calls, `POST /token/create` and
 * `POST /link/generate`, plus the frame page's own session lookup. Pure: parsed JSON in, status and body out.
 * Documented bodies (Veratad's Create Token and Generate Link pages) are reproduced field for field; where
 * Veratad's docs are silent the choice is ours, stricter rather than more lenient, and marked as such.
 */
import { credentialsMatch, isObject, nonEmptyString, type Credentials } from './checks.js';
import type { JsonReply } from './http.js';
import type { SessionStore } from './store.js';

/** The non-secret fields of a successful Create Token answer: demo values of the documented kinds. */
export const TOKEN_SETTINGS = {
  age: '21+',
  rules: 'DCAMS5_0_RuleSet_NAME_DOB',
  store_on: 'FAIL',
  company_name_for_email: 'Veratad Simulator Demo Co.',
  email_logo_height: '50',
  email_logo_width: '80',
  dcams_manual_rules: 'DCAMS5_0_Manual_Review_RuleSet_NAME_DOB',
} as const;

const tokenError = (status: number, message: string): JsonReply => ({
  status,
  body: { result: 'Error', message, token: '' },
});

export const MISSING_INPUT = tokenError(400, 'Missing a required input');
export const WRONG_CREDENTIALS = tokenError(401, 'Either your username or password is incorrect');
export const INVALID_AGE = tokenError(400, 'Invalid age submitted. Must conform to age+ like 21+');
export const INVALID_RULESET = tokenError(400, 'Invalid ruleset submitted. Please check the documentation');
export const INVALID_STORE_ON = tokenError(400, 'Invalid store_on value. Must be PASS, FAIL or ALL');

/** The rule sets the docs name; any other `rules` is refused (stricter rather than more lenient). */
const KNOWN_RULESETS: readonly string[] = [TOKEN_SETTINGS.rules, TOKEN_SETTINGS.dcams_manual_rules];

/**
 * The documented 400s for `age`, `rules` and `store_on`. The request table does not list these fields, but the
 * documented messages say how Veratad checks them, so a request that carries one is held to that format.
 */
function settingOverrides(
  body: Record<string, unknown>,
): { refused: JsonReply } | { refused?: undefined; age?: string; rules?: string; store_on?: string } {
  const { age, rules, store_on: storeOn } = body;
  if (age !== undefined && !(typeof age === 'string' && /^\d{1,3}\+$/.test(age))) return { refused: INVALID_AGE };
  if (rules !== undefined && !KNOWN_RULESETS.includes(rules as string)) return { refused: INVALID_RULESET };
  if (storeOn !== undefined && !['PASS', 'FAIL', 'ALL'].includes(storeOn as string))
    return { refused: INVALID_STORE_ON };
  return {
    age,
    rules: rules as string | undefined,
    store_on: storeOn as string | undefined,
  };
}

const ID_FIELDS = [
  ['journey_id', 'journeyId'],
  ['settings_id', 'settingsId'],
  ['branding_id', 'brandingId'],
] as const;

/**
 * `POST /token/create`. Missing or empty `user`/`pass` → the documented 400; wrong → the documented 401;
 * otherwise the documented 200 body with a fresh UUID.
 * Our choices where the docs are silent: a body that is not a JSON object, a `user`/`pass` that is not a
 * string, or an id that is present but not a string all get the same 400 "Missing a required input"; input is
 * checked before the credentials; a valid `age`, `rules` or `store_on` is echoed in the 200 body.
 */
export function createToken(store: SessionStore, credentials: Credentials, origin: string, body: unknown): JsonReply {
  if (!isObject(body) || !nonEmptyString(body.user) || !nonEmptyString(body.pass)) return MISSING_INPUT;
  const ids: Record<string, string> = {};
  for (const [field, key] of ID_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return MISSING_INPUT;
    if (value) ids[key] = value;
  }
  const overrides = settingOverrides(body);
  if (overrides.refused) return overrides.refused;
  if (!credentialsMatch({ user: body.user, pass: body.pass }, credentials)) return WRONG_CREDENTIALS;

  const { token } = store.createToken(ids);
  return {
    status: 200,
    body: {
      result: 'Success',
      message: 'Token created successfully',
      token,
      age: overrides.age ?? TOKEN_SETTINGS.age,
      rules: overrides.rules ?? TOKEN_SETTINGS.rules,
      store_on: overrides.store_on ?? TOKEN_SETTINGS.store_on,
      company_name_for_email: TOKEN_SETTINGS.company_name_for_email,
      email_logo_link: `${origin}/images/logo.svg`,
      email_logo_height: TOKEN_SETTINGS.email_logo_height,
      email_logo_width: TOKEN_SETTINGS.email_logo_width,
      dcams_manual_rules: TOKEN_SETTINGS.dcams_manual_rules,
    },
  };
}

/** The Web SDK parameters that `link/generate` also takes, by their documented JSON type. */
export const STRING_PARAMS = [
  'fn',
  'ln',
  'addr',
  'city',
  'state',
  'zip',
  'dob',
  'email',
  'phone',
  'country',
  'reference',
  'language',
  'styleToken',
  'additionalData',
] as const;
export const BOOLEAN_PARAMS = ['international', 'qr', 'email_fallback', 'bypassDesktopIntro'] as const;

/**
 * HTTP status of every `action: "ERROR"` answer. Veratad's docs show only the PASS body and say `action` is
 * `ERROR` on failure, not which status comes with it. Our choice: 400 for every failure (bad input, unknown
 * or expired token), the way Create Token answers bad input. Clients must look at `action`, never only at
 * the status.
 */
export const LINK_ERROR_STATUS = 400;

const linkError = (message: string, description: string): JsonReply => ({
  status: LINK_ERROR_STATUS,
  body: {
    action: 'ERROR',
    detail: '',
    link: '',
    email_sent: false,
    error_message: message,
    error_description: description,
  },
});

function validDate(dob: string): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(dob);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

type Checked = { error: JsonReply } | { fields: Record<string, unknown> };

/** Checks the user fields of a link request: the error reply, or the fields to remember. */
function checkLinkFields(body: Record<string, unknown>): Checked {
  if (!nonEmptyString(body.fn) || !nonEmptyString(body.ln)) {
    return { error: linkError('Missing a required input', 'fn and ln are required.') };
  }
  const fields: Record<string, unknown> = {};
  for (const name of STRING_PARAMS) {
    const value = body[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return { error: linkError('Invalid input', `${name} must be a string.`) };
    fields[name] = value;
  }
  for (const name of BOOLEAN_PARAMS) {
    const value = body[name];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return { error: linkError('Invalid input', `${name} must be true or false.`) };
    fields[name] = value;
  }
  if (typeof fields.dob === 'string' && !validDate(fields.dob)) {
    return { error: linkError('Invalid input', 'dob must be a date written YYYYMMDD.') };
  }
  if (typeof fields.additionalData === 'string' && !parsesAsJson(fields.additionalData)) {
    return { error: linkError('Invalid input', 'additionalData must be a JSON string.') };
  }
  if (body.resultMessages !== undefined) {
    if (!isObject(body.resultMessages))
      return { error: linkError('Invalid input', 'resultMessages must be an object.') };
    fields.resultMessages = body.resultMessages;
  }
  return { fields };
}

/**
 * `POST /link/generate`: needs a live token and the user fields (fn and ln required, as for the SDK).
 * Answers the documented PASS body with a link to this simulator's frame page; `email_sent` is always false
 * because the simulator never sends mail. Unknown request fields are ignored.
 */
export function generateLink(store: SessionStore, origin: string, body: unknown): JsonReply {
  if (!isObject(body)) return linkError('Missing a required input', 'The request body must be a JSON object.');
  if (!nonEmptyString(body.token)) return linkError('Missing a required input', 'token is required.');
  const token = store.lookupToken(body.token);
  if (token.state === 'unknown') {
    return linkError('Invalid token', 'The token is not recognised. Create a new token with /token/create.');
  }
  if (token.state === 'expired') {
    return linkError('Token expired', 'The token has expired. Create a new token with /token/create.');
  }
  let sendEmail = false;
  if (body.options !== undefined) {
    if (!isObject(body.options)) return linkError('Invalid input', 'options must be an object.');
    const flag = body.options.send_email;
    if (flag !== undefined && typeof flag !== 'boolean') {
      return linkError('Invalid input', 'options.send_email must be true or false.');
    }
    sendEmail = flag === true;
  }
  const checked = checkLinkFields(body);
  if ('error' in checked) return checked.error;

  const link = store.createLink(body.token, checked.fields, sendEmail);
  return {
    status: 200,
    body: {
      action: 'PASS',
      detail: 'Link Generated',
      link: `${origin}/frame?request_id=${link.requestId}`,
      email_sent: false,
      error_message: '',
      error_description: '',
    },
  };
}

/** Only what the frame page shows: never the token, nothing beyond the name and the result texts. */
export interface FrameSession {
  state: 'live' | 'expired' | 'unknown';
  mode: 'sdk' | 'link';
  fn?: string;
  ln?: string;
  resultMessages?: unknown;
}

/**
 * `GET /frame/session?token=…` (SDK mode) or `?request_id=…` (link mode): the frame page's own lookup, not a
 * Veratad API. In SDK mode the name comes from the SDK's URL, so only the token's state is answered. A link
 * lives exactly as long as its token (our assumption: Veratad does not document a link's lifetime).
 */
export function frameSession(store: SessionStore, query: URLSearchParams): FrameSession {
  const token = query.get('token');
  if (token !== null || query.get('mode') === 'sdk') {
    return { state: token ? store.lookupToken(token).state : 'unknown', mode: 'sdk' };
  }
  const requestId = query.get('request_id');
  const link = requestId ? store.lookupLink(requestId) : { state: 'unknown' as const };
  if (link.state !== 'live') return { state: link.state, mode: 'link' };
  const { fn, ln, resultMessages } = link.record.fields;
  // fn and ln are non-empty strings: checkLinkFields refuses a link request without them.
  const session: FrameSession = {
    state: 'live',
    mode: 'link',
    fn: typeof fn === 'string' ? fn : '',
    ln: typeof ln === 'string' ? ln : '',
  };
  if (resultMessages !== undefined) session.resultMessages = resultMessages;
  return session;
}
