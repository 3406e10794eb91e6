/**
 * Link mode's reachability check. Chromium fires `load` for its own error page, so a frame's `load` cannot tell a
 * Veratad page from the browser's page for an unreachable host. A `no-cors` HEAD to the link's origin can: it
 * resolves (opaque) when the host answers anything and rejects when it cannot be reached. It never requests the
 * link itself (a session credential that may be single-use), sends no cookie and no referrer.
 */

/** Set once the page's CSP refused a check (`connect-src`): later checks are skipped, so it reports only once. */
let connectBlocked = false;

export interface Probe {
  /** True while the check is under way. */
  pending: boolean;
  /** True when the check failed for a reason other than the page's own CSP. Read it once the frame has loaded. */
  unreachable(): boolean;
  /** Aborts the check and removes its listener. */
  stop(): void;
}

/** Starts the check of `link`'s origin; `settled` is called once it has an answer (not after `stop()`). */
export function probeOrigin(link: string, settled: () => void): Probe {
  const { origin } = new URL(link);
  const abort = new AbortController();
  let failed = false;
  let blocked = false;
  // A CSP refusal rejects like an unreachable host; its violation event, a task later, tells the two apart.
  const onViolation = (event: SecurityPolicyViolationEvent) => {
    const uri = event.blockedURI;
    if (event.effectiveDirective === 'connect-src' && (uri === origin || uri.startsWith(`${origin}/`))) {
      blocked = connectBlocked = true;
    }
  };
  const probe: Probe = {
    pending: !connectBlocked,
    unreachable: () => failed && !blocked,
    stop() {
      abort.abort();
      document.removeEventListener('securitypolicyviolation', onViolation);
    },
  };
  if (!probe.pending) return probe;
  document.addEventListener('securitypolicyviolation', onViolation);
  const init: RequestInit = {
    method: 'HEAD',
    mode: 'no-cors',
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
    signal: abort.signal,
  };
  void Promise.resolve()
    .then(() => fetch(`${origin}/`, init))
    .catch(() => void (failed = true))
    .then(() => {
      probe.pending = false;
      if (!abort.signal.aborted) settled();
    });
  return probe;
}
