import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { createLogger, type Logger } from './logger.ts';
import { openDatabase } from './db/database.ts';
import { migrateLatest } from './db/migrate.ts';
import { assertSafeAppRole } from './db/role-check.ts';
import { createCaches, type Caches } from './cache/index.ts';
import { createQueue } from './queue/index.ts';
import { createLimiter } from './rate-limit.ts';
import { createRequestLimiter } from './request-limit.ts';
import { createMetrics } from './metrics/registry.ts';
import { createReplayCache } from './replay-cache.ts';
import { instrumentQueue } from './metrics/queue.ts';
import { collectBreakers, collectInboxBacklog, collectPool, collectQueue } from './metrics/collectors.ts';
import { keyringFromConfig } from './keyring-source.ts';
import { reencryptAll } from './crypto/index.ts';
import { registerIdempotencyPurge } from './http/idempotency-purge.ts';
import type { Deps } from './deps.ts';
import type { Keyring } from './crypto/keyring.ts';
import type { EncryptedColumn } from './crypto/index.ts';
import type { Knex } from 'knex';
import { createConnectorRegistry } from '../connectors/registry.ts';
import type { LoadIntegration } from '../connectors/types.ts';
import { localEmailStore } from '../connectors/email-outbox.ts';

export interface Platform extends Deps {
  close(): Promise<void>;
}

export interface BootOptions {
  logger?: Logger;
  /** Run pending migrations first (serve does; a worker process may leave it to serve). */
  migrate?: boolean;
  /** Separates Redis keys (queue, rate limits) of processes that share one Redis but not one deployment. */
  namespace?: string;
}

/**
 * What the app hands the platform at boot, so the platform itself imports no module (the app, src/app/, knows
 * the modules and assembles these from their manifests).
 */
export interface PlatformWiring {
  /** Each org's stored vendor credentials, for the connector registry. */
  loadIntegration(knex: Knex, keyring: Keyring): LoadIntegration;
  /** Every column holding keyring ciphertext; the re-encryption job walks these. */
  encryptedColumns: EncryptedColumn[];
  /** Registers the modules' job handlers on the queue, after the platform's own. */
  registerJobs(platform: Platform): void;
}

/** Builds every shared piece once; the order matters because later pieces use earlier ones. */
export async function buildPlatform(config: Config, options: BootOptions, wiring: PlatformWiring): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await openDatabase(config.database);
  let caches: Caches | undefined;
  try {
    if (options.migrate !== false) {
      const applied = await migrateLatest(db);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    await assertSafeAppRole(db.knex);
    caches = await createCaches(db, logger);
    const keyring = keyringFromConfig(config, logger);
    const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false }) : undefined;
    const metrics = createMetrics();
    const queue = instrumentQueue(createQueue({ redisUrl: config.redisUrl, prefix: options.namespace ? `vox_${options.namespace}` : undefined, logger, ...(config.queueLockMs ? { lockDurationMs: config.queueLockMs } : {}) }), metrics);
    const window = config.rateLimit.windowSeconds;
    const ns = options.namespace ? `${options.namespace}_` : '';
    const limiters = {
      requests: createRequestLimiter({ prefix: ns, perIp: config.rateLimit.perIp, perKey: config.rateLimit.perKey, windowSeconds: window, redis, logger }),
      voiceSignatureFailures: createRequestLimiter({
        prefix: `${ns}vsig_`,
        perIp: config.voiceWebhookFailures.perIp,
        perKey: config.voiceWebhookFailures.perOrg,
        windowSeconds: 60,
        redis,
        logger,
      }),
      loginPerAccount: createLimiter({ prefix: `${ns}login_acct`, points: 5, durationSeconds: 15 * 60, redis }),
      loginPerIp: createLimiter({ prefix: `${ns}login_ip`, points: 50, durationSeconds: 15 * 60, redis }),
      // Sign-up sends mail, so it is throttled like sign-in: a few per address, more per IP (a clinic's front desk).
      signupPerEmail: createLimiter({ prefix: `${ns}signup_email`, points: 5, durationSeconds: 15 * 60, redis }),
      signupPerIp: createLimiter({ prefix: `${ns}signup_ip`, points: 100, durationSeconds: 15 * 60, redis }),
    };
    const connectors = createConnectorRegistry({
      config: config.connectors,
      dataDir: config.dataDir,
      logger,
      // Each org's vendor calls use that org's own stored credentials.
      loadIntegration: wiring.loadIntegration(db.knex, keyring),
      emailOutbox: localEmailStore(db.knex),
    });
    collectPool(metrics, db.knex);
    collectQueue(metrics, queue);
    collectInboxBacklog(metrics, db);
    collectBreakers(metrics, connectors.breakers);
    const platform: Platform = {
      config,
      logger,
      db,
      knex: db.knex,
      keyring,
      queue,
      redis,
      limiters,
      caches,
      connectors,
      metrics,
      replays: createReplayCache({ prefix: ns, redis }),
      async close() {
        await queue.drain();
        await caches!.close();
        await db.close();
        redis?.disconnect();
      },
    };
    registerPlatformJobs(platform, wiring.encryptedColumns);
    wiring.registerJobs(platform);
    return platform;
  } catch (err) {
    await caches?.close();
    await db.close();
    throw err;
  }
}

export const REENCRYPT_JOB = 'keyring.reencrypt';

function registerPlatformJobs(p: Platform, columns: EncryptedColumn[]) {
  p.queue.process(REENCRYPT_JOB, async () => {
    // Runs as the schema owner: it must see every org's rows, which the app role by design cannot.
    const reports = await reencryptAll({ keyring: p.keyring, columns, db: await p.db.owner() });
    p.logger.info({ reports: reports.map((r) => ({ table: r.table, column: r.column, reencrypted: r.reencrypted, failures: r.failures.length })) }, 'keyring re-encryption finished');
  });
  registerIdempotencyPurge(p);
}
