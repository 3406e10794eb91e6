// dist/server.js: `veratad-verify/server` as one ES module for Node 20+ and Fetch-API runtimes. zod/mini (the
// result checks of User Status and the webhook) is bundled in, and the only Node import (in the Node adapter) is
// a type, so the file imports nothing: it runs with the zod version the tests ran (docs/decisions.md#the-build).
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
