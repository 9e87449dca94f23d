// Moves encrypted columns onto the active key after a new key is put first in the keyring.
// Safe to stop and rerun at any point: rows already under the active key are filtered out in
// SQL, so a rerun starts where the last one effectively stopped and does nothing when done.
import type { Knex } from 'knex';
import { ciphertextPrefix, KeyringError, type Keyring } from './keyring.ts';

export interface EncryptedColumn {
  table: string;
  /** The row's key: one column, or several for a composite primary key (e.g. org_id + key). */
  idColumn: string | string[];
  column: string;
  /** Must return the same AAD the application used when it encrypted this row. */
  // Method syntax keeps the parameter bivariant, so a callback typed with a row interface fits.
  aad(row: Record<string, unknown>): string;
}

export interface ReencryptOptions {
  keyring: Keyring;
  columns: EncryptedColumn[];
  /**
   * A knex instance whose connection sees every tenant's rows (RLS would otherwise hide
   * rows silently) and returns column names unchanged (rows are read by column name).
   */
  db: Knex;
  batchSize?: number;
}

export interface ReencryptReport {
  table: string;
  column: string;
  reencrypted: number;
  /** Rows the application rewrote between our read and our write; theirs is kept. */
  conflicts: number;
  /** Rows left as they were, e.g. under a key no longer in the keyring. Never holds values. */
  failures: { id: unknown; code: string; message: string }[];
}

export async function reencryptAll(options: ReencryptOptions): Promise<ReencryptReport[]> {
  const reports: ReencryptReport[] = [];
  for (const column of options.columns) {
    reports.push(await reencryptColumn(options.db, options.keyring, column, options.batchSize ?? 500));
  }
  return reports;
}

async function reencryptColumn(db: Knex, keyring: Keyring, col: EncryptedColumn, batchSize: number): Promise<ReencryptReport> {
  const report: ReencryptReport = { table: col.table, column: col.column, reencrypted: 0, conflicts: 0, failures: [] };
  const prefix = ciphertextPrefix(keyring.activeKeyId);
  const ids = Array.isArray(col.idColumn) ? col.idColumn : [col.idColumn];
  const idOf = (row: Record<string, unknown>) => ids.map((c) => row[c] as Knex.Value);
  const whereId = (values: Knex.Value[]) => Object.fromEntries(ids.map((c, i) => [c, values[i]]));
  // Keyset pagination, so rows that fail (and keep their old key) are not fetched again forever.
  let last: Knex.Value[] | undefined;
  for (;;) {
    const query = db(col.table)
      .select('*')
      .whereNotNull(col.column)
      .whereRaw('substr(??, 1, ?) <> ?', [col.column, prefix.length, prefix])
      .orderBy(ids)
      .limit(batchSize);
    // A row comparison, so a composite key pages in the same order it is sorted in.
    if (last) query.whereRaw(`(${ids.map(() => '??').join(', ')}) > (${ids.map(() => '?').join(', ')})`, [...ids, ...last]);
    const rows: Record<string, unknown>[] = await query;
    for (const row of rows) {
      const id = idOf(row);
      const old = String(row[col.column]);
      try {
        const aad = col.aad(row);
        const fresh = keyring.encrypt(keyring.decrypt(old, aad), aad);
        // Compare-and-set: never overwrite a value the application wrote after our read.
        const updated = await db(col.table)
          .where(whereId(id))
          .andWhere(col.column, old)
          .update({ [col.column]: fresh });
        if (updated === 1) report.reencrypted++;
        else report.conflicts++;
      } catch (err) {
        if (!(err instanceof KeyringError)) throw err;
        report.failures.push({ id: id.length === 1 ? id[0] : id, code: err.code, message: err.message });
      }
    }
    if (rows.length < batchSize) return report;
    last = idOf(rows[rows.length - 1]!);
  }
}
