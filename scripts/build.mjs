// npm run build: the element bundle, the server module, .d.ts types and the custom-elements manifest.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
run(bin('vite'), ['build', '--logLevel', 'warn']);
if (existsSync('scripts/build-server.mjs')) run(process.execPath, ['scripts/build-server.mjs']);
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('cem'), [
  'analyze',
  '--litelement',
  '--globs',
  'src/veratad-verify.ts',
  'src/settings.ts',
  'src/index.ts',
  'src/events.ts',
  '--outdir',
  '.',
]);
tidyManifest('custom-elements.json');
console.log('built dist/veratad-verify.js, dist/server.js, dist/types/, custom-elements.json');

// The analyzer lists Lit's internal `state: true` fields as attributes and reads `#emit(name, …)` as an event
// called "name"; neither is public API. It also writes a constant's name where its value is what editors should
// show (the tag in the definition, the SDK URLs as defaults), so those are replaced by the values.
function tidyManifest(path) {
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  const constants = stringConstants(['src/index.ts', 'src/settings.ts']);
  const valueOf = (text) => (Object.hasOwn(constants, text) ? `'${constants[text]}'` : text);
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.attributes)
        declaration.attributes = declaration.attributes.filter((a) => !a.name.startsWith('_'));
      if (declaration.events) declaration.events = declaration.events.filter((e) => e.name !== 'name');
      if (declaration.members) declaration.members = declaration.members.filter((m) => !m.name.startsWith('_'));
      for (const item of [...(declaration.attributes ?? []), ...(declaration.members ?? [])]) {
        if (item.default !== undefined) item.default = valueOf(item.default);
      }
    }
    for (const entry of module.exports ?? []) {
      if (entry.kind === 'custom-element-definition' && Object.hasOwn(constants, entry.name))
        entry.name = constants[entry.name];
    }
  }
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** `export const NAME = 'text';` declarations of the given files, by name. */
function stringConstants(files) {
  const found = {};
  for (const file of files) {
    for (const [, name, value] of readFileSync(file, 'utf8').matchAll(/^export const (\w+) = '([^'\\]*)';$/gm))
      found[name] = value;
  }
  return found;
}
