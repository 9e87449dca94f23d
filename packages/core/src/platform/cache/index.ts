/**
 * The per-org caches of one process and the feed that invalidates them. Modules ask for their cache by
 * kind (`caches.of('scheduling', load)`); a notification `<kind>:<org>` drops that org's entry of that kind.
 */
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { startPgFeed, startPgliteFeed, type InvalidationFeed } from './invalidation.ts';
import { OrgCache, type OrgCacheStats } from './org-cache.ts';

export { OrgCache } from './org-cache.ts';

/** Long enough to absorb a call's worth of tool calls; short enough to bound any missed invalidation. */
export const CACHE_TTL_MS = 30_000;
const MAX_ORGS = 10_000;

export interface Caches {
  of<T>(kind: string, load: (orgId: string) => Promise<T>): OrgCache<T>;
  /** Hit and miss counts per kind, and whether invalidations are flowing (a metrics hook). */
  stats(): { live: boolean; kinds: Record<string, OrgCacheStats> };
  close(): Promise<void>;
}

export async function createCaches(db: Database, logger: Logger): Promise<Caches> {
  const feed: InvalidationFeed = db.embedded ? await startPgliteFeed(db.embedded) : await startPgFeed(db.connectionUrl!, logger);
  const caches = new Map<string, OrgCache<unknown>>();
  feed.subscribe((kind, orgId) => {
    if (!kind || !orgId) for (const c of caches.values()) c.flush();
    else caches.get(kind)?.invalidate(orgId);
  });
  return {
    of<T>(kind: string, load: (orgId: string) => Promise<T>) {
      let c = caches.get(kind) as OrgCache<T> | undefined;
      if (!c) caches.set(kind, (c = new OrgCache<T>(kind, load, feed, { ttlMs: CACHE_TTL_MS, maxOrgs: MAX_ORGS }) as OrgCache<T>));
      return c;
    },
    stats() {
      return { live: feed.live, kinds: Object.fromEntries([...caches].map(([k, c]) => [k, c.stats()])) };
    },
    close: () => feed.close(),
  };
}
