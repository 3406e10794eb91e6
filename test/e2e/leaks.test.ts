// The short leak check: 100 mount/unmount cycles per scenario of the built element in headless Chromium (the
// same run as `npm run bench:leaks`, bench/leak-run.ts). After forced garbage collection every count must be back
// at its baseline exactly; with the last element still in place the counts must see it (so a blind counter
// cannot pass). The heap is printed, not asserted: V8's own caches move it by some KB from run to run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runLeakCheck, SCENARIOS, type Counts, type ScenarioResult } from '../../bench/leak-run.js';

const CYCLES = 100;
const EXACT: Array<keyof Counts> = [
  'windowListeners',
  'documentListeners',
  'liveTimers',
  'frames',
  'documents',
  'nodes',
  'jsEventListeners',
];

describe(`e2e: ${CYCLES} mount/unmount cycles per scenario leave nothing behind`, () => {
  it(`${SCENARIOS.join(', ')}`, { timeout: 300_000 }, async () => {
    const results: ScenarioResult[] = await runLeakCheck({ cycles: CYCLES });
    for (const { scenario, before, during, after } of results) {
      const changes = Object.entries(after).map(([key, value]) => `${key} ${before[key as keyof Counts]}→${value}`);
      console.log(`${scenario}: ${changes.join(', ')}`);
      for (const key of EXACT) assert.equal(after[key], before[key], `${scenario}: ${key} after ${CYCLES} cycles`);
      assert.ok(during.nodes > before.nodes, `${scenario}: the live element's nodes are counted`);
      assert.ok(during.windowListeners > before.windowListeners, `${scenario}: its window listeners are counted`);
      assert.ok(during.jsEventListeners > before.jsEventListeners, `${scenario}: its listeners are counted`);
    }
    assert.deepEqual(
      results.map((result) => result.scenario),
      [...SCENARIOS],
    );
  });
});
