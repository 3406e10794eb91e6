// npm run bench: requests per second through createTokenHandler + toNodeListener (dist/server.js), side by side
// with a bare node:http proxy that makes the same upstream call. Both call one local fake Veratad upstream.
//
// Layout: the fake upstream and the two servers under test each run in their own child process; this process
// only generates load. Runs alternate (bare, handler; then handler, bare; …) so that a slow moment of the machine
// hits both; the table shows the median of each. Every run: a warm-up, then a fixed number of keep-alive
// clients, each sending one request at a time, for a fixed duration. Besides req/s and latency it reports the
// server process's CPU time per request, which a busy machine disturbs less than req/s.
//
// Settings (environment): BENCH_CONNECTIONS (32), BENCH_SECONDS (5), BENCH_WARMUP_SECONDS (1), BENCH_ROUNDS (3).
import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { documentedTokenSuccess } from '../test/fixtures/veratad-documented.mjs';

const TARGET_RATIO = 0.8;
const USER = 'bench-user';
const PASS = 'bench-pass';
const JOURNEY = 'journey-bench';
const REQUEST_BODY = JSON.stringify({ journey_id: JOURNEY });

const role = process.argv[2];
if (role === 'upstream') await runUpstream();
else if (role === 'handler') await runHandler();
else if (role === 'bare') await runBare();
else await main();

// ---------------------------------------------------------------------------------------------------------
// Child roles. Each listens on 127.0.0.1 with a free port and sends its port to the parent.

function announce(server) {
  server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
  // The parent asks for this process's CPU time before and after each run (CPU per request).
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/** A fake Veratad: reads the body and answers the documented Create Token success body with a fresh token. */
async function runUpstream() {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const ok = body.user === USER && body.pass === PASS;
      const answer = ok
        ? documentedTokenSuccess(randomUUID())
        : { result: 'Error', message: 'Either your username or password is incorrect', token: '' };
      const text = JSON.stringify(answer);
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  announce(server);
}

/** The server under test: the package's handler behind its Node adapter. */
async function runHandler() {
  const { createTokenHandler, toNodeListener } = await import('veratad-verify/server');
  const handler = createTokenHandler({
    user: USER,
    pass: PASS,
    endpoint: `${process.env.BENCH_UPSTREAM}/token/create`,
    allow: { journeyIds: [JOURNEY] },
  });
  const listener = toNodeListener(handler);
  // As a host mounts it on node:http: the listener's promise never rejects (failures are answered as 500).
  announce(createServer((req, res) => void listener(req, res)));
}

/** The baseline: what a host might write by hand, with no checks beyond parsing JSON. */
async function runBare() {
  const endpoint = `${process.env.BENCH_UPSTREAM}/token/create`;
  /** Never rejects: any failure is answered as 500. */
  async function answer(req, res) {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const ids = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const upstream = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: USER, pass: PASS, ...ids }),
      });
      const text = JSON.stringify(await upstream.json());
      res.writeHead(upstream.ok ? 200 : 502, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    } catch {
      res.writeHead(500).end();
    }
  }
  announce(createServer((req, res) => void answer(req, res)));
}

// ---------------------------------------------------------------------------------------------------------
// The parent: starts the children, generates load, prints the table.

function startChild(name, env = {}) {
  const child = fork(fileURLToPath(import.meta.url), [name], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench: the ${name} process exited early (code ${code})`)));
    child.once('message', ({ port }) => resolve({ child, url: `http://127.0.0.1:${port}` }));
  });
}

/** The child's CPU time so far (user + system), in microseconds. */
function cpuOf(child) {
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (typeof message?.cpu !== 'number') return;
      child.off('message', onMessage);
      resolve(message.cpu);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function postOnce(agent, url) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(REQUEST_BODY) },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          resolve({ ok: res.statusCode === 200 && bytes > 0, ms });
        });
        res.on('error', () => resolve({ ok: false, ms: 0 }));
      },
    );
    req.on('error', () => resolve({ ok: false, ms: 0 }));
    req.end(REQUEST_BODY);
  });
}

