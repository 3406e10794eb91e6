// The browser tests, in real Chromium. Two runs (npm run test:browser does both):
// - `wtr`: the unit tests of the modules (test/browser/unit/) and the element's behaviour (test/browser/element/),
//   the element built from src/;
// - `VERATAD_TARGET=bundle wtr`: the same behaviour tests against the built dist/veratad-verify.js (every import
//   of src/index.ts answered by the bundle), plus what only the bundle can show (test/browser/bundle/).
// Both runs include the React component's tests (test/browser/react/), from src/react.ts and then from the built
// dist/lib/react.js, with React served as ES modules (its development build) and a server render from Node.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumLaunchOptions } from './scripts/find-browser.mjs';
import { testEndpoints } from './test/browser/server/middleware.mjs';
import {
  bundleProblem,
  elementFromBundle,
  fakeTimersAsModule,
  pageCommands,
  reactAsModules,
  reactFromLib,
  reactServerRender,
} from './test/browser/server/plugins.mjs';

const target = process.env.VERATAD_TARGET ?? 'src';
if (target !== 'src' && target !== 'bundle') {
  console.error(`VERATAD_TARGET must be "src" (the default) or "bundle", not "${target}".`);
  process.exit(1);
}
// The bundle run never tests a stale build.
const problem = target === 'bundle' ? bundleProblem() : undefined;
if (problem) {
  console.error(problem);
  process.exit(1);
}

let launchOptions;
try {
  launchOptions = await chromiumLaunchOptions();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
// For the camera preflight's tests: a fake camera (listed, never opened: the element does not call getUserMedia),
// and a host name that is not "local" for the insecure-context case (test/browser/server/middleware.mjs).
launchOptions.args = [
  ...launchOptions.args,
  '--use-fake-device-for-media-stream',
  '--host-resolver-rules=MAP preflight.test 127.0.0.1',
];

export default {
  files:
    target === 'bundle'
      ? ['test/browser/element/**/*.test.ts', 'test/browser/bundle/**/*.test.ts', 'test/browser/react/**/*.test.ts']
      : ['test/browser/unit/**/*.test.ts', 'test/browser/element/**/*.test.ts', 'test/browser/react/**/*.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  concurrency: 1,
  middleware: [testEndpoints],
  plugins: [
    ...(target === 'bundle' ? [elementFromBundle(), reactFromLib()] : []),
    fakeTimersAsModule(),
    pageCommands(),
    reactAsModules(),
    reactServerRender(target),
    // target "auto": TypeScript only loses its types, and JavaScript (the built bundle among it) is served as is.
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'auto' }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions,
    }),
  ],
  // Tells the page which build it tests, and keeps every resource-timing entry: element/creation.test.ts checks
  // by them that the element came from that build.
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><head><meta name="veratad-target" content="${target}">` +
    '<script>performance.setResourceTimingBufferSize(10000)</script></head>' +
    `<body><script type="module" src="${testFramework}"></script></body></html>`,
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 10000 } },
};
