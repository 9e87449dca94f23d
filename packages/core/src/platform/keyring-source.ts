import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { generateKeySpec, loadKeyring, type Keyring } from './crypto/index.ts';
import { ensurePrivateDataDir } from './data-dir.ts';

/**
 * Production passes VOXANNE_ENCRYPTION_KEYS. Embedded mode keeps a generated key beside its data, so a
 * newcomer needs no setup and a restart can still read what it wrote.
 */
export function keyringFromConfig(config: Config, logger: Logger): Keyring {
  if (config.encryptionKeys) return loadKeyring(config.encryptionKeys);
  ensurePrivateDataDir(config.dataDir);
  const file = join(config.dataDir, 'keyring');
  if (!existsSync(file)) {
    writeFileSync(file, generateKeySpec(), { mode: 0o600 });
    logger.warn({ file }, 'VOXANNE_ENCRYPTION_KEYS is not set: generated a local key (fine for development, set it in production)');
  }
  return loadKeyring(readFileSync(file, 'utf8').trim());
}
