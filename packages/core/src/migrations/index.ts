import type { Knex } from 'knex';
import * as foundation from './20261125000000_foundation.ts';
import * as agents from './20261125010000_agents.ts';
import * as scheduling from './20261125020000_scheduling.ts';
import * as calls from './20261126000000_calls.ts';

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
