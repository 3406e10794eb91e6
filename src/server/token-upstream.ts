/** The token endpoint's two calls to Veratad (Create Token, Generate Link) and the reading of their answers. */
import type { LinkFields, ResolvedOptions } from './options.js';
import { invalidAnswer, postJson, rejected, unauthorized, type UpstreamSignals } from './veratad-api.js';

/** Fields of Veratad's Create Token answer that are not settings. */
const NOT_SETTINGS = new Set(['result', 'message', 'token']);

export interface CreatedToken {
  token: string;
  settings: Record<string, string>;
}

type Signals = Pick<UpstreamSignals, 'signal' | 'deadline'>;

function settingsOf(body: Record<string, unknown>, secrets: readonly string[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (NOT_SETTINGS.has(key)) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const text = String(value);
    // Dropped whole when a secret is anywhere in it (Veratad echoing `user` inside a longer text included).
    if (!secrets.some((secret) => secret !== '' && (text.includes(secret) || key.includes(secret))))
      settings[key] = text;
  }
  return settings;
}

/** Veratad's Create Token: `{result: "Success", token, …settings}`, anything else is an error. */
export async function createToken(
  options: ResolvedOptions,
  ids: Record<string, string | undefined>,
  signals: Signals,
): Promise<CreatedToken> {
  const payload: Record<string, string> = { user: options.user, pass: options.pass };
  for (const [key, value] of Object.entries(ids)) if (value !== undefined) payload[key] = value;
  const { status, body } = await postJson(options.fetch, options.endpoint, payload, signals);
  const secrets = [options.user, options.pass];
  if (status === 401) throw unauthorized(status);
  if (
    body?.result === 'Success' &&
    typeof body.token === 'string' &&
    body.token !== '' &&
    status >= 200 &&
    status < 300
  ) {
    return { token: body.token, settings: settingsOf(body, [...secrets, body.token]) };
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
  const { status, body } = await postJson(options.fetch, options.linkEndpoint, payload, signals);
  const secrets = [options.user, options.pass, token];
  if (status === 401) throw unauthorized(status);
  if (
    body?.action === 'PASS' &&
    typeof body.link === 'string' &&
    isHttpUrl(body.link) &&
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

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
