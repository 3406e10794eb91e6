// npm run bench:server: load and faults for the server half (dist/server.js), next to a bare node:http proxy.
//
// Load: autocannon sends the element's request (`{"journey_id":…}`) to createTokenHandler + toNodeListener and to a
// bare node:http proxy that makes the same Create Token call with fetch and relays the JSON; both call one local fake
// Veratad. At 1, 50 and 200 connections, the two alternate (bare then handler, then the other way round) so that a
// slow moment of the machine hits both; the table shows the median of the rounds, and the server process's CPU time
// per request, which a busy machine disturbs less than req/s.
//
// Faults, against the handler (and the bare proxy where the difference is the point): Veratad resetting its answer
// halfway, Veratad hanging, a 10 MB answer (one, then 20 at once), 1,000 clients leaving mid-body, a client sending
// one byte a second. Each prints the answers the clients got, what the handler logged (onEvent codes), and the server
// process's open file descriptors (/proc/<pid>/fd) and resident memory (VmRSS) before, at the peak, and after.
//
// The fake Veratad and each server run in their own process; this one only generates load and reads /proc.
// Settings (environment): BENCH_SECONDS (4) and BENCH_WARMUP_SECONDS (1) per run, BENCH_ROUNDS (2),
// BENCH_CONNECTIONS ("1,50,200"), BENCH_UPSTREAM_TIMEOUT_MS (2000: the handler's timeoutMs, which the hang run waits
// for), BENCH_ABORTED (1000), BENCH_ONLY (`load` or `faults`: one part only).
import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { documentedTokenSuccess } from '../test/fixtures/veratad-documented.mjs';

const USER = 'bench-user';
const PASS = 'bench-pass';
const JOURNEY = 'journey-bench';
const REQUEST_BODY = JSON.stringify({ journey_id: JOURNEY });
const TEN_MB = 10 * 1024 * 1024;

const role = process.argv[2];
if (role === 'upstream') runUpstream();
else if (role === 'handler') await runHandler();
else if (role === 'bare') runBare();
else await main();

// ---------------------------------------------------------------------------------------------------------
// Child roles. Each listens on 127.0.0.1 with a free port and sends its port to the parent.

function announce(server, extra = () => ({})) {
  server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system, ...extra() });
    } else if (message === 'gc') {
      globalThis.gc?.();
      process.send?.({ gc: true });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/** A fake Veratad whose answer the parent chooses: ok, reset (halfway), hang, huge (10 MB). */
function runUpstream() {
  let mode = 'ok';
  const huge = Buffer.from(
    `${JSON.stringify(documentedTokenSuccess('tok-huge')).slice(0, -1)},"filler":"${'x'.repeat(TEN_MB)}"}`,
  );
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (mode === 'hang') return;
      if (mode === 'reset') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"result":"Success","token":"', () => res.socket?.resetAndDestroy());
        return;
      }
      if (mode === 'huge') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(huge);
        return;
      }
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
  process.on('message', (message) => {
    if (message?.mode) {
      mode = message.mode;
      // Hanging answers from an earlier run end here, so they never count in the next one.
      server.closeAllConnections();
      process.send?.({ mode });
    }
  });
  announce(server);
}

/** The server under test: the package's handler behind its Node adapter, counting what it logs. */
async function runHandler() {
  const { createTokenHandler, toNodeListener } = await import('veratad-verify/server');
  let codes = {};
  const listener = toNodeListener(
    createTokenHandler({
      user: USER,
      pass: PASS,
      endpoint: `${process.env.BENCH_UPSTREAM}/token/create`,
      allow: { journeyIds: [JOURNEY] },
      timeoutMs: Number(process.env.BENCH_UPSTREAM_TIMEOUT_MS),
      onEvent: (event) => (codes[event.code] = (codes[event.code] ?? 0) + 1),
    }),
  );
  // As a host mounts it on node:http: the listener's promise never rejects (failures are answered as 500).
  announce(
    createServer((req, res) => void listener(req, res)),
    () => ({ codes }),
  );
  process.on('message', (message) => {
    if (message === 'reset-codes') codes = {};
  });
}

