// web-test-runner plugins for the browser tests.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = 'dist/veratad-verify.js';

/** Why the bundle run cannot start (dist/veratad-verify.js missing, or older than a source file), if it cannot. */
export function bundleProblem() {
  const bundle = root + BUNDLE;
  if (!existsSync(bundle)) return `${BUNDLE} is missing: run \`npm run build\` first.`;
  const built = statSync(bundle).mtimeMs;
  const newer = sourceFiles(root + 'src').filter((file) => statSync(file).mtimeMs > built);
  if (!newer.length) return undefined;
  const names = newer.map((file) => file.slice(root.length)).join(', ');
  return `${BUNDLE} is older than ${names}: run \`npm run build\` first.`;
}

/**
 * For the bundle run: every import of `src/index.ts` (the element, as the tests import it) is answered by the
 * built `dist/veratad-verify.js` instead.
 */
export function elementFromBundle() {
  return {
    name: 'element-from-bundle',
    resolveImport({ source, context }) {
      if (!source.startsWith('.')) return undefined;
      const target = new URL(source, new URL(context.path, 'http://test.invalid')).pathname;
      return target === '/src/index.js' || target === '/src/index.ts' ? `/${BUNDLE}` : undefined;
    },
  };
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`);
}

/**
 * Serves `@sinonjs/fake-timers` (published as CommonJS only) to the browser as one ES module, bundled by esbuild
 * on first use. Its Node-only requires sit in try blocks and stay unresolved.
 */
export function fakeTimersAsModule() {
  const path = '/__test__/fake-timers.js';
  let code;
  return {
    name: 'fake-timers-as-module',
    resolveImport({ source }) {
      return source === '@sinonjs/fake-timers' ? path : undefined;
    },
    async serve(context) {
      if (context.path !== path) return undefined;
      code ??= (
        await build({
          stdin: {
            contents:
              "import timers from '@sinonjs/fake-timers';\nexport const { install, withGlobal, createClock } = timers;",
            resolveDir: root,
          },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          external: ['timers', 'timers/promises', 'perf_hooks', 'util'],
          write: false,
          logLevel: 'silent',
        })
      ).outputFiles[0].text;
      return { body: code, type: 'js' };
    },
  };
}
