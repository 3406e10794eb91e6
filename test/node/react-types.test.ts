// The published React typing as projects compile it, with the TypeScript compiler against the built dist/lib (run
// after `npm run build`): `veratad-verify` and `veratad-verify/react` resolved by their own names. The raw tag and
// the component type-check with every attribute, property and event the manifest lists; a misspelt attribute or
// prop is exactly the expected error, except a hyphenated one (TypeScript's rule, documented); and a project
// without React compiles the same types with no error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'types');

/** A React 19 project's tsconfig. */
const REACT: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: [],
  skipLibCheck: true,
};

/** Is `path` part of React's packages (to compile as if React were not installed)? */
const isReact = (path: string) =>
  [`node_modules${sep}react${sep}`, `node_modules${sep}@types${sep}react${sep}`].some((part) => path.includes(part)) ||
  /node_modules[\\/](@types[\\/])?react$/.test(path);

/** The files on disk, parsed once for every compile of this file (React's and the DOM's types are large). */
const parsed = new Map<string, ts.SourceFile | undefined>();

/**
 * Compiles `roots` (names under test/fixtures/types); `virtual` adds files that exist only here, in that directory.
 * With `withoutReact`, React's packages are invisible to the compiler. Returns the diagnostics as
 * `file(line,col): TSnnnn message` with the file relative to the fixtures, and the files the program took in.
 */
function compile(
  roots: string[],
  virtual: Record<string, string> = {},
  { options = REACT, withoutReact = false } = {},
): { errors: string[]; files: string[] } {
  const extra = new Map(Object.entries(virtual).map(([name, text]) => [join(fixtures, name), text]));
  const host = ts.createCompilerHost(options, true);
  const fileExists = host.fileExists.bind(host);
  const directoryExists = host.directoryExists?.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const hidden = (path: string) => withoutReact && isReact(path);
  host.fileExists = (path) => extra.has(path) || (!hidden(path) && fileExists(path));
  host.directoryExists = (path) => !hidden(path) && (directoryExists?.(path) ?? true);
  host.readFile = (path) => extra.get(path) ?? (hidden(path) ? undefined : readFile(path));
  host.getSourceFile = (path, language, ...rest) => {
    const text = extra.get(path);
    if (text !== undefined) return ts.createSourceFile(path, text, language, true);
    if (!parsed.has(path)) parsed.set(path, getSourceFile(path, language, ...rest));
    return parsed.get(path);
  };
  const program = ts.createProgram({ rootNames: roots.map((name) => join(fixtures, name)), options, host });
  const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!diagnostic.file) return `TS${diagnostic.code} ${message}`;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const file = diagnostic.file.fileName.slice(root.length);
    return `${file}(${line + 1},${character + 1}): TS${diagnostic.code} ${message}`;
  });
  return { errors, files: program.getSourceFiles().map((file) => file.fileName.slice(root.length)) };
}

interface Field {
  name: string;
  attribute?: string;
  kind?: string;
  privacy?: string;
  readonly?: boolean;
  static?: boolean;
  type?: { text: string };
}
/** The element's public attributes and fields, and its events, as custom-elements.json lists them. */
function manifest() {
  const text = readFileSync(join(root, 'custom-elements.json'), 'utf8');
  const modules = (
    JSON.parse(text) as {
      modules: Array<{
        declarations?: Array<{
          tagName?: string;
          attributes?: Array<{ name: string; fieldName?: string; type?: { text: string } }>;
          members?: Field[];
          events?: Array<{ name: string }>;
        }>;
      }>;
    }
  ).modules;
  const element = modules.flatMap((module) => module.declarations ?? []).find((d) => d.tagName === 'veratad-verify');
  assert.ok(element, 'the manifest describes <veratad-verify>');
  return element as Required<typeof element>;
}

/** A value of a manifest type, written in TSX. */
function valueOf(type = 'string'): string {
  if (type.includes('number')) return '{1}';
  if (type.includes('boolean')) return '{true}';
  if (type.includes('RequestCredentials')) return '"include"';
  if (type.includes('FetchToken')) return '{async () => ({})}';
  if (type.includes('Record') || type.includes('VeratadStrings')) return '{{}}';
  // A union of string literals ('advise' | 'silent'): its first value.
  const literal = /'([^']+)'/.exec(type)?.[1];
  return literal ? `"${literal}"` : '"x"';
}

const PREAMBLE = "import 'veratad-verify';\nimport { VeratadVerify } from 'veratad-verify/react';\n";