/** `connections` clients, each posting back to back until `seconds` have passed. */
async function load(url, connections, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const { ok, ms } = await postOnce(agent, url);
      if (ok) latencies.push(ms);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors, count: latencies.length };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function setting(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`bench: ${name} must be a positive number`);
  return value;
}

async function main() {
  const connections = Math.round(setting('BENCH_CONNECTIONS', 32));
  const seconds = setting('BENCH_SECONDS', 5);
  const warmup = setting('BENCH_WARMUP_SECONDS', 1);
  const rounds = Math.round(setting('BENCH_ROUNDS', 3));

  const root = fileURLToPath(new URL('../', import.meta.url));
  if (!existsSync(`${root}dist/server.js`))
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

  const children = [];
  try {
    const upstream = await startChild('upstream');
    children.push(upstream.child);
    const env = { BENCH_UPSTREAM: upstream.url };
    const servers = { bare: await startChild('bare', env), handler: await startChild('handler', env) };
    children.push(servers.bare.child, servers.handler.child);

    console.log(
      `bench: ${connections} keep-alive connections, ${warmup} s warm-up + ${seconds} s per run, ${rounds} rounds ` +
        `(bare and handler alternating), ${cpus().length} CPU cores, Node ${process.version}`,
    );
    const results = { bare: [], handler: [] };
    for (let round = 0; round < rounds; round += 1) {
      // Alternate which one goes first, so neither always runs on the machine's "second shift".
      const order = round % 2 === 0 ? ['bare', 'handler'] : ['handler', 'bare'];
      for (const name of order) {
        await load(servers[name].url, connections, warmup);
        const cpuBefore = await cpuOf(servers[name].child);
        const result = await load(servers[name].url, connections, seconds);
        result.cpuPerRequest = ((await cpuOf(servers[name].child)) - cpuBefore) / Math.max(1, result.count);
        results[name].push(result);
        console.log(
          `  round ${round + 1} ${name.padEnd(7)} ${result.rps.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  ` +
            `server CPU ${result.cpuPerRequest.toFixed(0)} µs/req  errors ${result.errors}`,
        );
      }
    }

    const summary = (name) => ({
      rps: median(results[name].map((r) => r.rps)),
      p50: median(results[name].map((r) => r.p50)),
      p99: median(results[name].map((r) => r.p99)),
      cpu: median(results[name].map((r) => r.cpuPerRequest)),
      errors: results[name].reduce((sum, r) => sum + r.errors, 0),
    });
    const bare = summary('bare');
    const handler = summary('handler');
    const ratio = handler.rps / bare.rps;
    const row = (label, s) =>
      `| ${label.padEnd(36)} | ${s.rps.toFixed(0).padStart(6)} | ${s.p50.toFixed(2).padStart(8)} | ${s.p99.toFixed(2).padStart(8)} | ` +
      `${s.cpu.toFixed(0).padStart(17)} | ${String(s.errors).padStart(6)} |`;
    console.log('');
    console.log(
      `| ${'server (median of runs)'.padEnd(36)} |  req/s | p50 (ms) | p99 (ms) | server CPU µs/req | errors |`,
    );
    console.log(`|${'-'.repeat(38)}|-------:|---------:|---------:|-----------------:|-------:|`);
    console.log(row('bare node:http proxy', bare));
    console.log(row('createTokenHandler + toNodeListener', handler));
    console.log('');
    const verdict = ratio >= TARGET_RATIO ? 'meets' : 'BELOW';
    // Rounded down, so that the figure shown never looks better than the verdict.
    console.log(
      `ratio handler/bare: ${(Math.floor(ratio * 100) / 100).toFixed(2)} (target ≥ ${TARGET_RATIO}: ${verdict})`,
    );
    if (bare.errors || handler.errors) {
      console.error('bench: some requests failed; the figures are not comparable.');
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(children.map(stopChild));
  }
}
