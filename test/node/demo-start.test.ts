// `npm run demo` as a new user starts it: with the empty credentials a copied .env template leaves, with one of the
// two credentials, with a bad PORT. What the environment means is decided by readDemoEnv (demo/demo-env.ts); the
// command itself (demo/start.ts) runs as a child process, and every child started here is stopped.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readDemoEnv } from '../../demo/demo-env.js';
import { startDemo } from '../../demo/stack.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ONLY_USER =
  'veratad-verify demo: VERATAD_USER is set but VERATAD_PASS is not. Set both to use the real Veratad service, ' +
  'or neither to run offline with the simulator.';

describe('readDemoEnv (what npm run demo reads from its environment)', () => {
  it('treats absent, empty and blank credentials alike: unset, so the demo runs offline', () => {
    for (const env of [{}, { VERATAD_USER: '', VERATAD_PASS: '' }, { VERATAD_USER: ' ', VERATAD_PASS: '\t' }]) {
      assert.deepEqual(readDemoEnv(env), { ok: true, env: { user: undefined, pass: undefined, port: undefined } });
    }
  });

  it('passes both credentials on when both are set', () => {
    assert.deepEqual(readDemoEnv({ VERATAD_USER: 'shop', VERATAD_PASS: 's3cret', PORT: '8080' }), {
      ok: true,
      env: { user: 'shop', pass: 's3cret', port: 8080 },
    });
  });

  it('refuses one credential without the other, in one line that names both', () => {
    assert.deepEqual(readDemoEnv({ VERATAD_USER: 'shop' }), { ok: false, message: ONLY_USER });
    assert.deepEqual(readDemoEnv({ VERATAD_USER: 'shop', VERATAD_PASS: '' }), { ok: false, message: ONLY_USER });
    const onlyPass = readDemoEnv({ VERATAD_PASS: 's3cret' });
    assert.equal(onlyPass.ok, false);
    assert.match(
      !onlyPass.ok ? onlyPass.message : '',
      /^veratad-verify demo: VERATAD_PASS is set but VERATAD_USER is not\. Set both/,
    );
    assert.ok(!(!onlyPass.ok && onlyPass.message.includes('s3cret')), 'the value is never shown');
  });

  it('reads PORT as a port number (0: any free one) and refuses anything else, naming what it got', () => {
    assert.deepEqual(readDemoEnv({ PORT: '0' }), { ok: true, env: { user: undefined, pass: undefined, port: 0 } });
    assert.deepEqual(readDemoEnv({ PORT: '' }), {
      ok: true,
      env: { user: undefined, pass: undefined, port: undefined },
    });
    for (const bad of ['abc', '-1', '65536', '80.5']) {
      const result = readDemoEnv({ PORT: bad });
      assert.equal(result.ok, false, bad);
      assert.match(!result.ok ? result.message : '', new RegExp(`PORT must be a port number.*"${bad}"`));
    }
  });
});

describe('startDemo (demo/stack.ts)', () => {
  it('refuses one credential without the other, before starting anything', async () => {
    await assert.rejects(startDemo({ user: 'shop', port: 0 }), { name: 'TypeError', message: ONLY_USER });
  });
});

describe('npm run demo (demo/start.ts)', () => {
  const children = new Set<ChildProcessWithoutNullStreams>();
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  });

  /** Runs the demo command with the example variables replaced by `env`. */
  function runDemo(env: Record<string, string>) {
    const clean = { ...process.env };
    for (const name of ['VERATAD_USER', 'VERATAD_PASS', 'PORT']) delete clean[name];
    const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', 'demo/start.ts'], {
      cwd: REPO,
      env: { ...clean, ...env },
    });
    children.add(child);
    const output = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    /** The URL it prints, once it prints it; rejects with its output if it exits first. */
    const opened = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /^Open (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(output.stdout);
        if (match) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`the demo exited (${code}) early:\n${output.stderr}`)));
    });
    opened.catch(() => undefined); // awaited only by the tests that expect a URL
    return { child, output, exited, opened };
  }

  it('starts offline with the empty credentials of a .env template, gives a token, and stops on Ctrl+C', async () => {
    const demo = runDemo({ VERATAD_USER: '', VERATAD_PASS: '', PORT: '0' });
    try {
      const url = await demo.opened;
      assert.match(demo.output.stdout, /^veratad-verify demo: offline, with the Veratad simulator at http:/m);
      const reply = await fetch(new URL('/api/veratad/token', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      assert.equal(reply.status, 200);
      assert.equal(typeof ((await reply.json()) as { token?: unknown }).token, 'string');
    } finally {
      demo.child.kill('SIGINT'); // Ctrl+C
    }
    assert.equal(await demo.exited, 0);
    assert.equal(demo.output.stderr, '');
  });

  it('exits 1 with one line naming both variables when only VERATAD_USER is set', async () => {
    const demo = runDemo({ VERATAD_USER: 'shop-api', PORT: '0' });
    assert.equal(await demo.exited, 1);
    assert.equal(demo.output.stderr, `${ONLY_USER}\n`);
    assert.equal(demo.output.stdout, '', 'nothing started, so no URL to open');
  });

  it('exits 1 with one line when PORT is not a port number', async () => {
    const demo = runDemo({ PORT: 'eighty' });
    assert.equal(await demo.exited, 1);
    assert.equal(
      demo.output.stderr,
      'veratad-verify demo: PORT must be a port number from 0 to 65535 (0: any free port), not "eighty".\n',
    );
  });
});
