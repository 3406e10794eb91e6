import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { findBrowser, CHROMIUM_ARGS } from './scripts/find-browser.mjs';
import { testEndpoints } from './test/browser/server/middleware.mjs';

let executablePath;
try {
  executablePath = await findBrowser();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

export default {
  files: 'test/browser/**/*.test.ts',
  nodeResolve: true,
  hostname: '127.0.0.1',
  concurrency: 1,
  middleware: [testEndpoints],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 10000 } },
};
