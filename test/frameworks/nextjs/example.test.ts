// examples/nextjs (App Router: a client page with <VeratadVerify>, the token endpoint as a route handler with
// createTokenHandler), as a user runs it, importing `veratad-verify/react` and `/server` by name (the built dist/):
// `next build` (telemetry off, no network fonts), the prerendered page holding the tag with its attributes and
// defer-hydration, then `next start` with the route handler in front of the VX simulator, and the page driven in
// Chromium to veratad-ready. Its own script, `npm run test:nextjs` (not part of `npm test`: see benchmarks.md).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../../demo/simulator/server.js';
import { ExamplePage } from '../example-backend.js';
import { ROOT, assertBuilt, runCommand } from '../type-checkers.js';

const EXAMPLE = join(ROOT, 'examples/nextjs');
const NEXT = join(ROOT, 'node_modules/next/dist/bin/next');
const USER = 'nextjs-example-user';
const PASS = 'nextjs-example-pass';

describe('examples/nextjs (App Router) built, started and driven in Chromium', () => {
  let simulator: Simulator;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | undefined;

  before(async () => {
    assertBuilt('dist/lib/react.js');
    simulator = await startSimulator({ port: 0, user: USER, pass: PASS });
    // The example's documented switches: the SDK's URLs (public, baked in at build) and the route handler's secrets.
    env = {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_PUBLIC_VERATAD_SDK_SRC: `${simulator.origin}/js/initialize.js`,
      NEXT_PUBLIC_VERATAD_SDK_CSS: `${simulator.origin}/styles/style.css`,
      VERATAD_USER: USER,
      VERATAD_PASS: PASS,
      VERATAD_ENDPOINT: `${simulator.url}/token/create`,
    };
  });

  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill();
      await exited;
    }
    await simulator?.close();
  });

  it('builds with `next build`: the page prerendered with the tag, its attributes and defer-hydration', async () => {
    const build = await runCommand(process.execPath, [NEXT, 'build'], { cwd: EXAMPLE, env });
    assert.equal(build.exitCode, 0, build.output);
    assert.match(build.output, /ƒ \/api\/veratad\/token/, 'the route handler, rendered on demand');
    const html = readFileSync(join(EXAMPLE, '.next/server/app/index.html'), 'utf8');
    assert.match(
      html,
      /<veratad-verify defer-hydration="" token-url="\/api\/veratad\/token" first-name="Ada" last-name="Lovelace" sdk-src="[^"]+\/js\/initialize.js"/,
    );
  });

  it('`next start`: the server-rendered page hydrates and reaches veratad-ready through the route handler', async () => {
    const port = await freePort();
    server = spawn(process.execPath, [NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: EXAMPLE, env });
    const url = `http://127.0.0.1:${port}/`;
    await untilAnswering(url, server);
    const example = await ExamplePage.open(url);
    try {
      await example.waitForEvents('veratad-ready');
      // The simulator's journey has started in the SDK's frame (a session error would come before it shows).
      await example.page.frameLocator('#veratad-frame').locator('#journey').waitFor();
      const element = example.page.locator('veratad-verify');
      assert.equal(await element.count(), 1);
      assert.equal(await element.getAttribute('phase'), 'ready');
      assert.equal(await element.getAttribute('defer-hydration'), null);
      // Set by the onVeratadReady callback prop.
      assert.equal(await example.page.getByRole('status').textContent(), 'Follow the steps below.');
      assert.deepEqual(
        (await example.events()).map((event) => event.type),
        ['veratad-token', 'veratad-ready'],
      );
      assert.deepEqual(example.tokenRequests, ['POST']);
      example.assertQuiet();
    } finally {
      await example.close();
    }
  });
});

/** A port free on 127.0.0.1 right now (`next start` cannot be told to take port 0 and say which it took). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers; rejects if the server process exits first. */
async function untilAnswering(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: 'HEAD' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
