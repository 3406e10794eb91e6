// The published types as projects compile them: `veratad-verify/server` resolved by its own name to the built
// dist/types. A Fetch-style worker with no @types/node (`"types": []`, the WebWorker library) type-checks and takes
// in nothing from Node; the Node adapter fits node:http and Express; the README's server snippet and the Next.js
// snippet of docs/server.md compile as TypeScript. Run after `npm run build`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'types');
const SERVER_TYPES = join(root, 'dist', 'types', 'server', 'index.d.ts');

/** What a project's tsconfig would say. */
const BASE: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  isolatedModules: true,
  skipLibCheck: true,
};
/** A worker's: no Node types, and every declaration file it reaches is checked (TypeScript's own libs aside). */
const WORKER: ts.CompilerOptions = {
  ...BASE,
  lib: ['lib.es2022.d.ts', 'lib.webworker.d.ts'],
  types: [],
  skipLibCheck: false,
  skipDefaultLibCheck: true,
};
const NODE: ts.CompilerOptions = { ...BASE, lib: ['lib.es2022.d.ts'], types: ['node'] };

interface Compiled {
  errors: string[];
  /** Every file the program took in, relative to the repository. */
  files: string[];
}

/**
 * Compiles `roots` (paths under test/fixtures/types). `virtual` adds files that exist only here, placed in that
 * directory so that they resolve modules as the fixtures do.
 */
function compile(roots: string[], options: ts.CompilerOptions, virtual: Record<string, string> = {}): Compiled {
  const extra = new Map(Object.entries(virtual).map(([name, text]) => [join(fixtures, name), text]));
  const host = ts.createCompilerHost(options, true);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => extra.has(path) || fileExists(path);
  host.readFile = (path) => extra.get(path) ?? readFile(path);
  host.getSourceFile = (path, language, ...rest) => {
    const text = extra.get(path);
    return text === undefined
      ? getSourceFile(path, language, ...rest)
      : ts.createSourceFile(path, text, language, true);
  };
  const program = ts.createProgram({ rootNames: roots.map((name) => join(fixtures, name)), options, host });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.formatDiagnostic(diagnostic, { ...host, getNewLine: () => '\n' }).trim());
  const files = program.getSourceFiles().map((file) => file.fileName.slice(root.length));
  return { errors, files };
}

/**
 * Whatever ties a compiled program to Node: a file of Node's own types taken in, or a declaration file that
 * imports a `node:*` module or references Node's types (by its import and reference statements, not its comments).
 */
function nodeTies({ files }: Compiled, texts: Record<string, string> = {}): string[] {
  return files.flatMap((file) => {
    if (file.includes(`@types${sep}node${sep}`)) return [file];
    if (!file.endsWith('.d.ts') || file.includes(`node_modules${sep}typescript${sep}`)) return [];
    const { importedFiles, typeReferenceDirectives } = ts.preProcessFile(
      texts[file] ?? readFileSync(join(root, file), 'utf8'),
    );
    const tied =
      importedFiles.some((entry) => entry.fileName.startsWith('node:')) ||
      typeReferenceDirectives.some((entry) => entry.fileName === 'node');
    return tied ? [file] : [];
  });
}

/** The first code block of `language` after `heading` in a page. */
function snippet(page: string, heading: string, language: string): string {
  const text = readFileSync(join(root, page), 'utf8');
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `${page} has "${heading}"`);
  const block = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\``, 'm').exec(text.slice(at));
  assert.ok(block, `a ${language} block after "${heading}" in ${page}`);
  return block[1];
}

describe('the types of veratad-verify/server, as projects compile them', () => {
  it('type-check a Fetch-style worker with no @types/node, and take in nothing from Node', () => {
    const worker = compile(['worker.ts'], WORKER);
    assert.deepEqual(worker.errors, []);
    assert.ok(
      worker.files.includes(SERVER_TYPES.slice(root.length)),
      'the built dist/types, found by the package name',
    );
    assert.deepEqual(nodeTies(worker), []);
  });

  it('would catch a regression: a declaration that imports node:* or references Node types', () => {
    const regressed = {
      'regressed.ts': "export type { ImportsNode, ReferencesNode } from './regressed-types.js';\n",
      'regressed-types.d.ts': [
        '/// <reference types="node" preserve="true" />',
        "export type { IncomingMessage as ImportsNode } from 'node:http';",
        'export type ReferencesNode = NodeJS.Process;',
      ].join('\n'),
    };
    const compiled = compile(['regressed.ts'], WORKER, regressed);
    const texts = { [join('test', 'fixtures', 'types', 'regressed-types.d.ts')]: regressed['regressed-types.d.ts'] };
    const ties = nodeTies(compiled, texts);
    assert.ok(
      ties.some((file) => file.endsWith('regressed-types.d.ts')),
      ties.join(', '),
    );
    assert.ok(
      ties.some((file) => file.includes(`@types${sep}node`)),
      'the Node types it pulled in are seen',
    );
  });

  it('fit node:http and Express in a Node project: createServer, app.all, app.use and a wrapped listener', () => {
    assert.deepEqual(compile(['node-server.ts'], NODE).errors, []);
  });

  it("compile the README's server snippet as TypeScript, process.env credentials included", () => {
    const code = snippet('README.md', '### 2. The server handlers', 'js');
    assert.match(code, /process\.env\.VERATAD_USER/);
    const project = [
      "import express from 'express';",
      'const app = express();',
      'declare function signedInUser(request: Request): { email: string } | null;',
      code,
    ].join('\n');
    assert.deepEqual(compile(['readme-server.ts'], NODE, { 'readme-server.ts': project }).errors, []);
  });

  it("compile docs/server.md's Next.js route handler, in a project without @types/node but for process.env", () => {
    const code = snippet('docs/server.md', '### Next.js App Router', 'ts');
    const project = `declare const process: { env: Record<string, string | undefined> };\n${code}`;
    assert.deepEqual(compile(['next-route.ts'], WORKER, { 'next-route.ts': project }).errors, []);
  });
});
