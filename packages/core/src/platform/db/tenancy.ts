import type { Knex } from 'knex';
import type { Engine } from './sql.ts';
import { assertAppRole, SCOPE_SQL, scopeParams, type TxScope } from './scope.ts';

export { APP_ROLE, type TxScope } from './scope.ts';

export type Tx = Knex.Transaction;

const SCOPED = Symbol.for('voxanne.scopedTransactions');

interface ScopedConfig extends Knex.TransactionConfig {
  voxScope?: TxScope;
}

type TransactionFactory = (container: unknown, config: ScopedConfig | undefined, outerTx: unknown) => { begin(conn: unknown): Promise<unknown> };

/**
 * Makes `inScope` transactions open with BEGIN and the scope statement in ONE round trip: knex's own
 * `begin` (a lone BEGIN) is replaced, for top-level scoped transactions of this knex only, by the engine's
 * folded begin, which also checks the transaction really runs as the app role.
 */
export function installScopedTransactions(knex: Knex, engine: Engine): void {
  const client = knex.client as unknown as { transaction: TransactionFactory; [SCOPED]?: true };
  const base = client.transaction.bind(client);
  client.transaction = (container, config, outerTx) => {
    const trx = base(container, config, outerTx);
    const scope = config?.voxScope;
    if (scope && !outerTx) trx.begin = (conn) => engine.begin(conn, scope);
    return trx;
  };
  client[SCOPED] = true;
}

const KNEX_SCOPE_SQL = SCOPE_SQL.replace(/\$\d+/g, '?');

/** Runs `fn` in one transaction as the app role with the scope set first (folded into BEGIN's round trip). */
export async function inScope<T>(knex: Knex, scope: TxScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ((knex.client as { [SCOPED]?: true })[SCOPED]) return knex.transaction(fn, { voxScope: scope } as ScopedConfig);
  // A knex this platform did not open (a script's own): the scope is a statement of its own, still checked.
  return knex.transaction(async (tx) => {
    const result = await tx.raw(KNEX_SCOPE_SQL, scopeParams(scope));
    assertAppRole(result.rows);
    return fn(tx);
  });
}

/** Re-points an open transaction at another org, e.g. right after creating it. */
export async function switchOrg(tx: Tx, orgId: string): Promise<void> {
  await tx.raw(`select set_config('app.org_id', ?, true)`, [orgId]);
}
