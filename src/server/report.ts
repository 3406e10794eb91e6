/** What the handlers report to `onEvent`, and the call that keeps a failing hook from breaking an endpoint. */

/** One line per request: outcome codes and timings, never credentials, tokens or personal data. */
export interface HandlerEvent {
  /** `ok`, `preflight`, `client-closed`, or the error code answered. */
  code: string;
  /** The HTTP status answered (499 for `client-closed`: nothing was sent). */
  status: number;
  /** Time spent in the handler, in milliseconds. */
  durationMs: number;
  /** Time spent waiting for Veratad, when it was called. */
  upstreamMs?: number;
  /**
   * Veratad's own message behind `upstream-rejected` or `upstream-unauthorized`, when it gave one: cut at 300
   * characters, with the credentials, the token, the email and the link fields replaced by `[redacted]` (in any
   * letter case, URL-encoded or in base64). The browser only ever gets a fixed message.
   */
  upstreamMessage?: string;
  /**
   * The error behind a failure, when one was thrown: the original object, for the host's own log. The handlers
   * never put a credential, a token or a request body into an error they make.
   */
  cause?: unknown;
}

/** `onEvent`, or nothing; an exception it throws is swallowed. */
export function reporter<E>(onEvent: ((event: E) => void) | undefined): (event: E) => void {
  return (event) => {
    if (!onEvent) return;
    try {
      onEvent(event);
    } catch {
      // A logging hook must not break the endpoint.
    }
  };
}
