import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` forwards /api to your backend's token endpoint (createTokenHandler, e.g. examples/node-http.mjs on
// port 3000); set VERATAD_BACKEND to point elsewhere.
export default defineConfig({
  plugins: [react()],
  // One React, even when veratad-verify is a linked folder (`file:../..`) with node_modules of its own.
  resolve: { dedupe: ['react', 'react-dom'] },
  server: { proxy: { '/api': process.env.VERATAD_BACKEND ?? 'http://127.0.0.1:3000' } },
  preview: { proxy: { '/api': process.env.VERATAD_BACKEND ?? 'http://127.0.0.1:3000' } },
});
