import type { Knex } from 'knex';

/** PGlite takes one statement per raw() call, so migrations are lists of statements. */
export async function runAll(knex: Knex, statements: string[]): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

/** The standard tenant policy: a row is visible and writable only inside its own org's transaction. */
export function tenantTable(table: string): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${table}_tenant ON ${table} USING (org_id = app_org_id()) WITH CHECK (org_id = app_org_id())`,
  ];
}
