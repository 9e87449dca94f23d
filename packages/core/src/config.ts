import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** Express's named ranges, accepted in a TRUST_PROXY list. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [addr = '', bits, ...rest] = entry.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * How many proxies sit in front, or which addresses they have. Never "trust every hop": then the client
 * writes the left end of X-Forwarded-For itself, forging its IP in the audit log and dodging per-IP limits.
 */
const trustProxy = z.string().transform((v, ctx): false | number | string[] => {
  const s = v.trim();
  if (s === 'false') return false;
  if (/^\d{1,2}$/.test(s)) return Number(s) === 0 ? false : Number(s);
  const entries = s.split(',').map((e) => e.trim()).filter(Boolean);
  if (s !== 'true' && entries.length && entries.every(isProxyAddress)) return entries;
  ctx.addIssue({
    code: 'custom',
    message:
      s === 'true'
        ? '`true` would trust every hop and let any client forge its IP; set the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.0/8)'
        : 'expected false, the number of proxies in front (e.g. 1) or a comma-separated list of proxy addresses/CIDR ranges',
  });
  return z.NEVER;
});

const csv = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/** Every environment variable the platform reads, with its default. The README table mirrors this. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: derived from HOST and PORT (see publicUrlOf). */
  PUBLIC_URL: z.url().optional(),
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
  TRUST_PROXY: trustProxy.default(false),
  VALIDATE_RESPONSES: bool.default(true),
  RUN_WORKERS: bool.default(true),
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).optional(),
  QUEUE_NAMESPACE: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - (at most 40)').optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  // Voice and TTS connectors. Base URLs are configurable so tests (and proxies) can stand in for the vendor.
  // Unset: the simulator outside production, Vapi in production (see loadConfig).
  DEFAULT_VOICE_CONNECTOR: z.enum(['simulator', 'vapi']).optional(),
  // Account email (sign-up verification). Only the local outbox exists until SMTP (issue #15); in production
  // it is allowed but warned about at start (decision 0015), because nobody can read its mail there.
  EMAIL_CONNECTOR: z.enum(['local']).default('local'),
  VOICE_WEBHOOK_SECRET: z.string().min(16).optional(),
  VOICE_WEBHOOK_FAILURES_PER_IP: z.coerce.number().int().min(1).default(60),
  VOICE_WEBHOOK_FAILURES_PER_ORG: z.coerce.number().int().min(1).default(120),
  VOICE_TOOL_DEADLINE_MS: z.coerce.number().int().min(50).max(20_000).default(3000),
  VAPI_BASE_URL: z.url().default('https://api.vapi.ai'),
  ELEVENLABS_BASE_URL: z.url().default('https://api.elevenlabs.io'),
  OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
  CONNECTOR_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  CONNECTOR_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  CONNECTOR_BACKOFF_MS: z.coerce.number().int().min(1).default(200),
  CONNECTOR_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  CONNECTOR_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(10).default(30_000),
  SYNC_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  SYNC_JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(5_000),
  // Scheduling (issue #6): holds, SMS and Google Calendar. Vendor URLs are configurable for fakes and proxies.
  HOLD_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  TWILIO_BASE_URL: z.url().default('https://api.twilio.com'),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  GOOGLE_AUTH_BASE_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_API_ROOT_URL: z.url().default('https://www.googleapis.com/'),
  GOOGLE_CALENDAR_PUSH: bool.optional(),
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
  /** Express's `trust proxy`: false, a hop count, or proxy addresses/CIDRs. */
  trustProxy: false | number | string[];
  validateResponses: boolean;
  runWorkers: boolean;
  /** Separates the Redis keys (queue, rate limits) of deployments that share one Redis; API and worker processes of one deployment must agree. */
  queueNamespace: string | undefined;
  /** BullMQ job lock: how soon a dead worker's jobs go to another worker. */
  queueLockMs: number | undefined;
  shutdownTimeoutMs: number;
  /** /metrics: a bearer token it requires, and/or a separate port it is served on (see platform/metrics/route.ts). */
  metrics: { token: string | undefined; port: number | undefined };
  /** The longest a live tool call may take before the caller hears an apology instead (the vendor's own limit is longer). */
  voiceToolDeadlineMs: number;
  /** Failed voice webhook signatures allowed per minute per client IP and per org before they are answered 429. */
  voiceWebhookFailures: { perIp: number; perOrg: number };
  connectors: ConnectorConfig;
  /**
   * Account email. `devMailbox`: the local outbox is readable at GET /v1/dev/emails and /dev/mail, which is
   * only when the connector is local and this is not production.
   */
  email: { connector: 'local'; devMailbox: boolean };
  scheduling: SchedulingConfig;
}

/** Holds, SMS and Google Calendar (issue #6). */
export interface SchedulingConfig {
  holdTtlSeconds: number;
  twilioBaseUrl: string;
  google: {
    /** Both unset: the Google connect flow answers 422 google_not_configured. */
    clientId: string | undefined;
    clientSecret: string | undefined;
    authBaseUrl: string;
    tokenUrl: string;
    apiRootUrl: string;
    /** Push channels need a public HTTPS address: on by default only when PUBLIC_URL is https. */
    push: boolean;
  };
}

