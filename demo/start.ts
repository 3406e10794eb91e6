// npm run demo: starts the demo stack and prints the URL to open. Ctrl+C stops everything.
// A mistake in the environment (one credential of two, a bad PORT) is one line on stderr and exit code 1.
import { readDemoEnv } from './demo-env.js';
import { startDemo, type DemoStack } from './stack.js';

const read = readDemoEnv(process.env);
if (!read.ok) {
  console.error(read.message);
  process.exit(1);
}
const { user, pass, port } = read.env;

let stack: DemoStack;
try {
  stack = await startDemo({ user, pass, port });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (!/already in use/i.test(message)) throw error;
  console.error(`veratad-verify demo: ${message}. Set PORT to another port (PORT=0: any free one).`);
  process.exit(1);
}
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
