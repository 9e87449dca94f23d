/** Gauges read at scrape time: connection pool, queue, voice inbox backlog, circuit breakers. */
import type { Knex } from 'knex';
import type { Metrics } from './registry.ts';
import type { Database } from '../db/database.ts';
import type { Queue } from '../queue/types.ts';
import type { Breakers } from '../../connectors/breakers.ts';

/** tarn's pool (knex's), as far as these metrics read it. */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  on(event: 'acquireRequest', fn: (id: number) => void): void;
  on(event: 'acquireSuccess' | 'acquireFail', fn: (id: number) => void): void;
}

const poolOf = (knex: Knex): TarnPool | undefined => (knex.client as { pool?: TarnPool }).pool;

/** Pool size, use and waits of the app connection pool. */
export function collectPool(metrics: Metrics, knex: Knex): void {
  const pool = poolOf(knex);
  if (pool) {
    const started = new Map<number, number>();
    pool.on('acquireRequest', (id) => started.set(id, performance.now()));
    const done = (id: number) => {
      const t = started.get(id);
      if (t === undefined) return;
      started.delete(id);
      metrics.poolWait.observe((performance.now() - t) / 1000);
    };
    pool.on('acquireSuccess', done);
    pool.on('acquireFail', done);
  }
  metrics.gauge('voxanne_db_pool_connections', 'App pool connections by state (used, idle, pending acquires, being created, max).', ['state'], (set) => {
    const p = poolOf(knex);
    if (!p) return;
    set({ state: 'used' }, p.numUsed());
    set({ state: 'idle' }, p.numFree());
    set({ state: 'waiting' }, p.numPendingAcquires());
    set({ state: 'creating' }, p.numPendingCreates());
    set({ state: 'max' }, p.max);
  });
}

export function collectQueue(metrics: Metrics, queue: Queue): void {
  metrics.gauge('voxanne_queue_jobs', 'Jobs in the queue by state, over every job name.', ['state'], async (set) => {
    const c = await queue.counts().catch(() => undefined);
    if (!c) return;
    for (const [state, n] of Object.entries(c)) set({ state }, n);
  });
}

/** A count over every org needs the owner connection (decision 0007); cached so scrapes stay cheap. */
const BACKLOG_CACHE_MS = 5_000;

export function collectInboxBacklog(metrics: Metrics, db: Pick<Database, 'owner'>): void {
  let cached: { at: number; value: number } | undefined;
  metrics.gauge('voxanne_voice_inbox_backlog', 'Voice inbox messages stored and not yet processed (all orgs).', [], async (set) => {
    if (!cached || performance.now() - cached.at > BACKLOG_CACHE_MS) {
      const owner = await db.owner();
      // The partial index voice_inbox_pending_idx holds exactly these rows.
      const rows: { n: number | string }[] = await owner('voice_inbox').whereNull('processed_at').count({ n: '*' });
      cached = { at: performance.now(), value: Number(rows[0]?.n ?? 0) };
    }
    set({}, cached.value);
  });
}

export function collectBreakers(metrics: Metrics, breakers: Breakers): void {
  metrics.gauge('voxanne_connector_breakers', 'Circuit breakers of (org, connector) pairs in this process, by connector and state.', ['connector', 'state'], (set) => {
    for (const [key, n] of breakers.countByState()) {
      const [connector, state] = key.split(' ');
      set({ connector, state }, n);
    }
  });
}
