import type { Knex } from 'knex';
import { runAll } from './sql.ts';

/**
 * Cache invalidation (issue #11): every write to what the per-org caches hold announces itself with
 * NOTIFY, which PostgreSQL delivers only when the writing transaction commits (and never when it rolls
 * back), to every process listening. Row triggers, so no write path can forget it; a transaction touching
 * many rows of one org still sends one notification (identical payloads are folded per transaction).
 */
const CACHED: Record<string, string> = {
  locations: 'scheduling',
  services: 'scheduling',
  resources: 'scheduling',
  service_resources: 'scheduling',
};

export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `CREATE OR REPLACE FUNCTION voxanne_cache_notify() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$
       DECLARE org text;
       BEGIN
         IF TG_OP = 'DELETE' THEN org := OLD.org_id; ELSE org := NEW.org_id; END IF;
         PERFORM pg_notify('voxanne_cache', TG_ARGV[0] || ':' || org);
         IF TG_OP = 'UPDATE' AND OLD.org_id IS DISTINCT FROM NEW.org_id THEN
           PERFORM pg_notify('voxanne_cache', TG_ARGV[0] || ':' || OLD.org_id);
         END IF;
         RETURN NULL;
       END $$`,
    ...Object.entries(CACHED).map(
      ([table, kind]) => `CREATE TRIGGER ${table}_cache_notify AFTER INSERT OR UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION voxanne_cache_notify('${kind}')`,
    ),
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [...Object.keys(CACHED).map((t) => `DROP TRIGGER IF EXISTS ${t}_cache_notify ON ${t}`), `DROP FUNCTION IF EXISTS voxanne_cache_notify()`]);
}
