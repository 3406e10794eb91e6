// npm run build: the element bundle, the server module, .d.ts types and the custom-elements manifest.
import { execFileSync } from 'node:child_process';
import { rmSync, existsSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
run(bin('vite'), ['build', '--logLevel', 'warn']);
if (existsSync('scripts/build-server.mjs')) run(process.execPath, ['scripts/build-server.mjs']);
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('cem'), ['analyze', '--litelement', '--globs', 'src/veratad-verify.ts', 'src/index.ts', 'src/events.ts', '--outdir', '.']);
console.log('built dist/veratad-verify.js, dist/server.js, dist/types/, custom-elements.json');
