/**
 * A fake clock for the element's own clocks (expiry, frame timeout, request timeout, retry backoff): only
 * `setTimeout`, `clearTimeout` and `Date` are faked. The network stays real, and so do the test runner's timers
 * (mocha keeps its own references) and support/page.ts's.
 */
import { install } from '@sinonjs/fake-timers';
import { afterThisTest } from './teardown.js';

export interface TestClock {
  /** Moves time on by `ms`, firing the timers due in order and letting promises settle after each one. */
  tick(ms: number): Promise<void>;
  /** Moves time on by `ms` in this very task: due timers fire, but nothing else (no promise callback) runs. */
  tickSync(ms: number): void;
  /** Moves `Date` on by `ms` without firing any timer: what a page sees when a sleeping laptop wakes. */
  jump(ms: number): void;
  /**
   * Resolves with the delay of the first timer armed since the clock was installed that `match` accepts and no
   * earlier call returned; waits for it if it is not armed yet.
   */
  armed(match?: (delay: number) => boolean): Promise<number>;
  /** How many timers are armed and have neither fired nor been cleared. */
  pending(): number;
}

/** Installs the fake clock (at the real current time) until the end of the test. Install it before mounting. */
export function useFakeClock(): TestClock {
  const clock = install({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the fake, wrapped below and called as a function
  const fakeSetTimeout = window.setTimeout;
  const armed: Array<{ delay: number; taken: boolean }> = [];
  const waiting: Array<() => void> = [];
  window.setTimeout = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    const id = fakeSetTimeout(handler, delay, ...args);
    armed.push({ delay: delay ?? 0, taken: false });
    for (const wake of waiting.splice(0)) wake();
    return id;
  }) as typeof window.setTimeout;
  afterThisTest(() => clock.uninstall());

  return {
    async tick(ms) {
      await clock.tickAsync(ms);
    },
    tickSync(ms) {
      clock.tick(ms);
    },
    jump(ms) {
      clock.setSystemTime(clock.now + ms);
    },
    async armed(match = () => true) {
      for (;;) {
        const timer = armed.find((candidate) => !candidate.taken && match(candidate.delay));
        if (timer) {
          timer.taken = true;
          return timer.delay;
        }
        await new Promise<void>((wake) => waiting.push(wake));
      }
    },
    pending() {
      return clock.countTimers();
    },
  };
}
