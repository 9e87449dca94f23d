import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrgCache } from '../../src/platform/cache/org-cache.ts';

/** The cache's own rules, without a database: TTL backstop, invalidation during a load, bypass while blind. */
const gate = { live: true };
const make = (load: (org: string) => Promise<string>) => new OrgCache<string>('test', load, gate, { ttlMs: 30_000, maxOrgs: 2 });

afterEach(() => {
  vi.useRealTimers();
  gate.live = true;
});

describe('OrgCache', () => {
  it('serves an org from memory until invalidated, and keys by org', async () => {
    let n = 0;
    const cache = make(async (org) => `${org}#${++n}`);
    expect(await cache.get('org_a')).toBe('org_a#1');
    expect(await cache.get('org_a')).toBe('org_a#1');
    expect(await cache.get('org_b')).toBe('org_b#2');
    cache.invalidate('org_a');
    expect(await cache.get('org_a')).toBe('org_a#3');
    expect(await cache.get('org_b')).toBe('org_b#2');
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 3, invalidations: 1 });
  });

  it('forgets an entry after the TTL even without an invalidation', async () => {
    vi.useFakeTimers();
    let n = 0;
    const cache = make(async () => `v${++n}`);
    expect(await cache.get('org_a')).toBe('v1');
    vi.advanceTimersByTime(29_000);
    expect(await cache.get('org_a')).toBe('v1');
    vi.advanceTimersByTime(2_000);
    expect(await cache.get('org_a')).toBe('v2');
  });

  it('does not keep a load that an invalidation overtook', async () => {
    const pending: ((v: string) => void)[] = [];
    const cache = make(() => new Promise<string>((resolve) => pending.push(resolve)));
    const stale = cache.get('org_a');
    cache.invalidate('org_a');
    pending[0]!('old');
    expect(await stale).toBe('old');
    const fresh = cache.get('org_a');
    pending[1]!('new');
    expect(await fresh).toBe('new');
  });

  it('shares one load between concurrent callers and does not cache a failure', async () => {
    let n = 0;
    const cache = make(async () => {
      n++;
      if (n === 1) throw new Error('database down');
      return `v${n}`;
    });
    const [a, b] = await Promise.allSettled([cache.get('org_a'), cache.get('org_a')]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    expect(n).toBe(1);
    expect(await cache.get('org_a')).toBe('v2');
  });

  it('bypasses memory while invalidations are not arriving', async () => {
    let n = 0;
    const cache = make(async () => `v${++n}`);
    await cache.get('org_a');
    gate.live = false;
    expect(await cache.get('org_a')).toBe('v2');
    expect(await cache.get('org_a')).toBe('v3');
  });

  it('holds at most maxOrgs entries, dropping the least recently loaded', async () => {
    let n = 0;
    const cache = make(async (org) => `${org}#${++n}`);
    await cache.get('org_a');
    await cache.get('org_b');
    await cache.get('org_c');
    expect(cache.stats().size).toBe(2);
    expect(await cache.get('org_a')).toBe('org_a#4');
  });
});
