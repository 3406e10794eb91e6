// What the framework example tests share.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import ts from 'typescript';

/** Type-checks the project of a tsconfig.json as `tsc -p` would; returns its errors, formatted. */
export function typeErrors(tsconfig: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) return [`${tsconfig} could not be read`];
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const host = {
    getCanonicalFileName: (name: string) => name,
    getCurrentDirectory: () => dirname(tsconfig),
    getNewLine: () => '\n',
  };
  return [...config.errors, ...ts.getPreEmitDiagnostics(program)].map((d) => ts.formatDiagnostic(d, host).trim());
}

/** Runs a command to completion; resolves with its output (stdout and stderr), rejects with it on failure. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

/** A port free on 127.0.0.1 right now (for a server that cannot be told to take port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
