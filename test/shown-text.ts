import type { Locator } from 'playwright';

/**
 * The text of an element once the page has shown it. `textContent()` only waits for the element to exist,
 * and the simulator's frame fills its (already present, hidden) nodes after a fetch, so reading at once races it.
 */
export async function shownText(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return (await locator.textContent()) ?? '';
}
