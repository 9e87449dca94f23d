import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { ensurePrivateDataDir } from '../platform/data-dir.ts';

/**
 * The platform's HMAC secret for voice server messages. Production sets VOICE_WEBHOOK_SECRET (config
 * refuses to start without it); embedded mode keeps a generated one beside its data, like the keyring,
 * so a restart still verifies messages signed for assistants it deployed before.
 */
export function platformWebhookSecret(configured: string | undefined, dataDir: string, logger: Logger): string {
  if (configured) return configured;
  // An in-memory database (tests) has no folder to keep anything in, and nothing outlives the process anyway.
  if (dataDir === ':memory:') return randomBytes(32).toString('base64url');
  ensurePrivateDataDir(dataDir);
  const file = join(dataDir, 'voice-webhook-secret');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    logger.warn({ file }, 'VOICE_WEBHOOK_SECRET is not set: generated a local one (fine for development, set it in production)');
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The secret of an org that has not stored its own: derived from the platform secret, one per org.
 * Sharing the platform secret itself would let a message signed for org A verify on org B's URL (the
 * signature does not cover the URL), so one org's messages could write into another. The derivation
 * is deterministic, so every API process agrees without storing anything, and a leaked org secret
 * reveals neither the platform secret nor any other org's. A Vapi account serving such an org must hold
 * this derived value in its HMAC credential.
 */
export function orgWebhookSecret(platformSecret: string, orgId: string): string {
  return createHmac('sha256', platformSecret).update(`voice-webhook:${orgId}`, 'utf8').digest('base64url');
}
