import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const csv = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/** Every environment variable the platform reads, with its default. The README table mirrors this. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  DATABASE_URL: z.url().optional(),
  DATABASE_MIGRATION_URL: z.url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  VOXANNE_DATA_DIR: z.string().default('./.voxanne'),
  REDIS_URL: z.url().optional(),
  VOXANNE_ENCRYPTION_KEYS: z.string().optional(),
  CORS_ORIGINS: csv.default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(100 * 1024),
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  TRUST_PROXY: bool.default(false),
  VALIDATE_RESPONSES: bool.default(true),
  RUN_WORKERS: bool.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  database:
    | { driver: 'pg'; url: string; migrationUrl: string; poolMax: number }
    | { driver: 'pglite'; dataDir: string };
  dataDir: string;
  redisUrl: string | undefined;
  encryptionKeys: string | undefined;
  corsOrigins: string[];
  logLevel: Env['LOG_LEVEL'];
  bodyLimitBytes: number;
  rateLimit: { perKey: number; perIp: number; windowSeconds: number };
  session: { ttlHours: number; idleMinutes: number; secureCookie: boolean };
  trustProxy: boolean;
  validateResponses: boolean;
  runWorkers: boolean;
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {}

/** Parses the environment; a bad value names the variable so the operator can fix it at once. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.VOXANNE_ENCRYPTION_KEYS && e.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  VOXANNE_ENCRYPTION_KEYS: required in production');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    database: e.DATABASE_URL
      ? { driver: 'pg', url: e.DATABASE_URL, migrationUrl: e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }
      : { driver: 'pglite', dataDir: e.VOXANNE_DATA_DIR },
    dataDir: e.VOXANNE_DATA_DIR,
    redisUrl: e.REDIS_URL,
    encryptionKeys: e.VOXANNE_ENCRYPTION_KEYS,
    corsOrigins: e.CORS_ORIGINS,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    rateLimit: { perKey: e.RATE_LIMIT_PER_KEY, perIp: e.RATE_LIMIT_PER_IP, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
    session: {
      ttlHours: e.SESSION_TTL_HOURS,
      idleMinutes: e.SESSION_IDLE_MINUTES,
      secureCookie: e.PUBLIC_URL.startsWith('https://'),
    },
    trustProxy: e.TRUST_PROXY,
    validateResponses: e.VALIDATE_RESPONSES,
    runWorkers: e.RUN_WORKERS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
