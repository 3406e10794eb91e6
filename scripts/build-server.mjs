// dist/server.js: `veratad-verify/server` as one ES module for Node 20+ and Fetch-API runtimes. zod is not used
// on the server, and the only Node import (in the Node adapter) is a type, so the file has no dependencies.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/server/index.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
});
