/**
 * The first path segments the portal answers. Core serves index.html only under these (the build writes
 * them to dist/routes.json, see vite.config.ts), so any other path, like /metrics or /favicon.ico, is a
 * 404 rather than the dashboard. A page whose path starts elsewhere needs its segment here.
 */
import { NAV } from './nav.ts';

const OUTSIDE_NAV = ['signin', 'signup', 'accept-invite', 'dev'];

export const ROUTE_ROOTS: string[] = [...new Set([...OUTSIDE_NAV, ...NAV.flatMap((s) => s.items.map((i) => i.to.split('/')[1] ?? ''))])]
  .filter(Boolean)
  .sort();

const ROOTS = new Set(ROUTE_ROOTS);

/** Whether a path belongs to the portal (what core would answer with index.html). */
export function isPortalPath(path: string): boolean {
  const first = path.split('/')[1] ?? '';
  return first === '' || ROOTS.has(first);
}
