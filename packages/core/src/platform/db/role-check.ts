/**
 * Issue #10 item 9: tenant isolation holds only if the role every transaction switches to is really
 * powerless outside RLS. Checked at boot on both engines; the server refuses to start otherwise.
 */
import type { Knex } from 'knex';
import { APP_ROLE } from './scope.ts';

interface RoleFacts {
  rolsuper: boolean;
  rolbypassrls: boolean;
  owned: string[] | null;
  audit_update: boolean;
  audit_delete: boolean;
  audit_truncate: boolean;
  powerful: string[] | null;
}

const FACTS = `
  select r.rolsuper, r.rolbypassrls,
         (select array_agg(c.relname::text order by c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where c.relowner = r.oid and n.nspname not in ('pg_catalog', 'information_schema')) as owned,
         has_table_privilege(r.oid, 'public.audit_events', 'UPDATE') as audit_update,
         has_table_privilege(r.oid, 'public.audit_events', 'DELETE') as audit_delete,
         has_table_privilege(r.oid, 'public.audit_events', 'TRUNCATE') as audit_truncate,
         (select array_agg(m.rolname::text order by m.rolname) from pg_roles m
           where m.oid <> r.oid and (m.rolsuper or m.rolbypassrls) and pg_has_role(r.oid, m.oid, 'MEMBER')) as powerful
  from pg_roles r where r.rolname = ?`;

/** Everything wrong with `role` as the app role; empty when it is safe. Reads only the catalogs. */
export async function appRoleProblems(knex: Knex, role = APP_ROLE): Promise<string[]> {
  const { rows } = (await knex.raw(FACTS, [role])) as { rows: RoleFacts[] };
  const r = rows[0];
  if (!r) return [`the role ${role} does not exist (run the migrations)`];
  const problems: string[] = [];
  if (r.rolsuper) problems.push(`${role} is a superuser`);
  if (r.rolbypassrls) problems.push(`${role} has BYPASSRLS`);
  if (r.owned?.length) problems.push(`${role} owns ${r.owned.join(', ')} (an owner is exempt from policies unless forced, and can alter them)`);
  if (r.audit_update || r.audit_delete || r.audit_truncate) problems.push(`${role} may change the audit log (it may only SELECT and INSERT audit_events)`);
  if (r.powerful?.length) problems.push(`${role} is a member of ${r.powerful.join(', ')}, which can bypass row-level security`);
  return problems;
}

export class UnsafeAppRole extends Error {
  readonly code = 'unsafe_app_role';
}

export async function assertSafeAppRole(knex: Knex, role = APP_ROLE): Promise<void> {
  const problems = await appRoleProblems(knex, role);
  if (problems.length) {
    throw new UnsafeAppRole(`Refusing to start: tenant isolation depends on the app role, and ${problems.join('; ')}. Fix the role's privileges (README, "Running against external PostgreSQL and Redis").`);
  }
}
