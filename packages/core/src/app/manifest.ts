import type { RequestHandler } from 'express';
import type { Deps } from '../platform/deps.ts';
import type { EncryptedColumn } from '../platform/crypto/index.ts';

/**
 * What a module gives the app: the app (src/app/) is the one place that knows every module and assembles
 * these; the platform below it imports no module.
 */
export interface ModuleManifest {
  name: string;
  /** Mounted in list order, after authentication and idempotency. */
  routes?: Array<(deps: Deps) => RequestHandler>;
  /** Registers the module's queue handlers (the module's own jobs.ts / register-jobs.ts). */
  jobs?: Array<(deps: Deps) => void>;
  /** Columns of the module's tables holding keyring ciphertext, with the AAD each was written under. */
  encryptedColumns?: EncryptedColumn[];
}