/** The baseline: what a host might write by hand, with no checks beyond parsing JSON. */
function runBare() {
  const endpoint = `${process.env.BENCH_UPSTREAM}/token/create`;
  /** Never rejects: any failure is answered as 500 (or 502 when Veratad fails). */
  async function answer(req, res) {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const ids = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      let text;
      let status;
      try {
        const upstream = await fetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ user: USER, pass: PASS, ...ids }),
        });
        text = JSON.stringify(await upstream.json());
        status = upstream.ok ? 200 : 502;
      } catch {
        text = '{"error":"upstream"}';
        status = 502;
      }
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  }
  announce(createServer((req, res) => void answer(req, res)));
}

// ---------------------------------------------------------------------------------------------------------
// The parent: the children, /proc, the load runs and the fault runs.

function startChild(name, env = {}) {
  const child = fork(fileURLToPath(import.meta.url), [name], {
    env: { ...process.env, ...env },
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench: the ${name} process exited early (code ${code})`)));
    child.once('message', ({ port }) => resolve({ name, child, url: `http://127.0.0.1:${port}` }));
  });
}

/** Sends `message` to `child` and resolves with the first answer that has `key`. */
function ask(child, message, key) {
  return new Promise((resolve) => {
    const onMessage = (answer) => {
      if (answer?.[key] === undefined) return;
      child.off('message', onMessage);
      resolve(answer);
    };
    child.on('message', onMessage);
    child.send(message);
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

/** Open file descriptors and resident memory (MB) of process `pid`, read from /proc. */
function procStats(pid) {
  const fds = readdirSync(`/proc/${pid}/fd`).length;
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  return { fds, rss };
}

/** Samples the RSS of `pid` every 20 ms until `stop()`; resolves with the peak in MB. */
function watchPeak(pid) {
  let peak = procStats(pid).rss;
  const timer = setInterval(() => (peak = Math.max(peak, procStats(pid).rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, procStats(pid).rss);
  };
}

/** One POST (fresh connection); resolves with the status and the error code of the answer, or the network error. */
function post(url, body = REQUEST_BODY) {
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        // Only the start is kept: an error body is small, a relayed 10 MB answer need not be held.
        let head = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          if (head.length < 1024) head += chunk;
        });
        res.on('end', () => {
          const code = /"code":"([^"]+)"/.exec(head)?.[1];
          resolve(`${res.statusCode}${code ? ` ${code}` : ''}`);
        });
        res.on('error', (error) => resolve(`error ${error.code ?? error.message}`));
      },
    );
    req.on('error', (error) => resolve(`error ${error.code ?? error.message}`));
    req.end(body);
  });
}

function tally(items) {
  const counts = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return Object.entries(counts)
    .map(([item, count]) => `${item} ×${count}`)
    .join(', ');
}

function setting(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`bench: ${name} must be a positive number`);
  return value;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function cannon(url, connections, seconds) {
  return autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REQUEST_BODY,
  });
}

