// npm run size: raw (unminified), minified and gzip -9 bytes of dist/veratad-verify.js, against the 16 KB budget.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const BUDGET_GZIP = 16 * 1024;
const bundle = 'dist/veratad-verify.js';

if (!existsSync(bundle)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
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
let gzip;
try {
  gzip = execFileSync('gzip', ['-9', '-n', '-c', bundle]).length;
} catch {
  gzip = gzipSync(minified, { level: 9 }).length;
}
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
