// Where the tests find Chromium, in order: $CHROME_PATH, Debian's /usr/bin/chromium,
// then a browser Playwright installed itself. Nothing here ever downloads one.
import { existsSync } from 'node:fs';

export const NO_BROWSER_MESSAGE =
  'No Chromium found: set CHROME_PATH, or run `sudo apt-get install -y chromium` (Debian/Ubuntu), or `npx playwright install chromium`.';

export async function findBrowser() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist. ${NO_BROWSER_MESSAGE}`);
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const { chromium } = await import('playwright');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // playwright not installed or no browser registry: fall through to the message
  }
  throw new Error(NO_BROWSER_MESSAGE);
}

/** How every headless Chromium of the tests and the bench is launched (Playwright's `launch()` options). */
export async function chromiumLaunchOptions() {
  return { executablePath: await findBrowser(), headless: true, args: CHROMIUM_ARGS };
}

/** Flags that keep headless Chromium quiet on a machine with no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];
