import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';

const PORTAL_DIST = fileURLToPath(new URL('../../portal/dist', import.meta.url));

/**
 * Serves the built portal at / with an SPA fallback to index.html. Returns undefined when the portal
 * has not been built, so the API still runs on its own.
 */
export async function portalStatic(dist = PORTAL_DIST): Promise<RequestHandler | undefined> {
  if (!existsSync(`${dist}/index.html`)) return undefined;
  const files = express.static(dist, { index: 'index.html', maxAge: '1h' });
  return (req, res, next) => {
    if (req.method !== 'GET' || req.path.startsWith('/v1/')) return next();
    files(req, res, () => res.sendFile('index.html', { root: dist }));
  };
}
