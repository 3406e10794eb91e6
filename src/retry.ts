/** Backoff for retried requests and confirmation polls: pure arithmetic plus an abortable sleep. */

const BASE_DELAY_MS = 500;
const GROWTH = 3;
const JITTER = 0.2;
const MAX_RETRY_AFTER_MS = 10_000;
const POLL_BASE_MS = 2000;

/** Seconds or an HTTP date, as `Retry-After` allows; capped at 10 s. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

const jittered = (ms: number, random: () => number) => Math.round(ms * (1 - JITTER + 2 * JITTER * random()));

/** Delay before retry number `attempt` (0-based): about 0.5 s, then 1.5 s, 4.5 s…, ±20 % jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return jittered(BASE_DELAY_MS * GROWTH ** attempt, random);
}

/** Delay before asking the confirm endpoint again after answer number `poll` (0-based): about 2 s, 4 s, 8 s…, ±20 %. */
export function pollDelay(poll: number, random: () => number = Math.random): number {
  return jittered(POLL_BASE_MS * 2 ** poll, random);
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
