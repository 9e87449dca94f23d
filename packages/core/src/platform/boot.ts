import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { createLogger, type Logger } from './logger.ts';
import { openDatabase } from './db/database.ts';
import { migrateLatest } from './db/migrate.ts';
import { createQueue } from './queue/index.ts';
import { createLimiter } from './rate-limit.ts';
import { keyringFromConfig } from './keyring-source.ts';
import { reencryptAll } from './crypto/index.ts';
import { ENCRYPTED_COLUMNS } from './encrypted-columns.ts';
import type { Deps } from './deps.ts';
import { createConnectorRegistry } from '../connectors/registry.ts';
import { loadStoredIntegration } from '../modules/integrations/service.ts';
import { registerAgentJobs } from '../modules/agents/jobs.ts';
import { registerSchedulingJobs } from '../modules/bookings/jobs.ts';
import { registerCallJobs } from '../modules/calls/register-jobs.ts';
import { registerOutboundJobs } from '../modules/outbound/jobs.ts';
import { registerAnalysisJob } from '../modules/calls/analysis.ts';

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

/** Builds every shared piece once; the order matters because later pieces use earlier ones. */
export async function bootPlatform(config: Config, options: BootOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await openDatabase(config.database);
  try {
    if (options.migrate !== false) {
      const applied = await migrateLatest(db);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    const keyring = keyringFromConfig(config, logger);
    const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false }) : undefined;
    const queue = createQueue({ redisUrl: config.redisUrl, prefix: options.namespace ? `vox_${options.namespace}` : undefined, logger, ...(config.queueLockMs ? { lockDurationMs: config.queueLockMs } : {}) });
    const window = config.rateLimit.windowSeconds;
    const ns = options.namespace ? `${options.namespace}_` : '';
    const limiters = {
      perIp: createLimiter({ prefix: `${ns}ip`, points: config.rateLimit.perIp, durationSeconds: window, redis }),
      perKey: createLimiter({ prefix: `${ns}key`, points: config.rateLimit.perKey, durationSeconds: window, redis }),
      loginPerAccount: createLimiter({ prefix: `${ns}login_acct`, points: 5, durationSeconds: 15 * 60, redis }),
      loginPerIp: createLimiter({ prefix: `${ns}login_ip`, points: 50, durationSeconds: 15 * 60, redis }),
    };
    const platform: Platform = {
      config,
      logger,
      db,
      knex: db.knex,
      keyring,
      queue,
      redis,
      limiters,
      connectors: createConnectorRegistry({
        config: config.connectors,
        dataDir: config.dataDir,
        logger,
        // Each org's vendor calls use that org's own stored credentials.
        loadIntegration: (orgId, provider) => loadStoredIntegration(db.knex, keyring, orgId, provider),
      }),
      async close() {
        await queue.drain();
        await db.close();
        redis?.disconnect();
      },
    };
    registerPlatformJobs(platform);
    registerAgentJobs(platform);
    registerSchedulingJobs(platform);
    registerCallJobs(platform);
    registerOutboundJobs(platform);
    registerAnalysisJob(platform);
    return platform;
  } catch (err) {
    await db.close();
    throw err;
  }
}

export const REENCRYPT_JOB = 'keyring.reencrypt';

function registerPlatformJobs(p: Platform) {
  p.queue.process(REENCRYPT_JOB, async () => {
    // Runs as the schema owner: it must see every org's rows, which the app role by design cannot.
    const reports = await reencryptAll({ keyring: p.keyring, columns: ENCRYPTED_COLUMNS, db: await p.db.owner() });
    p.logger.info({ reports: reports.map((r) => ({ table: r.table, column: r.column, reencrypted: r.reencrypted, failures: r.failures.length })) }, 'keyring re-encryption finished');
  });
}

/** Queued once per active key id, so every process may ask and it still runs once. */
export async function scheduleReencryption(p: Platform) {
  await p.queue.add(REENCRYPT_JOB, {}, { jobId: `reencrypt-${p.keyring.activeKeyId}`, attempts: 5, backoffMs: 5000 });
}
