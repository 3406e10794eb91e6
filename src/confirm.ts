/** Asks the host's server for its word on a finished session, asking again while it says "not yet". No DOM. */
import { VerifyError, type VeratadConfirmedDetail } from './events.js';
import { postJson } from './post-json.js';
import { pollDelay, sleep } from './retry.js';
import { boolean, looseObject, optional, parse, string } from './schema.js';

/** What `createStatusHandler` answers (any endpoint may, if it keeps to this shape). */
const answerSchema = looseObject({ found: boolean(), status: optional(string()), verified: boolean() });

export interface ConfirmOptions {
  url: string;
  headers?: Record<string, string>;
  credentials: RequestCredentials;
  /** Per request, as for the token. */
  timeoutMs: number;
  retries: number;
  /** `confirm-timeout`: past it, the answer is PENDING. */
  deadlineMs: number;
  signal: AbortSignal;
}

const PENDING: VeratadConfirmedDetail = { status: 'PENDING', verified: false };

/**
 * The server's final answer (found, with a status other than PENDING), or PENDING when the deadline passes first.
 * Rejects with a `confirm-failed` `VerifyError` when the endpoint fails (after the usual retries), or with the
 * abort reason when `signal` aborts.
 */
export async function confirmResult(options: ConfirmOptions): Promise<VeratadConfirmedDetail> {
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', forwardAbort, { once: true });
  try {
    const deadline = sleep(options.deadlineMs, controller.signal).then(() => PENDING);
    return await Promise.race([poll(options, controller.signal), deadline]);
  } catch (error) {
    if (options.signal.aborted || !(error instanceof VerifyError)) throw error;
    throw new VerifyError('confirm-failed', error.message, true, error.status);
  } finally {
    // Stops whichever of the two is still running: the polling at the deadline, the deadline after an answer.
    controller.abort();
    options.signal.removeEventListener('abort', forwardAbort);
  }
}

async function poll(options: ConfirmOptions, signal: AbortSignal): Promise<VeratadConfirmedDetail> {
  for (let answers = 0; ; answers++) {
    const answer = await postJson({
      ...options,
      name: 'confirm',
      body: {},
      signal,
      parse(body, status) {
        const valid = parse(answerSchema, body);
        if (valid) return valid;
        throw new VerifyError(
          'invalid-response',
          'The confirm endpoint did not answer {found, status, verified}.',
          false,
          status,
        );
      },
    });
    const status = answer.status?.toUpperCase();
    if (answer.found && status && status !== 'PENDING') return { status, verified: answer.verified };
    await sleep(pollDelay(answers), signal);
  }
}