/** Everything the connector registry and the vendor-sync jobs read. */
export interface ConnectorConfig {
  /**
   * The voice connector of a live request in an org without its own Vapi integration. `vapi` (always, in
   * production) makes the integration mandatory: such a request answers 409 voice_not_configured.
   */
  defaultVoice: 'simulator' | 'vapi';
  /** Platform HMAC secret for voice server messages; unset in development means one is generated into the data dir. */
  voiceWebhookSecret: string | undefined;
  vapiBaseUrl: string;
  /** Same value as scheduling.twilioBaseUrl: the registry tests Twilio credentials too. */
  twilioBaseUrl: string;
  elevenLabsBaseUrl: string;
  openAiBaseUrl: string;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  breakerFailures: number;
  breakerHalfOpenMs: number;
  syncJobAttempts: number;
  syncJobBackoffMs: number;
}

export class ConfigError extends Error {}

/**
 * Where users and vendors reach this server when PUBLIC_URL is unset: the port it listens on, and the
 * interface it binds unless that is a wildcard (then localhost).
 */
function publicUrlOf(e: Env): string {
  if (e.PUBLIC_URL) return e.PUBLIC_URL.replace(/\/$/, '');
  const wildcard = e.HOST === '0.0.0.0' || e.HOST === '::' || e.HOST === '';
  const host = wildcard ? 'localhost' : isIP(e.HOST) === 6 ? `[${e.HOST}]` : e.HOST;
  return `http://${host}:${e.PORT}`;
}

/** Parses the environment; a bad value names the variable so the operator can fix it at once. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  // `npm start` runs in packages/core; npm's INIT_CWD is where the user typed it, so the data lands there.
  if (!present.VOXANNE_DATA_DIR && present.INIT_CWD) present.VOXANNE_DATA_DIR = `${present.INIT_CWD.replace(/\/$/, '')}/.voxanne`;
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = publicUrlOf(e);
  if (e.DATABASE_URL && !e.VOXANNE_ENCRYPTION_KEYS && e.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  VOXANNE_ENCRYPTION_KEYS: required in production');
  }
  if (e.NODE_ENV === 'production' && !e.VOICE_WEBHOOK_SECRET) {
    // A generated per-machine secret would differ between API processes behind a load balancer.
    throw new ConfigError('Invalid configuration:\n  VOICE_WEBHOOK_SECRET: required in production');
  }
  if (e.NODE_ENV === 'production' && e.DEFAULT_VOICE_CONNECTOR === 'simulator') {
    // Live calls must never land on the simulator; test keys (and test calls) get it whatever this says.
    throw new ConfigError('Invalid configuration:\n  DEFAULT_VOICE_CONNECTOR: the simulator cannot be the default in production (test keys use it anyway); set vapi or leave it unset');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
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
      secureCookie: publicUrl.startsWith('https://'),
    },
    trustProxy: e.TRUST_PROXY,
    validateResponses: e.VALIDATE_RESPONSES,
    runWorkers: e.RUN_WORKERS,
    queueNamespace: e.QUEUE_NAMESPACE,
    queueLockMs: e.QUEUE_LOCK_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT },
    voiceToolDeadlineMs: e.VOICE_TOOL_DEADLINE_MS,
    voiceWebhookFailures: { perIp: e.VOICE_WEBHOOK_FAILURES_PER_IP, perOrg: e.VOICE_WEBHOOK_FAILURES_PER_ORG },
    connectors: {
      defaultVoice: e.DEFAULT_VOICE_CONNECTOR ?? (e.NODE_ENV === 'production' ? 'vapi' : 'simulator'),
      voiceWebhookSecret: e.VOICE_WEBHOOK_SECRET,
      vapiBaseUrl: e.VAPI_BASE_URL.replace(/\/$/, ''),
      twilioBaseUrl: e.TWILIO_BASE_URL.replace(/\/$/, ''),
      elevenLabsBaseUrl: e.ELEVENLABS_BASE_URL.replace(/\/$/, ''),
      openAiBaseUrl: e.OPENAI_BASE_URL.replace(/\/$/, ''),
      timeoutMs: e.CONNECTOR_TIMEOUT_MS,
      maxAttempts: e.CONNECTOR_MAX_ATTEMPTS,
      backoffMs: e.CONNECTOR_BACKOFF_MS,
      breakerFailures: e.CONNECTOR_BREAKER_FAILURES,
      breakerHalfOpenMs: e.CONNECTOR_BREAKER_HALF_OPEN_MS,
      syncJobAttempts: e.SYNC_JOB_ATTEMPTS,
      syncJobBackoffMs: e.SYNC_JOB_BACKOFF_MS,
    },
    email: { connector: e.EMAIL_CONNECTOR, devMailbox: e.EMAIL_CONNECTOR === 'local' && e.NODE_ENV !== 'production' },
    scheduling: {
      holdTtlSeconds: e.HOLD_TTL_SECONDS,
      twilioBaseUrl: e.TWILIO_BASE_URL.replace(/\/$/, ''),
      google: {
        clientId: e.GOOGLE_CLIENT_ID,
        clientSecret: e.GOOGLE_CLIENT_SECRET,
        authBaseUrl: e.GOOGLE_AUTH_BASE_URL,
        tokenUrl: e.GOOGLE_TOKEN_URL,
        apiRootUrl: e.GOOGLE_API_ROOT_URL,
        push: e.GOOGLE_CALENDAR_PUSH ?? publicUrl.startsWith('https://'),
      },
    },
  };
}
