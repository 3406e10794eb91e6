/**
 * `createTokenHandler`: the host's token endpoint as a Fetch-API handler. It holds the Veratad credentials, checks
 * the browser's request, calls Create Token (and Generate Link in link mode) and answers only what the element needs.
 */
import { browserEndpoint } from './browser-endpoint.js';
import { ELEMENT_MAX_ANSWER_CHARS } from './element-rules.js';
import {
  resolveOptions,
  type LinkFields,
  type ResolvedOptions,
  type TokenHandlerEvent,
  type TokenHandlerOptions,
} from './options.js';
import { ID_FIELDS, MAX_BODY_BYTES, parseRequestedIds, type RequestedIds } from './request-body.js';
import { HandlerError } from './responses.js';
import { fetchHandler, type FetchHandler, type RequestSource } from './source.js';
import { createToken, generateLink } from './token-upstream.js';
import { VeratadApiError } from './veratad-error.js';

export type TokenHandler = FetchHandler;

const answerTooLarge = () =>
  new VeratadApiError(
    'upstream-invalid',
    `Veratad’s answers would make a token answer longer than the ${ELEMENT_MAX_ANSWER_CHARS} characters the element reads.`,
  );

/** The 200 body: what `<veratad-verify>` reads as its normalized answer shape. */
export interface TokenAnswer {
  token: string;
  /** ISO time the token stops being valid, counted from just before Create Token was called. */
  expires_at: string;
  /** Veratad's other, non-secret Create Token fields (age, rules, …). */
  settings: Record<string, string>;
  link?: string;
}

const FIELD_OPTIONS = {
  journey_id: 'allow.journeyIds',
  settings_id: 'allow.settingsIds',
  branding_id: 'allow.brandingIds',
} as const;

/** The ids sent to Veratad: the browser's when listed in `allow`, else the configured defaults. */
function chooseIds(options: ResolvedOptions, requested: RequestedIds): Record<string, string | undefined> {
  const ids: Record<string, string | undefined> = { ...options.defaults };
  for (const field of ID_FIELDS) {
    const value = requested[field];
    if (value === undefined) continue;
    if (!options.allow[field]?.has(value)) {
      throw new HandlerError(
        400,
        'invalid-request',
        `${field} is not one this endpoint allows (see ${FIELD_OPTIONS[field]}).`,
      );
    }
    ids[field] = value;
  }
  return ids;
}

/** The user fields the host's `link()` gives for this request, or `null` for an SDK-mode answer. */
async function linkFieldsFor(
  link: NonNullable<ResolvedOptions['link']>,
  source: RequestSource,
): Promise<LinkFields | null> {
  let fields: unknown;
  try {
    fields = await link(source.request());
  } catch (cause) {
    throw new HandlerError(500, 'internal-error', 'The link step failed on the server.', {}, { cause });
  }
  if (fields === null || fields === undefined) return null;
  if (typeof fields !== 'object' || Array.isArray(fields)) {
    throw new HandlerError(500, 'internal-error', 'The link step returned something other than an object or null.');
  }
  return fields as LinkFields;
}

/**
 * Creates the token endpoint. Throws a `TypeError` at once when `user` or `pass` is missing or an option is malformed.
 *
 * @example
 * const handler = createTokenHandler({ user: process.env.VERATAD_USER, pass: process.env.VERATAD_PASS });
 * export const POST = handler; // a Next.js route, a worker's fetch, or toNodeListener(handler) for node:http
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const resolved = resolveOptions(options);
  const handle = browserEndpoint<TokenHandlerEvent>(
    {
      name: 'token',
      forbidden: 'This origin may not request verification tokens.',
      allowedOrigins: resolved.allowedOrigins,
      allowedHeaders: resolved.allowedHeaders,
      onEvent: resolved.onEvent,
    },
    async (source, veratad) => {
      const ids = chooseIds(
        resolved,
        parseRequestedIds(await source.body({ maxBytes: MAX_BODY_BYTES, timeoutMs: resolved.bodyTimeoutMs })),
      );
      const fields = resolved.link ? await linkFieldsFor(resolved.link, source) : null;
      const calledAt = Date.now();
      const answer = await veratad(resolved.timeoutMs, async (signals) => {
        const created = await createToken(resolved, ids, signals);
        const body: TokenAnswer = {
          token: created.token,
          expires_at: new Date(calledAt + resolved.lifetimeSeconds * 1000).toISOString(),
          settings: created.settings,
        };
        if (fields) body.link = await generateLink(resolved, created.token, fields, signals);
        if (JSON.stringify(body).length > ELEMENT_MAX_ANSWER_CHARS) throw answerTooLarge();
        return body;
      });
      return { body: answer, event: answer.link ? { link: true } : {} };
    },
  );
  return fetchHandler('veratadTokenHandler', handle);
}
