import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { APOLOGY } from '../../src/modules/calls/tool-calls.ts';
import { createClinic, eventually, futureSlot, startSchedulingServer, type Clinic } from './scheduling-support.ts';
import { callRef, deliver, simBody, toolCalls, toolRows } from './voice-webhook.support.ts';

let server: TestServer;
let clinic: Clinic;

beforeAll(async () => {
  server = await startSchedulingServer({ env: { VOICE_TOOL_DEADLINE_MS: '200' } });
  clinic = await createClinic(server.url);
});
afterAll(async () => {
  await server?.close();
});

/**
 * Holds the bookings table in an owner transaction until released. On PostgreSQL every query of bookings
 * waits for it; on PGlite (one session) the whole database does.
 */
async function holdBookings(): Promise<() => Promise<void>> {
  const owner = await server.platform.db.owner();
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = owner.transaction(async (trx) => {
    await trx.raw('LOCK TABLE bookings IN ACCESS EXCLUSIVE MODE');
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await holder;
  };
}

const bookingsOf = (phone: string) =>
  inScope(server.platform.knex, { orgId: clinic.tenant.orgId }, (tx) => tx('bookings').where({ kind: 'booking', patient_phone: phone }).select('id'));

describe('tool deadlines', () => {
  it('turns a stuck database into a spoken apology, honest that a write may still go through', async () => {
    const orgId = clinic.tenant.orgId;
    const externalCallId = `slow-${process.pid}`;
    const day = futureSlot(10).slice(0, 10);
    const phone = '+15551239876';

    const first = await deliver(server, orgId, simBody(toolCalls(callRef(externalCallId), [{ toolCallId: 'warm', name: 'check_availability', arguments: { date_from: day, date_to: day } }])));
    const start = (first.body.results[0].result as string).split('Times: ')[1]!.split(', ')[0]!;

    const slow = simBody(
      toolCalls(callRef(externalCallId), [
        { toolCallId: 'slow-read', name: 'check_availability', arguments: { date_from: day, date_to: day } },
        { toolCallId: 'slow-write', name: 'book_appointment', arguments: { start, patient_name: 'Grace Hopper', patient_phone: phone } },
      ]),
    );
    // Read before the database is held: signing must not wait for it.
    const secret = await server.platform.connectors.webhookSecret(orgId);
    // A lone check_availability takes the shorter path (check and record in one transaction): same promise.
    const lone = simBody(toolCalls(callRef(externalCallId), [{ toolCallId: 'slow-lone', name: 'check_availability', arguments: { date_from: day, date_to: day } }]));
    const release = await holdBookings();
    let answer;
    let loneAnswer;
    try {
      const pending = deliver(server, orgId, slow, { secret });
      const lonePending = deliver(server, orgId, lone, { secret });
      // On PostgreSQL the answers come while the table is still held; PGlite needs the session back to record them.
      const early = await Promise.race([Promise.all([pending, lonePending]), new Promise<null>((r) => setTimeout(() => r(null), 1500))]);
      await release();
      [answer, loneAnswer] = early ?? (await Promise.all([pending, lonePending]));
    } finally {
      await release();
    }
    expect(loneAnswer.body.results).toEqual([{ toolCallId: 'slow-lone', name: 'check_availability', error: APOLOGY.default }]);

    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([
      { toolCallId: 'slow-read', name: 'check_availability', error: APOLOGY.default },
      { toolCallId: 'slow-write', name: 'book_appointment', error: APOLOGY.book_appointment },
    ]);
    expect(APOLOGY.book_appointment).toMatch(/can't confirm whether your appointment went through\. Someone from the clinic will confirm by text or call\./);

    const recorded = async () =>
      (await toolRows(server, orgId))
        .filter((r) => r.tool_call_id.startsWith('slow-'))
        .map((r) => [r.tool_call_id, r.ok, r.timed_out, r.result])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const told = [
      ['slow-lone', false, true, APOLOGY.default],
      ['slow-read', false, true, APOLOGY.default],
      ['slow-write', false, true, APOLOGY.book_appointment],
    ];
    expect(await recorded()).toEqual(told);

    // The booking was not aborted, only no longer waited for: it lands once the table is free. That is why
    // the apology could not say it failed.
    await eventually(async () => (await bookingsOf(phone)).length === 1, 20_000, 'the late booking');

    // A retry of the timed-out call answers what the caller was told; it does not book a second time.
    const retry = await deliver(server, orgId, slow);
    expect(retry.body.results[1]).toEqual({ toolCallId: 'slow-write', name: 'book_appointment', error: APOLOGY.book_appointment });
    expect(await bookingsOf(phone)).toHaveLength(1);
    // The checks that finished late recorded nothing over what the caller was told.
    expect(await recorded()).toEqual(told);

    const logs = server.logs.join('');
    expect(logs).toContain('voice tool missed its deadline');
    for (const phi of ['Grace Hopper', phone, phone.slice(2)]) expect(logs).not.toContain(phi);
  });
});
