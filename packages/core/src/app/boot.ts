import type { Config } from '../config.ts';
import { buildPlatform, REENCRYPT_JOB, type BootOptions, type Platform } from '../platform/boot.ts';
import { loadStoredIntegration } from '../modules/integrations/index.ts';
import { SMS_PROTECT_JOB } from '../modules/sms/index.ts';
import { ENCRYPTED_COLUMNS } from './encrypted-columns.ts';
import { MODULES } from './modules.ts';

export type { BootOptions, Platform };

/** Builds the platform and wires the modules into it: their stored credentials, encrypted columns and jobs. */
export function bootPlatform(config: Config, options: BootOptions = {}): Promise<Platform> {
  return buildPlatform(config, options, {
    // Each org's vendor calls use that org's own stored credentials.
    loadIntegration: (knex, keyring) => (orgId, provider) => loadStoredIntegration(knex, keyring, orgId, provider),
    encryptedColumns: ENCRYPTED_COLUMNS,
    registerJobs: (platform) => {
      for (const m of MODULES) for (const register of m.jobs ?? []) register(platform);
    },
  });
}

/** Queued once per active key id, so every process may ask and it still runs once. */
export async function scheduleReencryption(p: Platform) {
  await p.queue.add(REENCRYPT_JOB, {}, { jobId: `reencrypt-${p.keyring.activeKeyId}`, attempts: 5, backoffMs: 5000 });
  // Also keyring work at start: SMS rows stored before bodies were protected get redacted and encrypted.
  await p.queue.add(SMS_PROTECT_JOB, {}, { jobId: 'sms-protect-stored', attempts: 5, backoffMs: 5000 });
}
