// npm run simulator [-- flags]: the Veratad VX simulator on its own, until Ctrl+C (SIGINT) or SIGTERM.
// Environment: VERATAD_SIM_PORT or PORT (default 8788; 0 = any free port), SIM_USER / SIM_PASS (the accepted
// credentials, default demo-user / demo-pass), SIM_TOKEN_LIFETIME (seconds, default 21600), SIM_CALLBACK_PASS
// (the callback's Basic password, kept out of the process list; --callback-pass wins).
// Flags: --callback-url URL, --callback-user NAME, --callback-pass SECRET, --purge-after SECONDS (default 7200),
// --storage-on. Every delivery attempt of the result callback is printed on one line.
import { parseArgs } from 'node:util';
import {
  DEFAULT_PASS,
  DEFAULT_PURGE_AFTER_SECONDS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_USER,
  startSimulator,
  type DeliveryAttempt,
  type Simulator,
} from './server.js';

const DEFAULT_PORT = 8788;

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(1);
}

function numberFrom(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) fail(`${name} must be a number, got "${value}".`);
  return parsed;
}

let flags;
try {
  flags = parseArgs({
    options: {
      'callback-url': { type: 'string' },
      'callback-user': { type: 'string' },
      'callback-pass': { type: 'string' },
      'purge-after': { type: 'string' },
      'storage-on': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const portVariable = process.env.VERATAD_SIM_PORT?.trim() ? 'VERATAD_SIM_PORT' : 'PORT';
const port = numberFrom(portVariable, process.env[portVariable]) ?? DEFAULT_PORT;
const tokenLifetimeSeconds = numberFrom('SIM_TOKEN_LIFETIME', process.env.SIM_TOKEN_LIFETIME);
const purgeAfterSeconds = numberFrom('--purge-after', flags['purge-after']);
const user = process.env.SIM_USER || DEFAULT_USER;
const pass = process.env.SIM_PASS || DEFAULT_PASS;
const callbackUrl = flags['callback-url'];
const callbackUser = flags['callback-user'];
const callbackPass = flags['callback-pass'] ?? (process.env.SIM_CALLBACK_PASS || undefined);

function describe(attempt: DeliveryAttempt): string {
  const answer = attempt.httpStatus === undefined ? (attempt.error ?? 'no answer') : `HTTP ${attempt.httpStatus}`;
  const next = attempt.retryInMs === undefined ? '' : `, retry in ${attempt.retryInMs} ms`;
  const verdict = attempt.ok ? 'delivered' : attempt.retryInMs === undefined ? 'gave up' : 'failed';
  return `callback ${attempt.status} (${attempt.journeyId}) attempt ${attempt.attempt}: ${verdict}, ${answer}${next}\n`;
}

let simulator: Simulator;
try {
  simulator = await startSimulator({
    port,
    user,
    pass,
    tokenLifetimeSeconds,
    purgeAfterSeconds,
    storageOn: flags['storage-on'] ?? false,
    callbackUrl,
    callbackUser,
    callbackPass,
    onDelivery: (attempt) => process.stdout.write(describe(attempt)),
  });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const lifetime = tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
const purge = flags['storage-on']
  ? 'storage on: never purged'
  : `personal fields purged after ${purgeAfterSeconds ?? DEFAULT_PURGE_AFTER_SECONDS} s`;
const callback = callbackUrl
  ? `  results POSTed to ${callbackUrl}${callbackUser === undefined ? '' : ` (Basic, user "${callbackUser}")`}\n`
  : '  no result callback (--callback-url sets one)\n';
process.stdout.write(
  `Veratad VX simulator listening on ${simulator.url}\n` +
    `  POST ${simulator.url}/token/create   (user "${user}", tokens live ${lifetime} s)\n` +
    `  POST ${simulator.url}/link/generate\n` +
    `  POST ${simulator.url}/user/status    (${purge})\n` +
    `  GET  ${simulator.url}/js/initialize.js  and  ${simulator.url}/styles/style.css\n` +
    callback +
    'Ctrl+C stops it.\n',
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  simulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
