/** Tools for watching the page: a real task boundary, polling for a state, a record of every fetch. */
import { afterThisTest } from './teardown.js';

// Captured at load, before any test can install a fake clock: these keep real time.
const realSetTimeout = window.setTimeout.bind(window);

/** Resolves after the current task and every promise callback it queued (a real task, even under a fake clock). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, 0));
}

/** Waits until `condition` holds, checking every 10 ms of real time; fails after `timeout` ms with `what`. */
export async function until(condition: () => boolean, what: string, timeout = 4000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 10));
  }
}

export interface RecordedFetch {
  url: string;
  init?: RequestInit;
  /** Settles (never rejects) once the fetch has: answered, failed or been aborted. */
  settled: Promise<void>;
}

/** Records every `fetch` the page makes (and lets it through) until the end of the test. */
export function recordFetches(): RecordedFetch[] {
  const calls: RecordedFetch[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back exactly as it was
  const realFetch = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const answer = realFetch(input, init);
    calls.push({
      url: input instanceof Request ? input.url : String(input),
      init,
      settled: answer.then(
        () => {},
        () => {},
      ),
    });
    return answer;
  };
  afterThisTest(() => void (window.fetch = realFetch));
  return calls;
}
