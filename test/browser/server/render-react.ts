// Server-renders `<VeratadVerify {...props}>` (props: JSON in argv[2]) with a slotted loading view, as a framework's
// server would: plain Node, no DOM, react-dom/server. Prints the markup; exits 1 if React logged an error.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

const { VeratadVerify } = (await import(
  process.env.VERATAD_TARGET === 'bundle' ? '../../../dist/lib/react.js' : '../../../src/react.js'
)) as typeof import('../../../src/react.js');

const logged: unknown[] = [];
console.error = (...args: unknown[]) => void logged.push(args);
const props = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const html = renderToString(
  createElement(VeratadVerify, props, createElement('p', { slot: 'loading' }, 'Getting your check ready…')),
);
if (logged.length) {
  process.stderr.write(`React logged: ${JSON.stringify(logged)}\n`);
  process.exit(1);
}
process.stdout.write(html);
