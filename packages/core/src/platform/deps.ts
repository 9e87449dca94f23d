import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from './db/database.ts';
import type { Keyring } from './crypto/keyring.ts';
import type { Queue } from './queue/types.ts';
import type { Limiter } from './rate-limit.ts';
import type { ConnectorRegistry } from '../connectors/registry.ts';

export interface Limiters {
  perIp: Limiter;
  perKey: Limiter;
  loginPerAccount: Limiter;
  loginPerIp: Limiter;
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
}
