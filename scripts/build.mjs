// npm run build: the element bundle, the server module, .d.ts types and the custom-elements manifest.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
run(bin('vite'), ['build', '--logLevel', 'warn']);
if (existsSync('scripts/build-server.mjs')) run(process.execPath, ['scripts/build-server.mjs']);
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
// The manifest: globs, Lit support and the plugins that keep it to the public API are in
// custom-elements-manifest.config.mjs. docs/element.md is generated from it by `npm run docs`, not here.
run(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
console.log('built dist/veratad-verify.js, dist/server.js, dist/types/, custom-elements.json');
