import { defineConfig } from 'vite';
import { compactTemplates } from './scripts/compact-templates.js';

// The self-contained element bundle: lit and zod inlined, fully minified, one ES module.
// Decorators are the legacy (experimentalDecorators) kind, which Vite's Oxc transform lowers itself.
export default defineConfig({
  plugins: [compactTemplates()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    // The map ships beside the bundle, but the bundle does not point at it (a consumer's tools may).
    sourcemap: 'hidden',
    minify: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'veratad-verify.js' },
    // Pure annotations only help a consumer's bundler, and everything here is used once the tag registers.
    rolldownOptions: {
      // The element imports ReactiveElement, unsafeCSS and isServer from 'lit', whose index also loads lit-html and
      // lit-element for their side effects (registering their versions on globalThis). Nothing here uses either,
      // so they may go: about 3 KB gzip.
      treeshake: { moduleSideEffects: (id) => !/\/node_modules\/lit(-html|-element)?\//.test(id) },
      output: {
        minify: {
          compress: true,
          mangle: true,
          // Without codegen the minifier keeps the whitespace, for a consumer's bundler to strip.
          codegen: true,
          // Lit's cross-package internals (`_$AH`, …; never its stable `_$lit…$` markers): everything that reads
          // them is inside this one file. Not every `_` name: zod reads `_zod` by string.
          mangleProps: { include: /^_\$[A-Z][A-Za-z_]$/ },
        },
        comments: { annotation: false, jsdoc: false },
      },
    },
  },
});
