// examples/react (Vite + React 19, `veratad-verify/react` resolved by name to the built package): type-checked,
// built with Vite, served by Vite's preview server with a createTokenHandler endpoint in front of the local VX
// simulator, and driven in Chromium to `veratad-ready`. Run after `npm run build`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { build, preview, type PreviewServer } from 'vite';
import { startSimulator, type Simulator } from '../../demo/simulator/server.js';
import { chromiumLaunchOptions } from '../../scripts/find-browser.mjs';
import { createTokenHandler, toNodeListener } from '../../src/server/index.js';
import { typeErrors } from './support.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/react/', import.meta.url));
const TOKEN_PATH = '/api/veratad/token';
const USER = 'react-example-user';
const PASS = 'react-example-pass';

describe('examples/react', () => {
  let simulator: Simulator;
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  const outDir = mkdtempSync(join(tmpdir(), 'veratad-react-example-'));

  before(async () => {
    simulator = await startSimulator({ port: 0, user: USER, pass: PASS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await simulator?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('type-checks against the built package', () => {
    assert.deepEqual(typeErrors(join(EXAMPLE, 'tsconfig.json')), []);
  });

  it('builds with Vite, the SDK pointed at the simulator through its VITE_ variables', async () => {
    process.env.VITE_VERATAD_SDK_SRC = `${simulator.origin}/js/initialize.js`;
    process.env.VITE_VERATAD_SDK_CSS = `${simulator.origin}/styles/style.css`;
    try {
      await build({ root: EXAMPLE, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    } finally {
      delete process.env.VITE_VERATAD_SDK_SRC;
      delete process.env.VITE_VERATAD_SDK_CSS;
    }
  });

  it('reaches veratad-ready in Chromium, with one token request and no error', async () => {
    const tokens = toNodeListener(
      createTokenHandler({ user: USER, pass: PASS, endpoint: `${simulator.url}/token/create` }),
    );
    const endpoint = (req: IncomingMessage, res: ServerResponse, next: () => void) =>
      req.url === TOKEN_PATH ? void tokens(req, res) : next();
    server = await preview({
      root: EXAMPLE,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, open: false },
      plugins: [
        { name: 'token-endpoint', configurePreviewServer: (preview) => void preview.middlewares.use(endpoint) },
      ],
    });
    const url = server.resolvedUrls?.local[0];
    assert.ok(url, 'the preview server listens');

    browser = await chromium.launch(await chromiumLaunchOptions());
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    const posts: string[] = [];
    page.on('request', (request) => request.method() === 'POST' && posts.push(new URL(request.url()).pathname));
    await page.goto(url);
    await page.locator('veratad-verify[phase="ready"]').waitFor({ state: 'attached' });
    await page.getByRole('status').getByText('Follow the steps below.').waitFor();
    assert.deepEqual(posts, [TOKEN_PATH]);
    assert.deepEqual(problems, []);
    assert.equal(await page.locator(`script[src="${simulator.origin}/js/initialize.js"]`).count(), 1);
  });
});
