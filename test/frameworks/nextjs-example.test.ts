// examples/nextjs (App Router: a client page with <VeratadVerify>, the token endpoint as a route handler with
// createTokenHandler): `next build` (telemetry off, no network fonts), the prerendered page holding the tag with
// its attributes and defer-hydration, then `next start` with the route handler in front of the local VX simulator
// and the page driven in Chromium to `veratad-ready`. Run after `npm run build`.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import { chromiumLaunchOptions } from '../../scripts/find-browser.mjs';
import { freePort, run } from './support.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/nextjs/', import.meta.url));
const NEXT = fileURLToPath(new URL('../../node_modules/next/dist/bin/next', import.meta.url));
const TOKEN_PATH = '/api/veratad/token';
const USER = 'nextjs-example-user';
const PASS = 'nextjs-example-pass';

describe('examples/nextjs', () => {
  let simulator: Simulator;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;

  before(async () => {
    simulator = await startSimulator({ port: 0, user: USER, pass: PASS });
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
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill();
      await exited;
    }
    await simulator?.close();
  });

  it('builds with `next build`: the page prerendered with the tag, its attributes and defer-hydration', async () => {
    const output = await run(process.execPath, [NEXT, 'build'], { cwd: EXAMPLE, env });
    assert.match(output, /ƒ \/api\/veratad\/token/, 'the route handler, rendered on demand');
    const html = readFileSync(join(EXAMPLE, '.next/server/app/index.html'), 'utf8');
    assert.match(
      html,
      /<veratad-verify defer-hydration="" token-url="\/api\/veratad\/token" sdk-src="[^"]+\/js\/initialize.js"/,
    );
  });

  it('`next start`: the server-rendered page hydrates and reaches veratad-ready through the route handler', async () => {
    const port = await freePort();
    server = spawn(process.execPath, [NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: EXAMPLE, env });
    const url = `http://127.0.0.1:${port}/`;
    await waitForServer(url, server);

    browser = await chromium.launch(await chromiumLaunchOptions());
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    page.on(
      'response',
      (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`),
    );
    const posts: string[] = [];
    page.on('request', (request) => request.method() === 'POST' && posts.push(new URL(request.url()).pathname));
    await page.goto(url);
    await page.locator('veratad-verify[phase="ready"]').waitFor({ state: 'attached' });
    await page.getByRole('status').getByText('Follow the steps below.').waitFor();
    assert.deepEqual(posts, [TOKEN_PATH]);
    assert.deepEqual(problems, []);
    assert.equal(await page.locator('veratad-verify').count(), 1);
    assert.equal(await page.locator('veratad-verify[defer-hydration]').count(), 0);
  });
});

/** Resolves once `url` answers; rejects if the server process exits first. */
async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error('next start exited');
    try {
      await fetch(url, { method: 'HEAD' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
