/**
 * The hot-path data layer next to knex (decision 0013): prepared statements, scoped and run in as few
 * round trips as the protocol allows. A scoped batch is [scope statement, ...statements] sent together:
 *   - on PostgreSQL, one round trip and one implicit transaction (see pg-batch.ts), so the settings the
 *     scope statement makes (`is_local`) hold for exactly the statements that follow it, and no longer;
 *   - on PGlite, the same statements inside BEGIN/COMMIT on the one session (there is no network).
 * Both run on a connection of knex's pool, so the pool limit covers both layers and PGlite's single session
 * is never shared by two transactions at once.
 */
import type { Knex } from 'knex';
import type { PGlite } from '@electric-sql/pglite';
import { runBatch, type PgConnection } from './pg-batch.ts';
import { assertAppRole, SCOPE_SQL, scopeParams, type TxScope } from './scope.ts';
import { statement, type Row, type Statement, type Step } from './statements.ts';

export const SCOPE = statement<{ current_role: string }>('scope', SCOPE_SQL);
export const BEGIN = statement('begin', 'BEGIN');

export interface Sql {
  /** One statement under `scope`: one round trip, its own (implicit) transaction. */
  one<R>(scope: TxScope, stmt: Statement<R>, params: readonly unknown[]): Promise<R[]>;
  /** Statements under `scope` in one round trip and one transaction, all or nothing; rows per statement. */
  batch(scope: TxScope, steps: readonly Step[]): Promise<Row[][]>;
}

/** How an engine runs steps on a pooled connection: atomically, and in one round trip where it can. */
export interface Engine {
  run(steps: readonly Step[]): Promise<Row[][]>;
  /** Opens a transaction on `conn` that stays open: BEGIN and the scope in one round trip. */
  begin(conn: unknown, scope: TxScope): Promise<void>;
}

export function createSql(engine: Engine): Sql {
  const scoped = async (scope: TxScope, steps: readonly Step[]) => {
    const [who, ...rows] = await engine.run([[SCOPE, scopeParams(scope)], ...steps]);
    assertAppRole(who as { current_role?: unknown }[]);
    return rows;
  };
  return {
    async one<R>(scope: TxScope, stmt: Statement<R>, params: readonly unknown[]) {
      return (await scoped(scope, [[stmt, params]]))[0] as R[];
    },
    batch: scoped,
  };
}

/**
 * Prepared statements inside an open knex transaction (its scope already set): one round trip on
 * PostgreSQL, in order on PGlite. An error aborts the transaction like any statement of it would.
 */
export async function txBatch(tx: Knex.Transaction, steps: readonly Step[]): Promise<Row[][]> {
  // Outside a transaction this would take a pooled connection that nothing gives back.
  if (!tx.isTransaction) throw new Error('txBatch runs inside a transaction only.');
  const conn = (await tx.client.acquireConnection()) as PgConnection | PGlite;
  if ('connection' in conn && conn.connection) return runBatch(conn as PgConnection, steps);
  const out: Row[][] = [];
  for (const [stmt, params] of steps) out.push((await (conn as PGlite).query<Row>(stmt.text, params as unknown[])).rows);
  return out;
}

async function onPooled<T>(knex: Knex, fn: (conn: unknown) => Promise<T>): Promise<T> {
  const conn = await knex.client.acquireConnection();
  try {
    return await fn(conn);
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

export function pgEngine(knex: Knex): Engine {
  return {
    run: (steps) => onPooled(knex, (conn) => runBatch(conn as PgConnection, steps)),
    async begin(conn, scope) {
      const c = conn as PgConnection;
      try {
        const [, who] = await runBatch(c, [
          [BEGIN, []],
          [SCOPE, scopeParams(scope)],
        ]);
        assertAppRole(who as { current_role?: unknown }[]);
      } catch (err) {
        // BEGIN may have opened a block the failure left aborted; the connection goes back to the pool clean.
        await (c.query('ROLLBACK') as Promise<unknown>).catch(() => undefined);
        throw err;
      }
    },
  };
}

export function pgliteEngine(knex: Knex): Engine {
  const begin = async (db: PGlite, scope: TxScope) => {
    await db.query('BEGIN');
    try {
      assertAppRole((await db.query<{ current_role: string }>(SCOPE.text, scopeParams(scope))).rows);
    } catch (err) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  };
  return {
    run: (steps) =>
      onPooled(knex, async (conn) => {
        const db = conn as PGlite;
        await db.query('BEGIN');
        try {
          const out: Row[][] = [];
          for (const [stmt, params] of steps) out.push((await db.query<Row>(stmt.text, params as unknown[])).rows);
          await db.query('COMMIT');
          return out;
        } catch (err) {
          await db.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    begin: (conn, scope) => begin(conn as PGlite, scope),
  };
}
