// npm run lint:templates: lit-analyzer, strict, over the element class and any html`` template in src/ (the tests build
// their DOM without templates); any finding fails.
// Run as `node --import ./scripts/ts-loader.mjs scripts/lit-analyzer.mjs [dir…]`.
//
// lit-analyzer learns a LitElement's attributes from decorators and `static get properties()`, but not from a
// `static properties = {…}` field, which is how this element declares them. So the attributes are read from the
// element class itself (what Lit observes, with Boolean ones marked) and handed to lit-analyzer as custom HTML
// data: a typo such as `tokn-url` in a template is still an unknown attribute, and the class stays the one source.
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import ts from 'typescript';
import { TAG_NAME, VeratadVerify } from '../src/index.ts';

const require = createRequire(import.meta.url);
/** @type {typeof import('lit-analyzer')} */
const { DefaultLitAnalyzerContext, LitAnalyzer, makeConfig } = require('lit-analyzer');

const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['src'];

/** The element's attributes as VS Code custom data (the format lit-analyzer's `customHtmlData` takes). */
function elementHtmlData() {
  const observed = VeratadVerify.observedAttributes; // also finalizes elementProperties
  const attributes = [];
  for (const [property, options] of VeratadVerify.elementProperties) {
    if (options.attribute === false || typeof property !== 'string') continue;
    const name = typeof options.attribute === 'string' ? options.attribute : property.toLowerCase();
    attributes.push({
      name,
      description: `Sets the \`${property}\` property.`,
      ...(options.type === Boolean ? { valueSet: 'v' } : {}),
    });
  }
  const names = attributes.map((a) => a.name).sort();
  if (JSON.stringify(names) !== JSON.stringify([...observed].sort())) {
    throw new Error(`lit-analyzer data: ${names.join(' ')} is not what Lit observes: ${observed.join(' ')}`);
  }
  return { version: 1.1, tags: [{ name: TAG_NAME, attributes }] };
}

/** The root tsconfig's compiler options, with what lit-analyzer's own CLI forces. */
function compilerOptions() {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    'tsconfig.json',
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  return { ...parsed.options, noEmit: true, allowJs: true, strictNullChecks: true, skipLibCheck: true };
}

const files = ts.sys
  .readDirectory(
    '.',
    ['.ts'],
    undefined,
    dirs.map((dir) => `${dir}/**/*`),
  )
  .filter((file) => !file.endsWith('.d.ts'))
  .map((file) => ts.sys.resolvePath(file));
const program = ts.createProgram(files, compilerOptions());
const context = new DefaultLitAnalyzerContext({ getProgram: () => program });
context.updateConfig(makeConfig({ strict: true, customHtmlData: [elementHtmlData()] }));
const analyzer = new LitAnalyzer(context);

let problems = 0;
for (const file of files) {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`lit-analyzer: ${file} is not in the program`);
  for (const diagnostic of analyzer.getDiagnosticsInFile(source)) {
    problems++;
    const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.location.start);
    const where = `${relative('.', file)}:${line + 1}:${character + 1}`;
    console.log(`${where}  ${diagnostic.severity}  ${diagnostic.message}  lit-analyzer(${diagnostic.source})`);
  }
}
console.log(
  `lit-analyzer (strict): ${problems} problem${problems === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`,
);
if (problems) process.exitCode = 1;
