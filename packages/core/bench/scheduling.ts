// Scheduling benchmark (issues #6 and #11), a report, not a test: `npx tsx bench/scheduling.ts`.
// The stack runs in a child process on real PostgreSQL and Redis (servers.ts); this process only sends:
//  1. availability latency for a clinic with 10 resources and 5,000 bookings, a 7-day window;
//  2. booking throughput on distinct slots, 20 in flight;
//  3. the contention round: 100 parallel requests on one slot, repeated, counting successes per round.
// Each phase also reports CPU ms per request of the server process and of its PostgreSQL backends: on a
// shared machine latency moves with everyone else's load, CPU per request much less.
import { loadavg } from 'node:os';
import { newId } from '../src/platform/ids.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { inScope } from '../src/platform/db/tenancy.ts';
import { call } from '../test/support/client.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { createClinic } from '../test/api/scheduling-support.ts';
import { withCpu } from './cpu.ts';
import { stackEnv, startTarget, stop } from './servers.ts';
import { recordResult } from './results.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 100);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const cpuLine = (c: { server: number; pg: number }) => `CPU ${c.server.toFixed(2)} ms server + ${c.pg.toFixed(2)} ms PostgreSQL per request`;

async function main() {
  const load0 = loadavg()[0]!;
  const tdb = await createTestDatabase();
  const env = {
    ...stackEnv(tdb),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    ...(process.env.BENCH_NO_VALIDATE ? { VALIDATE_RESPONSES: 'false' } : {}),
  };
  const server = await startTarget('voxanne', env);
  // This process's own connection, to seed bookings and to find the server's backends.
  const db = await openDatabase({ driver: 'pg', url: tdb.appUrl, migrationUrl: tdb.ownerUrl, poolMax: 2 });
  const cpu = <T>(count: number, work: () => Promise<T>) => withCpu(db.knex, tdb.name, server.child.pid!, count, work);
  try {
    const clinic = await createClinic({ url: server.url, knex: db.knex }, { resources: 10 });
    const creds = clinic.creds;
    const base = Math.ceil((Date.now() + DAY) / DAY) * DAY;

    // 1. Seed 5,000 confirmed bookings (500 per resource, 16 a day over ~32 days), straight into the table.
    const rows: Record<string, unknown>[] = [];
    for (const [r, resourceId] of clinic.resourceIds.entries()) {
      for (let i = 0; i < 500; i++) {
        const start = new Date(base + Math.floor(i / 16) * DAY + (i % 16) * HOUR + (r % 2) * 30 * 60_000);
        const end = new Date(start.getTime() + 30 * 60_000);
        rows.push({
          id: newId('booking'),
          org_id: clinic.tenant.orgId,
          kind: 'booking',
          status: 'confirmed',
          service_id: clinic.serviceId,
          resource_id: resourceId,
          location_id: clinic.locationId,
          starts_at: start,
          ends_at: end,
          blocked_from: start,
          blocked_until: end,
          patient_name: 'Bench',
          patient_phone: '+15550001111',
          confirmation_code: `B${String(r).padStart(2, '0')}${String(i).padStart(3, '0')}`.slice(0, 6),
        });
      }
    }
    await inScope(db.knex, { orgId: clinic.tenant.orgId }, async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx('bookings').insert(rows.slice(i, i + 500));
    });
    // What autovacuum would have done by now on a live database: the planner needs the table's statistics.
    await (await db.owner()).raw('analyze bookings');

    const from = new Date(base + 7 * DAY).toISOString();
    const to = new Date(base + 14 * DAY).toISOString();
    const q = `/v1/availability?service=${clinic.serviceId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=1000`;
    const lat: number[] = [];
    let slots = 0;
    for (let i = 0; i < 20; i++) await call(server.url, 'GET', q, { creds });
    const [, availCpu] = await cpu(200, async () => {
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        const r = await call(server.url, 'GET', q, { creds });
        lat.push(performance.now() - t);
        slots = r.body.slots.length;
      }
    });
    console.log(`load average (1 min) at start ${load0.toFixed(1)}: other work on this machine shows in the latencies`);
    console.log(`availability (10 resources, 5,000 bookings, 7-day window, ${slots} slots): p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms; ${cpuLine(availCpu)}`);
    recordResult('availability_p99_ms', Number(pct(lat, 99).toFixed(1)));

    // 2. Throughput on distinct slots, 20 in flight.
    const N = 500;
    const far = base + 40 * DAY;
    let next = 0;
    let ok = 0;
    const t0 = performance.now();
    const [, bookCpu] = await cpu(N, () =>
      Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < N) {
            const i = next++;
            const startsAt = new Date(far + Math.floor(i / 10) * HOUR).toISOString();
            const r = await call(server.url, 'POST', '/v1/bookings', { body: { service_id: clinic.serviceId, resource_id: clinic.resourceIds[i % 10], starts_at: startsAt, patient: { name: 'T', phone: '+15550002222' } }, creds });
            if (r.status === 201) ok++;
          }
        }),
      ),
    );
    const secs = (performance.now() - t0) / 1000;
    console.log(`booking throughput, distinct slots: ${(ok / secs).toFixed(0)} bookings/s (${ok}/${N} in ${secs.toFixed(1)} s); ${cpuLine(bookCpu)}`);
    recordResult('booking_throughput_per_s', Math.round(ok / secs));

    // 3. Contention: PARALLEL requests on one slot per round.
    const successes: number[] = [];
    const contentionStart = base + 60 * DAY;
    for (let round = 0; round < ROUNDS; round++) {
      const startsAt = new Date(contentionStart + round * HOUR).toISOString();
      const replies = await Promise.all(
        Array.from({ length: PARALLEL }, () => call(server.url, 'POST', '/v1/bookings', { body: { service_id: clinic.serviceId, resource_id: clinic.resourceId, starts_at: startsAt, patient: { name: 'C', phone: '+15550003333' } }, creds })),
      );
      successes.push(replies.filter((r) => r.status === 201).length);
      const other = replies.filter((r) => r.status !== 201 && r.status !== 409);
      if (other.length) console.log(`round ${round}: unexpected statuses ${other.map((r) => r.status).join(',')}`);
    }
    const hist = successes.reduce<Record<number, number>>((h, n) => ({ ...h, [n]: (h[n] ?? 0) + 1 }), {});
    console.log(`contention: ${ROUNDS} rounds x ${PARALLEL} parallel requests on one slot; successes per round -> rounds: ${JSON.stringify(hist)}`);
  } finally {
    await stop(server.child);
    await db.close();
    await tdb.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
