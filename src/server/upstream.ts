/** The two calls to Veratad (Create Token, Generate Link) and the reading of their answers. */
import type { LinkFields, ResolvedOptions } from './options.js';
import { HandlerError } from './responses.js';

const MAX_MESSAGE = 300;
/** Fields of Veratad's Create Token answer that are not settings. */
const NOT_SETTINGS = new Set(['result', 'message', 'token']);

/** Tells whether the request's time for Veratad ran out (the signal alone cannot tell a timeout from a browser leaving). */
export interface Deadline {
  readonly aborted: boolean;
}

export interface CreatedToken {
  token: string;
  settings: Record<string, string>;
}

/** A call that went out: what it answered, or why it did not. */
interface UpstreamAnswer {
  status: number;
  body: Record<string, unknown> | undefined;
}

/** Forbidden strings (credentials, the token) never leave in a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  let clean = message;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join('[redacted]');
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/** POSTs JSON under the shared deadline; maps every way it can go wrong to a `HandlerError`. */
async function postJson(
  options: ResolvedOptions,
  url: string,
  payload: unknown,
  signal: AbortSignal,
  deadline: Deadline,
): Promise<UpstreamAnswer> {
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(payload),
      signal,
      // Never follow a redirect: a 3xx is not a documented answer (upstream-invalid). 'manual', not 'error',
      // because some Fetch runtimes (Cloudflare's workerd) refuse 'error' before sending anything.
      redirect: 'manual',
    });
  } catch (error) {
    throw whyNoAnswer(signal, deadline, error);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw whyNoAnswer(signal, deadline, error);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  return { status: response.status, body: isObject ? (body as Record<string, unknown>) : undefined };
}

/** A call that got no answer: our deadline passed, the browser went away, or Veratad could not be reached. */
function whyNoAnswer(signal: AbortSignal, deadline: Deadline, cause: unknown): HandlerError {
  if (deadline.aborted) return new HandlerError(504, 'upstream-timeout', 'Veratad did not answer in time.');
  // Nobody reads this answer; the code is for `onEvent`.
  if (signal.aborted) return new HandlerError(499, 'client-closed', 'The browser closed the request.');
  // The network error (refused, unknown host, reset) says which; it goes to onEvent only.
  return new HandlerError(502, 'upstream-unreachable', 'Veratad could not be reached.', {}, { cause });
}

function unauthorized(): HandlerError {
  return new HandlerError(
    502,
    'upstream-unauthorized',
    'Veratad refused the server’s credentials; check the token endpoint’s configuration.',
  );
}

function invalidAnswer(what: string, status: number): HandlerError {
  return new HandlerError(
    502,
    'upstream-invalid',
    `Veratad’s ${what} answer (HTTP ${status}) was not in the documented shape.`,
  );
}

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
  signal: AbortSignal,
  deadline: Deadline,
): Promise<CreatedToken> {
  const payload: Record<string, string> = { user: options.user, pass: options.pass };
  for (const [key, value] of Object.entries(ids)) if (value !== undefined) payload[key] = value;
  const { status, body } = await postJson(options, options.endpoint, payload, signal, deadline);
  const secrets = [options.user, options.pass];
  if (status === 401) throw unauthorized();
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
    const message =
      typeof body.message === 'string' && body.message ? body.message : 'Veratad refused to create a token.';
    throw new HandlerError(502, 'upstream-rejected', scrub(message, secrets));
  }
  throw invalidAnswer('Create Token', status);
}

/** Veratad's Generate Link: `{action: "PASS", link, …}`; `action: "ERROR"` is a rejection. */
export async function generateLink(
  options: ResolvedOptions,
  token: string,
  fields: LinkFields,
  signal: AbortSignal,
  deadline: Deadline,
): Promise<string> {
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) payload[key] = value;
  payload.token = token;
  payload.options = { send_email: false };
  const { status, body } = await postJson(options, options.linkEndpoint, payload, signal, deadline);
  const secrets = [options.user, options.pass, token];
  if (status === 401) throw unauthorized();
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
    throw new HandlerError(
      502,
      'upstream-rejected',
      scrub(typeof why === 'string' ? why : 'Veratad refused to generate a link.', secrets),
    );
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