async function loadRuns(servers, options) {
  const { levels, seconds, warmup, rounds } = options;
  const rows = [];
  for (const connections of levels) {
    const results = { bare: [], handler: [] };
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? ['bare', 'handler'] : ['handler', 'bare'];
      for (const name of order) {
        const { url, child } = servers[name];
        await cannon(url, connections, warmup);
        const before = (await ask(child, 'cpu', 'cpu')).cpu;
        const result = await cannon(url, connections, seconds);
        const after = (await ask(child, 'cpu', 'cpu')).cpu;
        const ok = result['2xx'];
        const run = {
          rps: ok / seconds,
          p50: result.latency.p50,
          p99: result.latency.p99,
          cpu: (after - before) / Math.max(1, ok),
          errors: result.errors + result.timeouts + result.non2xx,
        };
        results[name].push(run);
        console.log(
          `  ${String(connections).padStart(3)} conn, round ${round + 1}, ${name.padEnd(7)} ${run.rps.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${run.p50} ms  p99 ${run.p99} ms  CPU ${run.cpu.toFixed(0)} µs/req  errors ${run.errors}`,
        );
      }
    }
    const summary = (name) => ({
      rps: median(results[name].map((r) => r.rps)),
      p50: median(results[name].map((r) => r.p50)),
      p99: median(results[name].map((r) => r.p99)),
      cpu: median(results[name].map((r) => r.cpu)),
      errors: results[name].reduce((sum, r) => sum + r.errors, 0),
    });
    rows.push({ connections, bare: summary('bare'), handler: summary('handler') });
  }
  console.log('');
  console.log('| connections | server | req/s | p50 (ms) | p99 (ms) | CPU µs/req | errors |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  for (const { connections, bare, handler } of rows) {
    /** @type {[string, typeof bare][]} */
    const labelled = [
      ['bare node:http proxy', bare],
      ['createTokenHandler + toNodeListener', handler],
    ];
    for (const [label, s] of labelled) {
      console.log(
        `| ${connections} | ${label} | ${s.rps.toFixed(0)} | ${s.p50} | ${s.p99} | ${s.cpu.toFixed(0)} | ${s.errors} |`,
      );
    }
  }
  console.log('');
  for (const { connections, bare, handler } of rows) {
    // Rounded down, so that a ratio never looks better than it is.
    const floor2 = (x) => (Math.floor(x * 100) / 100).toFixed(2);
    console.log(
      `${String(connections).padStart(3)} connections: handler/bare req/s ${floor2(handler.rps / bare.rps)}, ` +
        `CPU per request ${floor2(handler.cpu / bare.cpu)}`,
    );
  }
  return rows.some(({ bare, handler }) => bare.errors || handler.errors);
}

/** One fault run against `server`: before, the run, the peak, settling, after. */
async function fault(label, server, upstream, mode, run) {
  await ask(upstream.child, { mode }, 'mode');
  if (server.name === 'handler') server.child.send('reset-codes');
  await ask(server.child, 'gc', 'gc');
  const before = procStats(server.child.pid);
  const peak = watchPeak(server.child.pid);
  const started = performance.now();
  const answers = await run(server.url);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // Let closed sockets go and garbage be collected, then read again.
  await ask(upstream.child, { mode: 'ok' }, 'mode');
  const settled = await settle(server, before.fds);
  await ask(server.child, 'gc', 'gc');
  const top = peak();
  const after = procStats(server.child.pid);
  const { codes } = server.name === 'handler' ? await ask(server.child, 'cpu', 'cpu') : {};
  console.log(`${label} [${server.name}, ${seconds} s]`);
  console.log(`    answers: ${answers.length ? tally(answers) : '(none read)'}`);
  if (codes)
    console.log(`    handler logged: ${tally(Object.entries(codes).flatMap(([code, n]) => Array(n).fill(code)))}`);
  console.log(
    `    fds ${before.fds} → ${after.fds} (${settled.toFixed(1)} s after the run); RSS ${before.rss.toFixed(0)} MB → peak ${top.toFixed(0)} MB → ${after.rss.toFixed(0)} MB`,
  );
}

/**
 * Waits until the server holds no more descriptors than `fds` and its logged codes stay the same for 1 s (checked
 * every 200 ms, 20 s at most); resolves with the seconds it took.
 */
async function settle(server, fds) {
  const started = performance.now();
  let last = '';
  let same = 0;
  for (let check = 0; check < 100 && same < 5; check += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { codes } = await ask(server.child, 'cpu', 'cpu');
    const now = procStats(server.child.pid).fds;
    const state = `${now} ${JSON.stringify(codes ?? {})}`;
    same = state === last && now <= fds ? same + 1 : 0;
    last = state;
  }
  return (performance.now() - started) / 1000;
}

