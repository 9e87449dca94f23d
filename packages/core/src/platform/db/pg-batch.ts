/**
 * Several prepared statements in ONE round trip and ONE implicit transaction: the extended protocol lets
 * a client send Bind/Execute for each statement and a single Sync; the server runs them in order, all in
 * the transaction that Sync closes (PostgreSQL docs, "Pipelining"). An error makes the server skip the rest
 * up to Sync and roll the implicit transaction back, so a batch is all or nothing.
 *
 * `pg` runs one query object at a time per connection; this is such an object (a "submittable"), so it
 * queues behind and ahead of knex's queries on the same pooled connection like any other query.
 */
/// <reference path="./pg-utils.d.ts" />
import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import type { Row, Step } from './statements.ts';

interface Field {
  name: string;
  dataTypeID: number;
  format: 'text' | 'binary';
}

interface Wire {
  parse(m: { text: string; name: string; types: number[] }): void;
  bind(m: { portal: string; statement: string; values: readonly unknown[]; binary: boolean; valueMapper: (v: unknown) => unknown }): void;
  describe(m: { type: 'P' | 'S'; name: string }): void;
  execute(m: { portal: string; rows: number }): void;
  close(m: { type: 'P' | 'S'; name: string }): void;
  sync(): void;
  sendCopyFail(msg: string): void;
  stream: { cork?: () => void; uncork?: () => void };
}

type Types = { getTypeParser(oid: number, format: string): (v: string) => unknown };

/** The pg client as this module uses it (its public typings do not declare the connection). */
export interface PgConnection {
  connection: Wire;
  _types?: Types;
  query(q: unknown): unknown;
}

const { prepareValue } = pgUtils;

// Statements known to be prepared, per physical connection. Set only after a batch succeeded: a batch that
// failed may have parsed some of its statements or none, so those are closed and parsed again next time.
const preparedOn = new WeakMap<object, Set<string>>();

class Batch {
  callback: ((err: Error | null, rows?: Row[][]) => void) | undefined;
  private readonly results: Row[][];
  private index = 0;
  private parsers: ((v: string) => unknown)[] = [];
  private names: string[] = [];
  private readonly parsing: string[] = [];

  constructor(
    readonly steps: readonly Step[],
    private readonly types: Types,
    private readonly prepared: Set<string>,
  ) {
    this.results = steps.map(() => []);
  }

  submit(connection: Wire): null {
    connection.stream.cork?.();
    try {
      for (const [stmt, values] of this.steps) {
        if (!this.prepared.has(stmt.name) && !this.parsing.includes(stmt.name)) {
          // Closing an unknown statement is not an error; it clears one a failed batch may have left.
          connection.close({ type: 'S', name: stmt.name });
          connection.parse({ text: stmt.text, name: stmt.name, types: [] });
          this.parsing.push(stmt.name);
        }
        connection.bind({ portal: '', statement: stmt.name, values, binary: false, valueMapper: prepareValue });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(msg: { fields: Field[] }): void {
    this.names = msg.fields.map((f) => f.name);
    this.parsers = msg.fields.map((f) => this.types.getTypeParser(f.dataTypeID, f.format || 'text'));
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    const row: Row = {};
    for (let i = 0; i < this.names.length; i++) {
      const raw = msg.fields[i];
      row[this.names[i]!] = raw === null || raw === undefined ? null : this.parsers[i]!(raw);
    }
    this.results[this.index]!.push(row);
  }

  handleCommandComplete(): void {
    this.index++;
    this.names = [];
    this.parsers = [];
  }

  handleEmptyQuery(): void {
    this.index++;
  }

  handleError(err: Error): void {
    const cb = this.callback;
    this.callback = undefined;
    cb?.(err);
  }

  handleReadyForQuery(): void {
    for (const name of this.parsing) this.prepared.add(name);
    const cb = this.callback;
    this.callback = undefined;
    cb?.(null, this.results);
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: Wire): void {
    connection.sendCopyFail('COPY is not supported here');
  }

  handleCopyData(): void {}
}

/** Runs the steps on one pooled `pg` client: one round trip, one implicit transaction, results in order. */
export function runBatch(client: PgConnection, steps: readonly Step[]): Promise<Row[][]> {
  let prepared = preparedOn.get(client);
  if (!prepared) preparedOn.set(client, (prepared = new Set()));
  const batch = new Batch(steps, client._types ?? (pg.types as unknown as Types), prepared);
  return new Promise((resolve, reject) => {
    batch.callback = (err, rows) => (err ? reject(err) : resolve(rows!));
    client.query(batch);
  });
}
