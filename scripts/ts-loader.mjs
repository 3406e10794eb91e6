// Lets `node --test` run TypeScript tests on Node 20 by compiling .ts with esbuild (already a dev dependency).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
