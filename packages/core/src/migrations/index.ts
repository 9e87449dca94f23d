import type { Knex } from 'knex';
import * as foundation from './20261125000000_foundation.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Listed explicitly (not read from disk) so the same list works under tsx, in bundles and in tests. */
export const migrations: Record<string, Migration> = {
  '20261125000000_foundation': foundation,
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
