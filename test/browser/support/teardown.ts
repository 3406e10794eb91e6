/**
 * The one teardown of the browser tests, run after every test of every file that imports it (through
 * support/element.ts): it undoes what the test set up (fake clock, fetch recorder, …; the last first), removes
 * every `<veratad-verify>` and the fake Web SDK, and fails the test on any uncaught exception or unhandled
 * rejection seen while it ran.
 */

// Captured at load, before any test can install a fake clock: the teardown always waits in real time.
const realSetTimeout = window.setTimeout.bind(window);

const undos: Array<() => void> = [];

/** Has the shared teardown run `undo` after the current test (undos run last registered first). */
export function afterThisTest(undo: () => void): void {
  undos.push(undo);
}

const FIXTURES = '/test/browser/fixtures/';

/** Removes the fake Web SDK's scripts, stylesheets and globals, so the next test loads it afresh. */
function removeFakeSdk(): void {
  document.head
    .querySelectorAll(
      `script[src^="${FIXTURES}"], link[href^="${FIXTURES}"], script[src^="/slow/"], link[href^="/slow/"]`,
    )
    .forEach((node) => node.remove());
  const global = window as unknown as { veratad?: unknown; __fakeSdk?: unknown };
  delete global.veratad;
  delete global.__fakeSdk;
}

const uncaught: string[] = [];
window.addEventListener('error', (event) => uncaught.push(`uncaught exception: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => uncaught.push(`unhandled rejection: ${String(event.reason)}`));

afterEach(async () => {
  for (const undo of undos.splice(0).reverse()) undo();
  document.querySelectorAll('veratad-verify').forEach((el) => el.remove());
  removeFakeSdk();
  // One task later, every promise the test left settling has settled (and any rejection been reported).
  await new Promise((resolve) => realSetTimeout(resolve, 0));
  const found = uncaught.splice(0);
  if (found.length) throw new Error(found.join('\n'));
});