describe('the React typing, as a React 19 project compiles it against dist/lib', () => {
  it('type-checks the raw tag and the component as users write them, from the built types', () => {
    const { errors, files } = compile(['react-tsx.tsx']);
    assert.deepEqual(errors, []);
    for (const file of ['index.d.ts', 'react.d.ts', 'react-jsx.d.ts'])
      assert.ok(files.includes(join('dist', 'lib', file)), `${file}, found by the package's name`);
  });

  it('takes every attribute on the raw tag and every attribute, property and event as a prop of the component', () => {
    const element = manifest();
    const attributes = element.attributes.filter((attribute) => attribute.name !== 'phase');
    const settable = element.members.filter(
      (member) => member.kind === 'field' && !member.static && !member.readonly && member.privacy !== 'private',
    );
    assert.ok(attributes.length > 30 && settable.some((member) => member.name === 'sdkOptions'));
    const tag = attributes.map((attribute) => `${attribute.name}=${valueOf(attribute.type?.text)}`);
    const props = settable
      .filter((member) => member.name !== 'deferHydration')
      .map((member) => `${member.name}=${valueOf(member.type?.text)}`);
    const events = element.events.map(
      ({ name }) => `on${name.replace(/(?:^|-)([a-z])/g, (_, c: string) => c.toUpperCase())}={(event) => event.detail}`,
    );
    const listeners = element.events.map(({ name }) => `on${name}={(event) => event.detail}`);
    const source =
      `${PREAMBLE}export const tag = <veratad-verify ${[...tag, ...listeners].join(' ')} />;\n` +
      `export const component = <VeratadVerify ${[...props, ...events].join(' ')} />;\n`;
    assert.deepEqual(compile(['every.tsx'], { 'every.tsx': source }).errors, []);
  });

  it('reports a misspelt attribute without a hyphen, a misspelt prop and a wrong value, and nothing else', () => {
    const source =
      PREAMBLE +
      'export const a = <veratad-verify tokenurl="/api/veratad/token" />;\n' +
      'export const b = <VeratadVerify tokenurl="/api/veratad/token" />;\n' +
      'export const c = <VeratadVerify tokenUrl="/t" onVeratadReddy={() => {}} />;\n' +
      'export const d = <veratad-verify token-lifetime={true} />;\n' +
      'export const e = <VeratadVerify onVeratadReady={(event) => event.detail.status} />;\n';
    const { errors } = compile(['misspelt.tsx'], { 'misspelt.tsx': source });
    const expected: Array<[number, number, RegExp]> = [
      [3, 2322, /Property 'tokenurl' does not exist on type '.+'\. Did you mean '"token-url"'\?$/],
      [4, 2322, /Property 'tokenurl' does not exist on type '.+'\. Did you mean 'tokenUrl'\?$/],
      [5, 2322, /Property 'onVeratadReddy' does not exist on type '.+'\. Did you mean 'onVeratadReady'\?$/],
      [6, 2322, /Types of property '"token-lifetime"' are incompatible\. +Type 'boolean' is not assignable/],
      [7, 2339, /Property 'status' does not exist on type 'VeratadReadyDetail'\.$/],
    ];
    assert.equal(errors.length, expected.length, errors.join('\n'));
    expected.forEach(([line, code, message], index) => {
      assert.ok(errors[index].startsWith(`test/fixtures/types/misspelt.tsx(${line},`), errors[index]);
      assert.match(errors[index], new RegExp(` TS${code} `));
      assert.match(errors[index], message);
    });
  });

  it('cannot catch a hyphenated misspelling: TypeScript accepts any JSX attribute with a hyphen (documented)', () => {
    const source = `${PREAMBLE}export const a = <veratad-verify tokn-url="/api/veratad/token" />;\n`;
    assert.deepEqual(compile(['hyphenated.tsx'], { 'hyphenated.tsx': source }).errors, []);
  });

  it('costs nothing to a project without React: the element entries compile with every declaration file checked', () => {
    const source =
      "import 'veratad-verify';\nimport type { VeratadVerifyAttributes } from 'veratad-verify/element';\n" +
      "export const el = document.createElement('veratad-verify');\n" +
      "export const attributes: VeratadVerifyAttributes = { 'token-url': '/t', timeout: '5000' };\n";
    const options = { ...REACT, jsx: undefined, skipLibCheck: false, skipDefaultLibCheck: true };
    const { errors, files } = compile(['no-react.ts'], { 'no-react.ts': source }, { options, withoutReact: true });
    assert.deepEqual(errors, []);
    assert.ok(files.includes(join('dist', 'lib', 'react-jsx.d.ts')), 'the React typing is in the program');
    assert.deepEqual(
      files.filter((file) => isReact(file)),
      [],
      'and React is not',
    );
  });
});
