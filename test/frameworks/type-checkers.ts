// Runs a framework's own type checker over a fixture directory and reads its diagnostics, so a type test can say
// exactly which lines must fail and that nothing else does. The fixtures import the package by its own name, which
// resolves through package.json "exports" to the built dist/lib: run after `npm run build`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface Diagnostic {
  /** The file's name, without its directory. */
  file: string;
  line: number;
  /** The first line of the message, with its code (`TS2322`, `NG8001`) when the checker gives one. */
  message: string;
}

export interface CheckerRun {
  exitCode: number;
  diagnostics: Diagnostic[];
  output: string;
}

/** Fails with a clear message when the build the fixtures resolve to is missing. */
export function assertBuilt(file: string): void {
  assert.ok(existsSync(new URL(file, `file://${ROOT}`)), `${file} is missing: run \`npm run build\` first`);
}

/** Runs a command to its end; a non-zero exit is a result (a checker that found errors), not a failure to run. */
export async function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ exitCode: number; output: string; stdout: string }> {
  const settings = { cwd: options.cwd ?? ROOT, env: options.env, maxBuffer: 16 * 1024 * 1024 };
  try {
    const { stdout, stderr } = await execFileAsync(command, args, settings);
    return { exitCode: 0, output: `${stdout}${stderr}`, stdout };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    const stdout = failed.stdout ?? '';
    return { exitCode: failed.code, output: `${stdout}${failed.stderr ?? ''}`, stdout };
  }
}

const run = (command: string, args: string[]) => runCommand(command, args);

const baseName = (path: string) => path.split('/').pop() ?? path;
// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** `file(line,col): error TS1234: message`, as tsc and vue-tsc print without --pretty. */
function tscDiagnostics(output: string): Diagnostic[] {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/gm)].map((m) => ({
    file: baseName(m[1]),
    line: Number(m[2]),
    message: m[3],
  }));
}

/** `<time> ERROR "file" line:col "message"`, svelte-check's machine output. */
function svelteDiagnostics(output: string): Diagnostic[] {
  return [...output.matchAll(/^\d+ ERROR "(.+?)" (\d+):\d+ "(.*)"$/gm)].map((m) => ({
    file: baseName(m[1]),
    line: Number(m[2]),
    message: (JSON.parse(`"${m[3]}"`) as string).split('\n')[0],
  }));
}

/** `file:line:col - error CODE: message`, ngc's (always pretty) output with its colours removed. */
function ngcDiagnostics(output: string): Diagnostic[] {
  return [...stripAnsi(output).matchAll(/^(.+?):(\d+):\d+ - error ((?:TS|NG)\d+: .*)$/gm)].map((m) => ({
    file: baseName(m[1]),
    line: Number(m[2]),
    message: m[3],
  }));
}

const bin = (name: string) => `${ROOT}node_modules/.bin/${name}`;

export async function vueTsc(project: string): Promise<CheckerRun> {
  const result = await run(bin('vue-tsc'), ['--noEmit', '--pretty', 'false', '-p', project]);
  return { ...result, diagnostics: tscDiagnostics(result.output) };
}

export async function tsc(project: string): Promise<CheckerRun> {
  const result = await run(bin('tsc'), ['--noEmit', '--pretty', 'false', '-p', project]);
  return { ...result, diagnostics: tscDiagnostics(result.output) };
}

export async function svelteCheck(workspace: string): Promise<CheckerRun> {
  const result = await run(bin('svelte-check'), ['--workspace', workspace, '--output', 'machine']);
  return { ...result, diagnostics: svelteDiagnostics(result.output) };
}

export async function ngc(project: string): Promise<CheckerRun> {
  const result = await run(bin('ngc'), ['-p', project]);
  return { ...result, diagnostics: ngcDiagnostics(result.output) };
}

/**
 * The run reported exactly the expected errors: one per `[file, line, fragment]` (the message contains the
 * fragment), and none anywhere else.
 */
export function assertDiagnostics(run: CheckerRun, expected: Array<[file: string, line: number, fragment: string]>) {
  // In file and line order; errors on one line in the order of their text (give fragments their code then).
  const key = (file: string, line: number, text: string) => `${file}:${String(line).padStart(5, '0')}:${text}`;
  const found = [...run.diagnostics].sort((a, b) =>
    key(a.file, a.line, a.message).localeCompare(key(b.file, b.line, b.message)),
  );
  const wanted = [...expected].sort((a, b) => key(...a).localeCompare(key(...b)));
  assert.deepEqual(
    found.map((d) => `${d.file}:${d.line}`),
    wanted.map(([file, line]) => `${file}:${line}`),
    `the lines with errors:\n${run.output}`,
  );
  for (const [index, [, , fragment]] of wanted.entries()) {
    assert.ok(found[index].message.includes(fragment), `"${found[index].message}" should say "${fragment}"`);
  }
  assert.equal(run.exitCode === 0, expected.length === 0, `exit code ${run.exitCode}:\n${run.output}`);
}
