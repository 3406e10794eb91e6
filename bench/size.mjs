// npm run size: raw (unminified), minified and gzip -9 bytes of dist/veratad-verify.js, against the 16 KB budget; then
// the React entry's own bytes (dist/lib/react.js with @lit/react, without React, Lit and the element), against 1.5 KB.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';

const BUDGET_GZIP = 16 * 1024;
const REACT_BUDGET_GZIP = 1.5 * 1024;
const bundle = 'dist/veratad-verify.js';

if (!existsSync(bundle) || !existsSync('dist/lib/react.js'))
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const minified = readFileSync(bundle);

// The same bundle without minification, for the "raw" figure.
const rawDir = mkdtempSync(join(tmpdir(), 'veratad-size-'));
await build({
  logLevel: 'silent',
  build: {
    outDir: rawDir,
    emptyOutDir: true,
    sourcemap: false,
    minify: false,
    rolldownOptions: { output: { minify: false } },
  },
});
const raw = readFileSync(join(rawDir, 'veratad-verify.js'));
rmSync(rawDir, { recursive: true, force: true });

// `gzip -9 -n` itself (no file name or time in the header) when the machine has it (the budget is stated in its terms); zlib level 9 otherwise.
function gzipped(bytes) {
  try {
    return execFileSync('gzip', ['-9', '-n', '-c'], { input: bytes }).length;
  } catch {
    return gzipSync(bytes, { level: 9 }).length;
  }
}
const gzip = gzipped(minified);
const brotli = brotliCompressSync(minified, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const rows = [
  ['raw (unminified)', raw.length],
  ['minified', minified.length],
  ['minified + gzip -9', gzip],
  ['minified + brotli 11', brotli],
];
for (const [label, bytes] of rows)
  console.log(`${label.padEnd(22)} ${String(bytes).padStart(7)} B  ${(bytes / 1024).toFixed(2)} KiB`);
console.log(
  `gzip budget            ${BUDGET_GZIP} B  ${gzip <= BUDGET_GZIP ? 'within budget' : 'OVER BUDGET'} (${BUDGET_GZIP - gzip} B left)`,
);

// The React entry on top of the element: dist/lib/react.js and @lit/react, minified; React, Lit and the element's
// own modules (every other file of dist/lib) stay imports, as a React app's bundler shares them.
const entry = 'dist/lib/react.js';
const elementExternal = {
  name: 'element-external',
  setup(plugin) {
    plugin.onResolve({ filter: /^\./ }, ({ path, importer }) =>
      importer.endsWith(entry) ? { path, external: true } : undefined,
    );
  },
};
const react = (
  await esbuild({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'lit', 'lit/*'],
    plugins: [elementExternal],
    write: false,
    logLevel: 'silent',
  })
).outputFiles[0].contents;
const reactGzip = gzipped(react);
console.log('');
console.log(`React entry (dist/lib/react.js + @lit/react; without React, Lit and the element)`);
console.log(`${'minified'.padEnd(22)} ${String(react.length).padStart(7)} B  ${(react.length / 1024).toFixed(2)} KiB`);
console.log(
  `${'minified + gzip -9'.padEnd(22)} ${String(reactGzip).padStart(7)} B  ${(reactGzip / 1024).toFixed(2)} KiB`,
);
console.log(
  `gzip budget            ${REACT_BUDGET_GZIP} B  ${reactGzip <= REACT_BUDGET_GZIP ? 'within budget' : 'OVER BUDGET'} (${REACT_BUDGET_GZIP - reactGzip} B left)`,
);
