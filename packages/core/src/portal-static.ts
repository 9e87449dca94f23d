import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import { sendProblem } from './platform/http/problem.ts';

const PORTAL_DIST = fileURLToPath(new URL('../../portal/dist', import.meta.url));

/** The first path segments the portal routes, as its build writes them (packages/portal/src/routes.ts). */
function routeRoots(dist: string): Set<string> {
  const file = `${dist}/routes.json`;
  if (!existsSync(file)) throw new Error(`${file} is missing: rebuild the portal (npm run build --workspace @voxanne/portal).`);
  const { roots } = JSON.parse(readFileSync(file, 'utf8')) as { roots: string[] };
  return new Set(roots);
}

/**
 * Serves the built portal at /: its files, and index.html for the portal's own routes (deep links and
 * reloads). Any other path outside /v1 is a 404, never the dashboard: /metrics, /favicon.ico or /.env must
 * not answer 200 with HTML. Routes mounted before this one (ops, docs, metrics) still win. Returns
 * undefined when the portal has not been built, so the API still runs on its own.
 */
export async function portalStatic(dist = PORTAL_DIST): Promise<RequestHandler | undefined> {
  if (!existsSync(`${dist}/index.html`)) return undefined;
  const roots = routeRoots(dist);
  const files = express.static(dist, { index: false, maxAge: '1h', dotfiles: 'ignore' });
  const isPortalRoute = (path: string) => {
    const first = path.split('/')[1] ?? '';
    // A dotted last segment asks for a file; one that is not in the build is missing, not a page.
    return (first === '' || roots.has(first)) && !/\.[^/]*$/.test(path);
  };
  const notFound: RequestHandler = (req, res) => sendProblem(res, 404, 'not_found', `No route for ${req.method} ${req.path}.`);
  return (req, res, next) => {
    if (req.path.startsWith('/v1/')) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(req, res, next);
    files(req, res, () => {
      if (!isPortalRoute(req.path)) return notFound(req, res, next);
      res.sendFile('index.html', { root: dist });
    });
  };
}
