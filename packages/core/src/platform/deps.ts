import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from './db/database.ts';
import type { Keyring } from './crypto/keyring.ts';
import type { Queue } from './queue/types.ts';
import type { Limiter } from './rate-limit.ts';
import type { RequestLimiter } from './request-limit.ts';
import type { Metrics } from './metrics/registry.ts';
import type { ReplayCache } from './replay-cache.ts';
import type { ConnectorRegistry } from '../connectors/registry.ts';
import type { Caches } from './cache/index.ts';

export interface Limiters {
  /** Every API request: per client IP and per API key or user, spent together (one Redis round trip). */
  requests: RequestLimiter;
  /** Failed voice webhook signatures, per client IP ("ip") and per org ("key"). */
  voiceSignatureFailures: RequestLimiter;
  loginPerAccount: Limiter;
  loginPerIp: Limiter;
  signupPerEmail: Limiter;
  signupPerIp: Limiter;
}

/** Everything a module needs from the platform, built once per process and passed down. */
export interface Deps {
  config: Config;
  logger: Logger;
  db: Database;
  knex: Knex;
  keyring: Keyring;
  queue: Queue;
  redis: Redis | undefined;
  limiters: Limiters;
  /** Voice and TTS connectors per org (per-org credentials and circuit breakers). */
  connectors: ConnectorRegistry;
  /** Per-org caches of rarely written configuration, invalidated by the database on commit. */
  caches: Caches;
  /** This process's Prometheus metrics (served at /metrics). */
  metrics: Metrics;
  /** Answers to replayed signed webhooks, shared by every API process. */
  replays: ReplayCache;
}
