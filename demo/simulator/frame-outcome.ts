/**
 * `POST /frame/outcome`: the frame page tells its own server a journey's result before it tells the host page
 * (so a host that asks `/user/status` on `onSuccess` finds it). Not a Veratad API. Body:
 * `{"search": "<the frame page's location.search>", "status": "PASS" | "FAIL" | "PENDING"}`.
 * SDK mode takes the user fields from the frame URL the SDK built; link mode from the link's request.
 */
import { isObject } from './checks.js';
import type { JsonReply } from './http.js';
import { isJourneyStatus, type FinishedJourney, type JourneyStore } from './journeys.js';
import type { SessionStore } from './store.js';
import { STRING_PARAMS } from './vx-api.js';

const refused = (status: number, reason: string): JsonReply => ({ status, body: { recorded: false, reason } });

/** Only the documented string parameters, as strings. */
function stringFields(read: (name: string) => unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of STRING_PARAMS) {
    const value = read(name);
    if (typeof value === 'string' && value !== '') fields[name] = value;
  }
  return fields;
}

/** The journey the frame URL belongs to, or why none is recorded. */
function journeyOf(tokens: SessionStore, query: URLSearchParams): Omit<FinishedJourney, 'status'> | JsonReply {
  const token = query.get('token');
  if (token !== null || query.get('mode') === 'sdk') {
    const session = query.get('session');
    if (!token || !session) return refused(400, 'the SDK frame URL needs its token and session.');
    const state = tokens.lookupToken(token).state;
    if (state !== 'live') return refused(200, `the token is ${state}.`);
    const fields = stringFields((name) => query.get(name));
    if (!fields.fn || !fields.ln) return refused(400, 'fn and ln are required.');
    return { id: `sdk:${session}`, mode: 'sdk', token, fields };
  }
  const requestId = query.get('request_id');
  const link = requestId ? tokens.lookupLink(requestId) : { state: 'unknown' as const };
  if (link.state !== 'live') return refused(200, `the link is ${link.state}.`);
  const { record } = link;
  const fields = stringFields((name) => record.fields[name]);
  return { id: `link:${record.requestId}`, mode: 'link', requestId: record.requestId, token: record.token, fields };
}

/**
 * Records the result; 200 `{recorded: true, status, email}`. A body that is not `{search, status}` with a
 * known status, or an SDK frame URL without its token, session, fn or ln → 400. A token or link that is unknown
 * or no longer live → 200 `{recorded: false, reason}` (not an HTTP error: the page would log one) and nothing is
 * recorded.
 */
export function frameOutcome(tokens: SessionStore, journeys: JourneyStore, body: unknown): JsonReply {
  if (!isObject(body) || typeof body.search !== 'string' || !isJourneyStatus(body.status)) {
    return refused(400, 'send {"search": location.search, "status": "PASS" | "FAIL" | "PENDING"}.');
  }
  const found = journeyOf(tokens, new URLSearchParams(body.search));
  if ('status' in found) return found;
  const journey = journeys.finish({ ...found, status: body.status });
  return { status: 200, body: { recorded: true, status: journey.status, email: journey.email } };
}
