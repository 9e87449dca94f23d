import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { generateKeySpec } from '../../src/platform/crypto/index.ts';
import { portalStatic } from '../../src/portal-static.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export type TestDb = 'pg' | 'pglite';

/** Which database the suite runs on: CI runs the API suites once per driver (see vitest.config.ts). */
export const TEST_DB: TestDb = process.env.TEST_DB === 'pglite' ? 'pglite' : 'pg';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestServer extends RunningServer {
  config: Config;
  /** Every log line the server wrote, for asserting what logs never contain. */
  logs: string[];
  db: TestDatabase | undefined;
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  driver?: TestDb;
  redis?: boolean;
  /** Reuse a data folder (embedded restarts) or database. */
  dataDir?: string;
  database?: TestDatabase;
  /** Serve the built portal at / (packages/portal/dist must exist). */
  portal?: boolean;
  /** Serve this folder as the portal instead (a stand-in build). */
  portalDist?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const driver = options.driver ?? TEST_DB;
  const useRedis = options.redis ?? true;
  const db = driver === 'pg' ? (options.database ?? (await createTestDatabase())) : undefined;
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'voxanne-test-'));
  // Links the server mails (sign-up verification) must reach it, so it listens on a port known up front,
  // from which the public URL is derived (HOST and PORT, as when PUBLIC_URL is unset in development).
  const port = options.env?.PORT ?? String(await freePort());
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: port,
    LOG_LEVEL: 'info',
    // In-memory PGlite unless a test needs the files (restarts); a fresh on-disk cluster costs seconds.
    VOXANNE_DATA_DIR: driver === 'pglite' && !options.dataDir ? ':memory:' : dataDir,
    VOXANNE_ENCRYPTION_KEYS: generateKeySpec('test1'),
    ...(db ? { DATABASE_URL: db.appUrl, DATABASE_MIGRATION_URL: db.ownerUrl } : {}),
    ...(useRedis ? { REDIS_URL: TEST_REDIS_URL } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const running = await startServer(config, {
    logger: createLogger(config.logLevel, sink),
    namespace: `t${randomBytes(5).toString('hex')}`,
    staticHandler: options.portalDist ? await portalStatic(options.portalDist) : options.portal ? await portalStatic() : undefined,
  });
  return {
    ...running,
    config,
    logs,
    db,
    async close() {
      await running.stop();
      if (db && !options.database) await db.drop();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
