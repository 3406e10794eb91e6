/** The token endpoint's two calls to Veratad (Create Token, Generate Link) and the reading of their answers. */
import type { LinkFields, ResolvedOptions } from './options.js';
import { ELEMENT_MAX_TOKEN_CHARS, isLinkTheElementTakes } from './element-rules.js';
import type { Redactor } from './redact.js';
import { invalidAnswer, postJson, rejected, unauthorized, type UpstreamSignals } from './veratad-api.js';

/** Fields of Veratad's Create Token answer that are not settings. */
const NOT_SETTINGS = new Set(['result', 'message', 'token']);
/** Shorter link field values (a two-letter state) are not redacted: they would match inside ordinary words. */
const MIN_PERSONAL = 3;

export interface CreatedToken {
  token: string;
  settings: Record<string, string>;
}

type Signals = Pick<UpstreamSignals, 'signal' | 'deadline'>;

function settingsOf(body: Record<string, unknown>, secrets: Redactor): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (NOT_SETTINGS.has(key)) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const text = String(value);
    // Dropped whole when a secret is anywhere in its name or value, in any case or encoding.
    if (!secrets.finds(key) && !secrets.finds(text)) settings[key] = text;
  }
  return settings;
}

/** The link fields that could be a person's (a name, a date of birth, an email): redacted from Veratad's text too. */
function personalValues(fields: LinkFields): string[] {
  return Object.values(fields).flatMap((value) =>
    typeof value === 'string' && value.trim().length >= MIN_PERSONAL ? [value.trim()] : [],
  );
}

/** Veratad's Create Token: `{result: "Success", token, …settings}`, anything else is an error. */
export async function createToken(
  options: ResolvedOptions,
  ids: Record<string, string | undefined>,
  signals: Signals,
): Promise<CreatedToken> {
  const payload: Record<string, string> = { user: options.user, pass: options.pass };
  for (const [key, value] of Object.entries(ids)) if (value !== undefined) payload[key] = value;
  const { status, body } = await postJson(options.fetch, options.endpoint, payload, signals, 'Create Token');
  const token = typeof body?.token === 'string' ? body.token : '';
  const secrets = options.credentials.with([token]);
  if (status === 401) throw unauthorized(status, body?.message, secrets);
  if (
    body?.result === 'Success' &&
    typeof body.token === 'string' &&
    body.token !== '' &&
    status >= 200 &&
    status < 300
  ) {
    if (body.token.length > ELEMENT_MAX_TOKEN_CHARS) {
      throw invalidAnswer('Create Token', status, ` (a token longer than ${ELEMENT_MAX_TOKEN_CHARS} characters)`);
    }
    return { token: body.token, settings: settingsOf(body, secrets) };
  }
  if (body && typeof body.result === 'string' && body.result !== 'Success') {
    throw rejected(body.message, 'Veratad refused to create a token.', secrets, status);
  }
  throw invalidAnswer('Create Token', status);
}

/** Veratad's Generate Link: `{action: "PASS", link, …}`; `action: "ERROR"` is a rejection. */
export async function generateLink(
  options: ResolvedOptions,
  token: string,
  fields: LinkFields,
  signals: Signals,
): Promise<string> {
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) payload[key] = value;
  payload.token = token;
  payload.options = { send_email: false };
  const { status, body } = await postJson(options.fetch, options.linkEndpoint, payload, signals, 'Generate Link');
  const secrets = options.credentials.with([token, ...personalValues(fields)]);
  if (status === 401) throw unauthorized(status, body?.error_message, secrets);
  if (
    body?.action === 'PASS' &&
    typeof body.link === 'string' &&
    isLinkTheElementTakes(body.link) &&
    status >= 200 &&
    status < 300
  ) {
    return body.link;
  }
  if (body?.action === 'ERROR') {
    const why = [body.error_description, body.error_message, body.detail].find(
      (m) => typeof m === 'string' && m !== '',
    );
    throw rejected(why, 'Veratad refused to generate a link.', secrets, status);
  }
  throw invalidAnswer('Generate Link', status);
}
