import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { ROUTE_ROOTS } from './src/routes.ts';

/** dist/routes.json: core answers index.html only under these first segments, every other path is a 404. */
const routeManifest = (): Plugin => ({
  name: 'voxanne-route-manifest',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'routes.json', source: `${JSON.stringify({ roots: ROUTE_ROOTS })}\n` });
  },
});

// Core serves dist/ at / with an SPA fallback and the API under /v1 on the same origin, so the dev server
// proxies /v1 to a locally running core (npm start) and the portal never needs CORS or a base URL.
export default defineConfig({
  plugins: [react(), routeManifest()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/v1': process.env.VOXANNE_API_URL ?? 'http://localhost:3000' } },
});
