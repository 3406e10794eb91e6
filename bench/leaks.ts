// npm run bench:leaks: 1,000 mount/unmount cycles per scenario (BENCH_LEAK_CYCLES changes that) of the built
// <veratad-verify> in headless Chromium, and what the page holds before and after them (see leak-run.ts).
// Prints one table per scenario; the short version with assertions is test/e2e/leaks.test.ts.
import { cpus } from 'node:os';
import { runLeakCheck, type Counts, type ScenarioResult } from './leak-run.js';

const CYCLES = Number(process.env.BENCH_LEAK_CYCLES ?? 1000);

const ROWS: Array<[keyof Counts, string]> = [
  ['windowListeners', 'window listeners'],
  ['documentListeners', 'document listeners'],
  ['liveTimers', 'live timers'],
  ['frames', 'frames'],
  ['documents', 'documents'],
  ['nodes', 'DOM nodes'],
  ['jsEventListeners', 'JS event listeners (all)'],
  ['heapKb', 'JS heap used (KB)'],
];

function print(result: ScenarioResult): void {
  console.log(`\n### ${result.scenario}: ${result.cycles} cycles\n`);
  console.log(`| ${'after forced GC'.padEnd(26)} |   before | last one live |    after |   change |`);
  console.log(`|${'-'.repeat(28)}|---------:|--------------:|---------:|---------:|`);
  for (const [key, name] of ROWS) {
    const { [key]: before } = result.before;
    const { [key]: during } = result.during;
    const { [key]: after } = result.after;
    const change = after - before;
    const cells = [String(before).padStart(8), String(during).padStart(13), String(after).padStart(8)];
    console.log(
      `| ${name.padEnd(26)} | ${cells.join(' | ')} | ${(change > 0 ? `+${change}` : String(change)).padStart(8)} |`,
    );
  }
}

const started = Date.now();
console.log(
  `bench:leaks: ${CYCLES} cycles per scenario, built bundle, headless Chromium, ${new Date().toISOString().slice(0, 10)}, ` +
    `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}`,
);
try {
  await runLeakCheck({ cycles: CYCLES, onResult: print });
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s in all`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
