// npm run demo: starts the demo stack and prints the URL to open. Ctrl+C stops everything.
import { startDemo } from './stack.js';

const user = process.env.VERATAD_USER;
const pass = process.env.VERATAD_PASS;
const port = process.env.PORT ? Number(process.env.PORT) : undefined;

const stack = await startDemo({ user, pass, port });
console.log(
  stack.real
    ? 'veratad-verify demo: using the REAL Veratad service (VERATAD_USER and VERATAD_PASS are set).'
    : `veratad-verify demo: offline, with the Veratad simulator at ${stack.simulatorOrigin}.`,
);
console.log(`Open ${stack.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
