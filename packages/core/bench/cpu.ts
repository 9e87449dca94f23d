// CPU time of the benchmarked server and of its PostgreSQL backends: on a shared machine, wall-clock
// latency moves with everyone else's load, CPU per request much less.
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';

/** User + system CPU of a process so far, in ms (Linux /proc; NaN elsewhere). Clock ticks are 10 ms. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** CPU ms per unit that the server and the database's backends spent while `work` ran, over `count` units. */
export async function withCpu<T>(knex: Knex, database: string, serverPid: number, count: number, work: () => Promise<T>): Promise<[T, { server: number; pg: number }]> {
  const backends = async () => new Map(((await knex('pg_stat_activity').where({ datname: database }).select('pid')) as { pid: number }[]).map((r) => [r.pid, cpuMs(r.pid)]));
  const [server0, pg0] = [cpuMs(serverPid), await backends()];
  const result = await work();
  const [server1, pg1] = [cpuMs(serverPid), await backends()];
  // A backend that started meanwhile counts from zero; one that ended meanwhile is lost (rare: the pool keeps them).
  const pg = [...pg1].reduce((sum, [pid, ms]) => sum + ms - (pg0.get(pid) ?? 0), 0);
  return [result, { server: (server1 - server0) / count, pg: pg / count }];
}
