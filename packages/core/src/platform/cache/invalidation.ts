/**
 * The invalidation feed: triggers on the cached tables `pg_notify('voxanne_cache', '<kind>:<org id>')`
 * (migration 20261204060000), and PostgreSQL delivers a notification only when its transaction commits, to
 * every listening session. Each process keeps one listening connection; on PGlite, the one embedded session
 * delivers them through PGlite's own listen. Whenever the connection drops, the caches are flushed and
 * bypassed until it is back (and flushed again then, for anything missed in between).
 */
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import type { CacheGate } from './org-cache.ts';

export const CACHE_CHANNEL = 'voxanne_cache';

export interface InvalidationFeed extends CacheGate {
  /** Called with (kind, orgId) per notification, and with no arguments for "forget everything". */
  subscribe(fn: (kind?: string, orgId?: string) => void): void;
  close(): Promise<void>;
}

function parse(payload: string | undefined): [string, string] | null {
  const at = payload?.indexOf(':') ?? -1;
  return at > 0 ? [payload!.slice(0, at), payload!.slice(at + 1)] : null;
}

abstract class Feed implements InvalidationFeed {
  live = false;
  private readonly subscribers: ((kind?: string, orgId?: string) => void)[] = [];
  subscribe(fn: (kind?: string, orgId?: string) => void) {
    this.subscribers.push(fn);
  }
  protected notify(payload: string | undefined) {
    const parsed = parse(payload);
    for (const fn of this.subscribers) parsed ? fn(parsed[0], parsed[1]) : fn();
  }
  protected setLive(live: boolean) {
    this.live = live;
    for (const fn of this.subscribers) fn();
  }
  abstract close(): Promise<void>;
}

const RETRY_MS = [100, 500, 1000, 2000, 5000];

class PgFeed extends Feed {
  private client: pg.Client | undefined;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  async start(): Promise<void> {
    await this.connect().catch(() => this.retry());
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'voxanne-cache-listener' });
    this.client = client;
    client.on('notification', (msg) => {
      if (msg.channel === CACHE_CHANNEL) this.notify(msg.payload);
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.setLive(false);
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      client.end().catch(() => undefined);
      if (!this.closed) {
        this.logger.warn({ err: err?.message }, 'cache invalidation feed lost; caches bypassed until it is back');
        this.retry();
      }
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (err) {
      lost(err as Error);
      throw err;
    }
    if (this.client !== client) return;
    this.attempt = 0;
    // Anything cached before this point may have missed an invalidation while no one was listening.
    this.setLive(true);
  }

  private retry() {
    if (this.closed || this.timer) return;
    const delay = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]!;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect().catch(() => undefined);
    }, delay);
    this.timer.unref();
  }

  async close() {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.setLive(false);
    await client?.end().catch(() => undefined);
  }
}

class PgliteFeed extends Feed {
  private unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly pglite: PGlite) {
    super();
  }

  async start() {
    this.unlisten = await this.pglite.listen(CACHE_CHANNEL, (payload) => this.notify(payload));
    this.setLive(true);
  }

  async close() {
    this.setLive(false);
    if (!this.pglite.closed) await this.unlisten?.().catch(() => undefined);
  }
}

export async function startPgFeed(url: string, logger: Logger): Promise<InvalidationFeed> {
  const feed = new PgFeed(url, logger);
  await feed.start();
  return feed;
}

export async function startPgliteFeed(pglite: PGlite): Promise<InvalidationFeed> {
  const feed = new PgliteFeed(pglite);
  await feed.start();
  return feed;
}
