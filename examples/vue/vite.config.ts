// Vite + Vue 3. Vue must be told that <veratad-verify> is a custom element, not a Vue component to resolve.
// The token endpoint is your backend: here Vite forwards /api to it (VERATAD_BACKEND, by default the
// examples/node-http.mjs server on 127.0.0.1:3000), in `vite` (dev) and `vite preview` alike.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const backend = process.env.VERATAD_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'veratad-verify' } } })],
  server: { proxy: { '/api': backend } },
  preview: { proxy: { '/api': backend } },
});
