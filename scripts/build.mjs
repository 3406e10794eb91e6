// npm run build: the self-contained element bundle, the element as unbundled ES modules with their types
// (dist/lib), the server module with its types, and the custom-elements manifest.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
run(bin('vite'), ['build', '--logLevel', 'warn']);
if (existsSync('scripts/build-server.mjs')) run(process.execPath, ['scripts/build-server.mjs']);
run(bin('tsc'), ['-p', 'tsconfig.lib.json']);
// tsc emits no hand-written .d.ts (src/react-jsx.d.ts, the React JSX typing of the tag): they ship as written.
for (const file of readdirSync('src').filter((name) => name.endsWith('.d.ts')))
  copyFileSync(`src/${file}`, `dist/lib/${file}`);
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
// The manifest: globs, Lit support and the plugins that keep it to the public API are in
// custom-elements-manifest.config.mjs. docs/element.md is generated from it by `npm run docs`, not here.
run(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
console.log('built dist/veratad-verify.js, dist/lib/, dist/server.js, dist/types/server/, custom-elements.json');