/** `count` clients that send half a body and leave, `batch` at a time. */
async function abortedClients(url, count, batch = 100) {
  const { port } = new URL(url);
  const one = () =>
    new Promise((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jour`,
          () => setTimeout(() => socket.destroy(), 5),
        );
      });
      socket.on('error', () => {});
      socket.on('close', resolve);
    });
  for (let done = 0; done < count; done += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - done) }, one));
  }
  return [];
}

/** A client that sends its 40-byte body one byte a second; resolves with the answer it got. */
function slowClient(url) {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    const body = '{"journey_id":"journey-bench"}        ';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < body.length) socket.write(body[sent++]);
    }, 1000);
    socket.write(
      `POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (text += String(chunk)));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      const status = /^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 'no answer';
      const code = /"code":"([^"]+)"/.exec(text)?.[1] ?? '';
      resolve(`${status} ${code} after ${sent} of ${body.length} bytes`.trim());
    });
  });
}

async function main() {
  const seconds = setting('BENCH_SECONDS', 4);
  const warmup = setting('BENCH_WARMUP_SECONDS', 1);
  const rounds = Math.round(setting('BENCH_ROUNDS', 2));
  const levels = (process.env.BENCH_CONNECTIONS ?? '1,50,200').split(',').map((level) => Math.round(Number(level)));
  const upstreamTimeout = setting('BENCH_UPSTREAM_TIMEOUT_MS', 2000);
  const aborted = Math.round(setting('BENCH_ABORTED', 1000));
  if (!existsSync('/proc/self/fd')) throw new Error('bench: /proc is needed (Linux) to count descriptors and memory');

  const root = fileURLToPath(new URL('../', import.meta.url));
  if (!existsSync(`${root}dist/server.js`))
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

  const children = [];
  try {
    const upstream = await startChild('upstream');
    children.push(upstream.child);
    const env = { BENCH_UPSTREAM: upstream.url, BENCH_UPSTREAM_TIMEOUT_MS: String(upstreamTimeout) };
    const servers = { bare: await startChild('bare', env), handler: await startChild('handler', env) };
    children.push(servers.bare.child, servers.handler.child);

    console.log(
      `bench:server on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ` +
        `${new Date().toISOString().slice(0, 10)}`,
    );
    if (process.env.BENCH_ONLY !== 'faults')
      console.log(
        `load: autocannon, ${levels.join(' / ')} connections, ${warmup} s warm-up + ${seconds} s per run, ` +
          `${rounds} rounds (bare and handler alternating)`,
      );
    const only = process.env.BENCH_ONLY;
    const failed = only === 'faults' ? false : await loadRuns(servers, { levels, seconds, warmup, rounds });
    if (only === 'load') return;

    console.log('');
    console.log(`faults (the handler's timeoutMs is ${upstreamTimeout} ms, its body deadline the default 5 s):`);
    const { handler, bare } = servers;
    const many = (count, url) => Promise.all(Array.from({ length: count }, () => post(url)));
    await fault('Veratad resets its answer halfway, 20 requests', handler, upstream, 'reset', (url) => many(20, url));
    await fault('Veratad never answers, 20 requests', handler, upstream, 'hang', (url) => many(20, url));
    await fault('Veratad answers 10 MB, 1 request', handler, upstream, 'huge', (url) => many(1, url));
    for (const server of [handler, bare]) {
      await fault('Veratad answers 10 MB, 20 requests at once', server, upstream, 'huge', (url) => many(20, url));
    }
    await fault(`${aborted} clients leave mid-body`, handler, upstream, 'ok', (url) => abortedClients(url, aborted));
    await fault('a client sends its body one byte a second', handler, upstream, 'ok', async (url) => [
      await slowClient(url),
    ]);
    if (failed) {
      console.error('bench: some load requests failed; the load figures are not comparable.');
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(children.map(stopChild));
  }
}
