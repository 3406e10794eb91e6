// npm run lint:layout: the house rules a reader can check at a glance. No import cycle among the modules of
// src/ (type-only imports and exports excluded, since they vanish at run time), and no file in src/ over 300
// lines: a longer file is doing two jobs. (`npx madge --circular --extensions ts src` gives the same cycle answer,
// but madge's peer range does not admit this project's TypeScript, so the check lives here.)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = 'src';
const MAX_LINES = 300;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** The relative modules a file imports or re-exports at run time, as resolved .ts paths. */
function runtimeImports(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const found = [];
  for (const statement of source.statements) {
    const isImport = ts.isImportDeclaration(statement);
    if (!isImport && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    const typeOnly = isImport ? statement.importClause?.isTypeOnly : statement.isTypeOnly;
    if (typeOnly) continue;
    found.push(resolve(dirname(path), specifier.text.replace(/\.js$/, '.ts')));
  }
  return found;
}

const graph = new Map();
const problems = [];
for (const file of sourceFiles(ROOT)) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) problems.push(`${file}: ${lines} lines (at most ${MAX_LINES})`);
  graph.set(resolve(file), runtimeImports(file, text));
}

// Depth-first search; a grey node met again closes a cycle.
const state = new Map();
const stack = [];
function visit(node) {
  state.set(node, 'grey');
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (state.get(next) === 'grey') {
      const cycle = [...stack.slice(stack.indexOf(next)), next].map((path) => relative(process.cwd(), path));
      problems.push(`import cycle: ${cycle.join(' → ')}`);
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 'black');
}
for (const node of graph.keys()) if (!state.has(node)) visit(node);

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`layout: ${graph.size} modules in ${ROOT}/, no import cycle, none over ${MAX_LINES} lines`);
