/**
 * Counts what reaches the database, per round trip, at the lowest level both engines share: every query
 * object handed to a `pg` connection is one round trip (a non-pipelined client sends the next only after
 * the previous answered), and every call into PGlite is one. Tests assert statement budgets with it and a
 * metrics endpoint may export it; with no observer it costs one size check per query.
 */
import { statementNamed } from './statements.ts';

export interface RoundTrip {
  /** The statements that travelled together: prepared-statement names, or SQL text for ad-hoc queries. */
  statements: string[];
}

export type Observer = (trip: RoundTrip) => void;

export class Observers {
  private readonly all = new Set<Observer>();
  /** Totals since start, for metrics. */
  roundTrips = 0;

  add(fn: Observer): () => void {
    this.all.add(fn);
    return () => this.all.delete(fn);
  }

  emit(statements: () => string[]): void {
    this.roundTrips++;
    if (!this.all.size) return;
    const trip = { statements: statements() };
    for (const fn of this.all) fn(trip);
  }
}

const describe = (q: unknown): string[] => {
  if (typeof q === 'string') return [statementNamed(q) ?? q];
  const o = q as { steps?: readonly (readonly [{ name: string }, unknown])[]; name?: string; text?: string };
  if (o?.steps) return o.steps.map(([s]) => s.name);
  return [o?.name ?? o?.text ?? '?'];
};

/** Wraps a connection's `query` (a pg client, or the PGlite instance's query and exec) to report each call. */
export function instrument<T extends object>(conn: T, observers: Observers, methods: (keyof T)[] = ['query' as keyof T]): T {
  for (const m of methods) {
    const original = conn[m] as unknown as (...args: unknown[]) => unknown;
    (conn as Record<keyof T, unknown>)[m] = function (this: unknown, q: unknown, ...rest: unknown[]) {
      observers.emit(() => describe(q));
      return original.call(this, q, ...rest);
    };
  }
  return conn;
}
