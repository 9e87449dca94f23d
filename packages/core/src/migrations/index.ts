import type { Knex } from 'knex';
import * as foundation from './20261125000000_foundation.ts';
import * as agents from './20261125010000_agents.ts';
import * as scheduling from './20261125020000_scheduling.ts';
import * as calls from './20261126000000_calls.ts';
import * as smsProtection from './20261204030000_sms_protection.ts';
import * as oauthStates from './20261204040000_oauth_states.ts';
import * as livemode from './20261204050000_livemode.ts';
import * as cacheInvalidation from './20261204060000_cache_invalidation.ts';
import * as signupVerification from './20261204070000_signup_verification.ts';
import * as accessLifecycle from './20261204020000_access_lifecycle.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Listed explicitly (not read from disk) so the same list works under tsx, in bundles and in tests. */
export const migrations: Record<string, Migration> = {
  '20261125000000_foundation': foundation,
  '20261125010000_agents': agents,
  '20261125020000_scheduling': scheduling,
  '20261126000000_calls': calls,
  '20261204030000_sms_protection': smsProtection,
  '20261204040000_oauth_states': oauthStates,
  '20261204050000_livemode': livemode,
  '20261204060000_cache_invalidation': cacheInvalidation,
  '20261204020000_access_lifecycle': accessLifecycle,
  '20261204070000_signup_verification': signupVerification,
};

export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return Object.keys(migrations).sort();
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name) {
    return migrations[name]!;
  },
};
