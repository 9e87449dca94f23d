import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './platform/logger.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrateLatest } from './platform/db/migrate.ts';
import { UnsafeAppRole } from './platform/db/role-check.ts';
import { bootPlatform, scheduleReencryption } from './app/boot.ts';
import { startServer } from './server.ts';
import { portalStatic } from './portal-static.ts';

const USAGE = `usage: voxanne <command>

  serve    start the API (and, unless RUN_WORKERS=false, the job workers)
  worker   run job workers only (needs REDIS_URL to share work with API processes)
  migrate  apply pending database migrations and exit`;

async function main(command: string | undefined) {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  if (command === 'migrate') {
    const db = await openDatabase(config.database);
    try {
      const applied = await migrateLatest(db);
      logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
    } finally {
      await db.close();
    }
    return;
  }

  if (command === 'serve') {
    const running = await startServer(config, { logger, namespace: config.queueNamespace, staticHandler: await portalStatic() });
    onSignals(logger, () => running.stop());
    const embedded = config.database.driver === 'pglite';
    process.stdout.write(
      `\nVoxanne is listening on ${running.url}\n` +
        `  Portal:        ${running.url}/\n` +
        `  API reference: ${running.url}/docs   (contract: ${running.url}/openapi.json)\n` +
        `  Database:      ${embedded ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}\n` +
        `  Queue:         ${running.platform.queue.kind}\n\n` +
        `Create the first org in the portal, or:\n` +
        `  curl -X POST ${running.url}/v1/signup -H 'content-type: application/json' \\\n` +
        `    -d '{"email":"you@clinic.example","password":"a-long-passphrase","name":"You","org_name":"My Clinic"}'\n` +
        (config.email.devMailbox
          ? `then open the verification link from ${running.url}/dev/mail (or GET ${running.url}/v1/dev/emails?to=you@clinic.example)\n` +
            `  curl -X POST ${running.url}/v1/signup/verify -H 'content-type: application/json' -d '{"token":"<token from the link>"}'\n\n`
          : `then open the verification link emailed to that address.\n\n`),
    );
    return;
  }

  if (command === 'worker') {
    if (!config.redisUrl) logger.warn('REDIS_URL is not set: this worker can only run jobs it enqueues itself');
    const platform = await bootPlatform(config, { logger, migrate: false, namespace: config.queueNamespace });
    await platform.queue.start();
    await scheduleReencryption(platform);
    logger.info({ queue: platform.queue.kind }, 'worker started');
    onSignals(logger, () => platform.close());
    return;
  }

  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
}

function onSignals(logger: ReturnType<typeof createLogger>, stop: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err: (err as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

main(process.argv[2]).catch((err) => {
  if (err instanceof ConfigError || err instanceof UnsafeAppRole) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`voxanne: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
