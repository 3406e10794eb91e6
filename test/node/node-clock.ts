// A fake clock for the server half's deadlines in Node tests: only the global `setTimeout` and `clearTimeout` are
// faked. Node's own sockets and HTTP parser keep their internal timers, and `node:test` keeps its own references,
// so requests over real sockets still flow while the handler's deadline waits for `tick`.
import { withGlobal } from '@sinonjs/fake-timers';

export interface NodeClock {
  /** Moves time on by `ms`, firing due timers in order and letting promises settle after each one. */
  tick(ms: number): Promise<void>;
  /** Resolves with the delay of the next timer armed (since install) that no earlier call returned. */
  armed(): Promise<number>;
  uninstall(): void;
}

export function installClock(): NodeClock {
  const clock = withGlobal(globalThis).install({ toFake: ['setTimeout', 'clearTimeout'] });
  const fakeSetTimeout = globalThis.setTimeout;
  const delays: number[] = [];
  const waiting: (() => void)[] = [];
  globalThis.setTimeout = ((handler: () => void, delay?: number, ...args: unknown[]) => {
    const id = fakeSetTimeout(handler, delay, ...args);
    delays.push(delay ?? 0);
    for (const wake of waiting.splice(0)) wake();
    return id;
  }) as typeof setTimeout;
  return {
    async tick(ms) {
      await clock.tickAsync(ms);
    },
    async armed() {
      while (delays.length === 0) await new Promise<void>((wake) => waiting.push(wake));
      return delays.shift() as number;
    },
    uninstall() {
      clock.uninstall();
    },
  };
}
