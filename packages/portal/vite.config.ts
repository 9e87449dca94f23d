import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Core serves dist/ at / with an SPA fallback and the API under /v1 on the same origin, so the dev server
// proxies /v1 to a locally running core (npm start) and the portal never needs CORS or a base URL.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/v1': process.env.VOXANNE_API_URL ?? 'http://localhost:3000' } },
});
