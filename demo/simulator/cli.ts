// npm run simulator: the Veratad VX simulator on its own, until Ctrl+C (SIGINT) or SIGTERM.
// Environment: VERATAD_SIM_PORT or PORT (default 8788; 0 = any free port), SIM_USER / SIM_PASS (the accepted
// credentials, default demo-user / demo-pass), SIM_TOKEN_LIFETIME (seconds, default 21600).
import {
  DEFAULT_PASS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_USER,
  startSimulator,
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

const portVariable = process.env.VERATAD_SIM_PORT?.trim() ? 'VERATAD_SIM_PORT' : 'PORT';
const port = numberFrom(portVariable, process.env[portVariable]) ?? DEFAULT_PORT;
const tokenLifetimeSeconds = numberFrom('SIM_TOKEN_LIFETIME', process.env.SIM_TOKEN_LIFETIME);
const user = process.env.SIM_USER || DEFAULT_USER;
const pass = process.env.SIM_PASS || DEFAULT_PASS;

let simulator: Simulator;
try {
  simulator = await startSimulator({ port, user, pass, tokenLifetimeSeconds });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const lifetime = tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
process.stdout.write(
  `Veratad VX simulator listening on ${simulator.url}\n` +
    `  POST ${simulator.url}/token/create   (user "${user}", tokens live ${lifetime} s)\n` +
    `  POST ${simulator.url}/link/generate\n` +
    `  GET  ${simulator.url}/js/initialize.js  and  ${simulator.url}/styles/style.css\n` +
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
