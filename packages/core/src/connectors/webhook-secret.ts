import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';

/**
 * The platform's HMAC secret for voice server messages. Production sets VOICE_WEBHOOK_SECRET (config
 * refuses to start without it); embedded mode keeps a generated one beside its data, like the keyring,
 * so a restart still verifies messages signed for assistants it deployed before.
 */
export function platformWebhookSecret(configured: string | undefined, dataDir: string, logger: Logger): string {
  if (configured) return configured;
  // An in-memory database (tests) has no folder to keep anything in, and nothing outlives the process anyway.
  if (dataDir === ':memory:') return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'voice-webhook-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    logger.warn({ file }, 'VOICE_WEBHOOK_SECRET is not set: generated a local one (fine for development, set it in production)');
  }
  return readFileSync(file, 'utf8').trim();
}
