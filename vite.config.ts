import { defineConfig, type Plugin } from 'vite';

/** Drops the line breaks and indentation inside our css`` templates (Lit ships template text as written). */
function compactCssTemplates(): Plugin {
  return {
    name: 'compact-css-templates',
    transform(code, id) {
      if (!id.includes('/src/') || !code.includes('css`')) return null;
      return {
        code: code.replace(/css`([^`]*)`/g, (_, body: string) => `css\`${body.replace(/\s*\n\s*/g, '')}\``),
        map: null,
      };
    },
  };
}

// The self-contained element bundle: lit and zod inlined, fully minified, one ES module.
// Decorators are the legacy (experimentalDecorators) kind, which Vite's Oxc transform lowers itself.
export default defineConfig({
  plugins: [compactCssTemplates()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    minify: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'veratad-verify.js' },
    // Pure annotations only help a consumer's bundler, and everything here is used once the tag registers.
    rolldownOptions: { output: { minify: true, comments: { annotation: false, jsdoc: false } } },
  },
});
