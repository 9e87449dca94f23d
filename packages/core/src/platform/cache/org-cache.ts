/**
 * A per-org cache of something rarely written and read on every call (the scheduling catalog). Entries
 * are dropped when the database says the org's rows changed (invalidation.ts), after a short TTL as a
 * backstop, and all at once whenever the invalidation feed was interrupted. While the feed is down the
 * cache is bypassed: a process that might miss an invalidation must not answer from memory.
 *
 * Keys are org ids and every load runs scoped to that org, so one org's entry can only ever hold what RLS
 * let that org see.
 */
export interface CacheGate {
  /** True while invalidations are being received. */
  readonly live: boolean;
}

export interface OrgCacheStats {
  hits: number;
  misses: number;
  invalidations: number;
  size: number;
}

export class OrgCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();
  private readonly counts = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    readonly kind: string,
    private readonly load: (orgId: string) => Promise<T>,
    private readonly gate: CacheGate,
    private readonly options: { ttlMs: number; maxOrgs: number },
  ) {}

  get(orgId: string): Promise<T> {
    if (!this.gate.live) {
      this.counts.misses++;
      return this.load(orgId);
    }
    const now = Date.now();
    const known = this.entries.get(orgId);
    if (known && known.expires > now) {
      this.counts.hits++;
      return known.value;
    }
    this.counts.misses++;
    // The entry exists before the load starts, so an invalidation arriving while it runs removes it and the
    // next caller loads again: a load that may have read the old rows is never kept past that invalidation.
    const entry = { value: this.load(orgId), expires: now + this.options.ttlMs };
    this.entries.delete(orgId);
    this.entries.set(orgId, entry);
    if (this.entries.size > this.options.maxOrgs) this.entries.delete(this.entries.keys().next().value!);
    entry.value.catch(() => {
      if (this.entries.get(orgId) === entry) this.entries.delete(orgId);
    });
    return entry.value;
  }

  invalidate(orgId: string): void {
    this.counts.invalidations++;
    this.entries.delete(orgId);
  }

  flush(): void {
    this.entries.clear();
  }

  stats(): OrgCacheStats {
    return { ...this.counts, size: this.entries.size };
  }
}
