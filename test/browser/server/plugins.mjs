// web-test-runner plugins for the browser tests.
import { build } from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
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

/**
 * Serves React to the browser as ES modules (React is published as CommonJS only): one esbuild bundle of React's
 * development build (so StrictMode does what it does in development), react-dom and react-dom/client, and a small module per
 * specifier that re-exports its names from it, so the page holds one copy of React.
 */
export function reactAsModules() {
  const shared = '/__test__/react-shared.js';
  const modules = new Map([
    ['react', { path: '/__test__/react.js', name: 'React' }],
    ['react-dom', { path: '/__test__/react-dom.js', name: 'ReactDOM' }],
    ['react-dom/client', { path: '/__test__/react-dom-client.js', name: 'ReactDOMClient' }],
  ]);
  let sharedCode;
  const bodies = new Map();
  return {
    name: 'react-as-modules',
    resolveImport({ source }) {
      return modules.get(source)?.path;
    },
    async serve(context) {
      if (context.path === shared) {
        sharedCode ??= (
          await build({
            stdin: {
              contents: [...modules]
                .map(([specifier, { name }]) => `export * as ${name} from '${specifier}';`)
                .join('\n'),
              resolveDir: root,
            },
            bundle: true,
            format: 'esm',
            platform: 'browser',
            define: { 'process.env.NODE_ENV': '"development"' },
            write: false,
            logLevel: 'silent',
          })
        ).outputFiles[0].text;
        return { body: sharedCode, type: 'js' };
      }
      for (const [specifier, { path, name }] of modules) {
        if (context.path !== path) continue;
        if (!bodies.has(path)) {
          const names = exportNames(specifier);
          bodies.set(
            path,
            `import { ${name} } from '${shared}';\n` +
              `const m = ${name}.default ?? ${name};\nexport default m;\n` +
              `export const { ${names.join(', ')} } = m;\n`,
          );
        }
        return { body: bodies.get(path), type: 'js' };
      }
      return undefined;
    },
  };
}

/** The names a CommonJS module exports, read in a Node process of its own (React patches `console` on load). */
function exportNames(specifier) {
  const script = `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
  const names = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
  return names.filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
}

/** For the bundle run: the React tests' import of `src/react.ts` is answered by the built `dist/lib/react.js`. */
export function reactFromLib() {
  return {
    name: 'react-from-lib',
    resolveImport({ source, context }) {
      if (!source.startsWith('.')) return undefined;
      const target = new URL(source, new URL(context.path, 'http://test.invalid')).pathname;
      return target === '/src/react.js' || target === '/src/react.ts' ? '/dist/lib/react.js' : undefined;
    },
  };
}

/**
 * GET /__test__/react-ssr?props=<JSON>: `<VeratadVerify {...props}>` rendered to a string by react-dom/server in a
 * Node process of its own (no DOM, as a framework's server render), from src/react.ts or, in the bundle run,
 * dist/lib/react.js. The process starts with the server, so a test never waits for Node and React to load.
 */
export function reactServerRender(target) {
  const path = '/__test__/react-ssr';
  let child;
  let lines;
  const waiting = [];
  return {
    name: 'react-server-render',
    serverStart() {
      child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', 'test/browser/server/render-react.ts'], {
        cwd: root,
        env: { ...process.env, VERATAD_TARGET: target },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
    },
    serverStop() {
      lines?.close();
      child?.kill();
    },
    async serve(context) {
      if (context.path !== path) return undefined;
      const answer = await new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${context.query.props ?? '{}'}\n`);
      });
      if (answer.error) throw new Error(answer.error);
      return { body: answer.html, type: 'html' };
    },
  };
}

/**
 * Commands on the Playwright page of the test's own session (`executeServerCommand` in the test):
 * - `page-screenshot` `{name}`: saves the page as test-results/browser/<name>.png, then reads the file back and
 *   answers `{path, bytes, signature}` (its size and its first 8 bytes in hex), so the test can check what was saved;
 * - `mouse-wheel` `{x, y, deltaY}`: moves the mouse to (x, y) in the viewport and turns the wheel by `deltaY`.
 */
export function pageCommands() {
  return {
    name: 'page-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'page-screenshot' && command !== 'mouse-wheel') return undefined;
      const page = session.browser.getPage(session.id);
      if (command === 'mouse-wheel') {
        await page.mouse.move(payload.x, payload.y);
        await page.mouse.wheel(0, payload.deltaY);
        return true;
      }
      if (!/^[\w.-]+$/.test(payload?.name ?? '')) throw new Error('page-screenshot needs a plain file name');
      const path = `test-results/browser/${payload.name}.png`;
      mkdirSync(root + 'test-results/browser', { recursive: true });
      await page.screenshot({ path: root + path });
      const saved = readFileSync(root + path);
      return { path, bytes: saved.length, signature: saved.subarray(0, 8).toString('hex') };
    },
  };
}
