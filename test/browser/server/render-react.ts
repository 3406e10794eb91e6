// Server-renders `<VeratadVerify {...props}>` with a slotted loading view, as a framework's server would: plain
// Node, no DOM, react-dom/server. A long-lived helper of web-test-runner (server/plugins.mjs): it reads one JSON
// object of props per line on stdin and answers each with one JSON line, {html} or {error} (React logged an error).
import { createInterface } from 'node:readline';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

const { VeratadVerify } = (await import(
  process.env.VERATAD_TARGET === 'bundle' ? '../../../dist/lib/react.js' : '../../../src/react.js'
)) as typeof import('../../../src/react.js');

const logged: unknown[] = [];
console.error = (...args: unknown[]) => void logged.push(args);

function render(props: Record<string, unknown>): { html: string } | { error: string } {
  logged.length = 0;
  const html = renderToString(
    createElement(VeratadVerify, props, createElement('p', { slot: 'loading' }, 'Getting your check ready…')),
  );
  return logged.length ? { error: `React logged: ${JSON.stringify(logged)}` } : { html };
}

for await (const line of createInterface({ input: process.stdin })) {
  let answer;
  try {
    answer = render(JSON.parse(line) as Record<string, unknown>);
  } catch (error) {
    answer = { error: String(error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
