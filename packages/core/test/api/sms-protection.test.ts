import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type TestServer } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { newId } from '../../src/platform/ids.ts';
import { generateKeySpec, loadKeyring, reencryptAll } from '../../src/platform/crypto/index.ts';
import { ENCRYPTED_COLUMNS } from '../../src/app/encrypted-columns.ts';
import { localOutbox } from '../../src/connectors/sms.ts';
import { processInbox } from '../../src/modules/sms/inbound.ts';
import { deliverMessage } from '../../src/modules/sms/service.ts';
import { smsBodyAad } from '../../src/modules/sms/body.ts';
import { protectStoredSms } from '../../src/modules/sms/protect-stored.ts';
import { createClinic, futureSlot, startSchedulingServer, zoneAtLocalHour, type Clinic } from './scheduling-support.ts';

// Issue #10 item 7. Workers are off, so each stage (webhook -> inbox -> job) can be looked at in between.
let server: TestServer;
let clinic: Clinic;
let orgId: string;

beforeAll(async () => {
  server = await startSchedulingServer({ env: { RUN_WORKERS: 'false' } });
  clinic = await createClinic(server.url, { timezone: zoneAtLocalHour(12) });
  orgId = clinic.tenant.orgId;
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { body, creds: clinic.creds });
const inTenant = <T>(fn: Parameters<typeof inScope<T>>[2]) => inScope(server.platform.knex, { orgId }, fn);
const digits = (phone: string) => phone.replace(/\D/g, '');

/** What a patient writes: a phone number and a date of birth. */
const PATIENT_TEXT = 'Call me back on 555-987-6543, my DOB is 01/02/1980';
const PHI = ['555-987-6543', '5559876543', '01/02/1980'];

function expectNoPhi(value: unknown, extra: string[] = []) {
  const text = JSON.stringify(value);
  for (const s of [...PHI, ...extra]) expect(text).not.toContain(s);
}

async function events(type: string) {
  return inTenant((tx) => tx('outbox_events').where({ type }).orderBy('id').pluck('payload')) as Promise<Record<string, unknown>[]>;
}

async function simulateInbound(from: string, body: string): Promise<string> {
  const before: string[] = await inTenant((tx) => tx('sms_inbox').pluck('id'));
  const sim = await api('POST', '/v1/sms/simulate-inbound', { from, body });
  expect(sim.status).toBe(202);
  expect(sim.body.webhook_status).toBe(200);
  const ids: string[] = await inTenant((tx) => tx('sms_inbox').whereNotIn('id', before).pluck('id'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

describe('an inbound text', () => {
  it('waits in the inbox encrypted, and the inbox row is cleared once processed', async () => {
    const from = '+15557771201';
    const inboxId = await simulateInbound(from, PATIENT_TEXT);
    const waiting = await inTenant((tx) => tx('sms_inbox').where({ id: inboxId }).first());
    expect(waiting.params_enc).toEqual(expect.any(String));
    expect(waiting.params).toBeNull();
    expectNoPhi(waiting, [from, digits(from), 'Call me back']);

    await processInbox(server.platform, orgId, inboxId);
    const done = await inTenant((tx) => tx('sms_inbox').where({ id: inboxId }).first());
    expect(done.processed_at).toBeInstanceOf(Date);
    expect(done.params_enc).toBeNull();
    expect(done.params).toBeNull();
    expectNoPhi(done, [from, digits(from), 'Call me back']);
  });

  it('is stored redacted, and the API shows the redacted text with the number', async () => {
    const from = '+15557771202';
    await processInbox(server.platform, orgId, await simulateInbound(from, PATIENT_TEXT));
    const row = await inTenant((tx) => tx('sms_messages').where({ from_number: from, direction: 'inbound' }).first());
    expect(row.body).toBe('Call me back on [PHONE], my DOB is [DOB]');
    expect(row.body_enc).toBeNull();
    const listed = await api('GET', `/v1/sms/messages?phone=${encodeURIComponent(from)}`);
    expect(listed.body.data).toEqual([expect.objectContaining({ direction: 'inbound', from, body: 'Call me back on [PHONE], my DOB is [DOB]', status: 'received' })]);
  });

  it('raises sms.received and sms.callback_requested with ids, never a number or the text', async () => {
    const from = '+15557771203';
    const booking = await api('POST', '/v1/bookings', { service_id: clinic.serviceId, starts_at: futureSlot(4, 14), patient: { name: 'Pat', phone: from } });
    expect(booking.status).toBe(201);
    await processInbox(server.platform, orgId, await simulateInbound(from, 'R'));
    const message = await inTenant((tx) => tx('sms_messages').where({ from_number: from, direction: 'inbound' }).first('id'));
    const received = (await events('sms.received')).filter((e) => e.message_id === message.id);
    expect(received).toEqual([{ message_id: message.id, keyword: null }]);
    const callback = (await events('sms.callback_requested')).filter((e) => e.message_id === message.id);
    expect(callback).toEqual([{ message_id: message.id, booking_id: booking.body.id }]);
    for (const type of ['sms.received', 'sms.callback_requested', 'sms.status_changed']) {
      for (const e of await events(type)) expect(JSON.stringify(e)).not.toMatch(/\+1555|555777/);
    }
  });
});

describe('an outbound text', () => {
  it('is stored redacted, keeps the exact text encrypted for sending, and the patient gets the exact text', async () => {
    const to = '+15557771301';
    const sent = await api('POST', '/v1/sms/messages', { to, body: PATIENT_TEXT });
    expect(sent.status).toBe(201);
    expect(sent.body.body).toBe('Call me back on [PHONE], my DOB is [DOB]');
    const row = await inTenant((tx) => tx('sms_messages').where({ id: sent.body.id }).first());
    expect(row.body).toBe('Call me back on [PHONE], my DOB is [DOB]');
    expectNoPhi(row.body_enc);
    // Bound to its org and message: the ciphertext does not open as another message's.
    expect(server.platform.keyring.decrypt(row.body_enc, smsBodyAad(orgId, row.id))).toBe(PATIENT_TEXT);
    expect(() => server.platform.keyring.decrypt(row.body_enc, smsBodyAad(orgId, newId('smsMessage')))).toThrow();

    await deliverMessage(server.platform, orgId, sent.body.id);
    const atVendor = localOutbox(server.platform, orgId).list().filter((m) => m.to === to);
    expect(atVendor.map((m) => m.body)).toEqual([PATIENT_TEXT]);
    const listed = await api('GET', `/v1/sms/messages?phone=${encodeURIComponent(to)}`);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: sent.body.id, to, body: 'Call me back on [PHONE], my DOB is [DOB]', status: 'sent' })]);
  });

  it('keeps its exact text readable after a key rotation', async () => {
    const sent = await api('POST', '/v1/sms/messages', { to: '+15557771302', body: PATIENT_TEXT });
    const k2 = generateKeySpec('k2');
    const rotated = loadKeyring(`${k2},${server.config.encryptionKeys}`);
    const owner = await server.platform.db.owner();
    await reencryptAll({ keyring: rotated, columns: ENCRYPTED_COLUMNS, db: owner });
    const row = await inTenant((tx) => tx('sms_messages').where({ id: sent.body.id }).first('body_enc'));
    expect(row.body_enc.startsWith('v1.k2.')).toBe(true);
    expect(rotated.decrypt(row.body_enc, smsBodyAad(orgId, sent.body.id))).toBe(PATIENT_TEXT);
    // And back, so the running server (which never heard of k2) reads everything again.
    await reencryptAll({ keyring: loadKeyring(`${server.config.encryptionKeys},${k2}`), columns: ENCRYPTED_COLUMNS, db: owner });
    const back = await inTenant((tx) => tx('sms_messages').where({ id: sent.body.id }).first('body_enc'));
    expect(server.platform.keyring.decrypt(back.body_enc, smsBodyAad(orgId, sent.body.id))).toBe(PATIENT_TEXT);
    expect(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`)).toEqual(expect.arrayContaining(['sms_messages.body_enc', 'sms_inbox.params_enc']));
  });
});

describe('texts stored before this release', () => {
  it('are redacted and encrypted by the protect job, and still send and process', async () => {
    const owner = await server.platform.db.owner();
    const to = '+15557771401';
    const outId = newId('smsMessage');
    const inId = newId('smsMessage');
    const pendingInbox = newId('smsInbox');
    const doneInbox = newId('smsInbox');
    // Plaintext rows as the old code wrote them (the owner sees every org, as the migration-era data does).
    await owner('sms_messages').insert([
      { id: outId, org_id: orgId, direction: 'outbound', purpose: 'manual', to_number: to, body: PATIENT_TEXT, status: 'pending', send_at: new Date(), body_redacted: false },
      { id: inId, org_id: orgId, direction: 'inbound', purpose: 'inbound', to_number: '+15005550100', from_number: to, body: PATIENT_TEXT, status: 'received', body_redacted: false },
    ]);
    const params = { id: `SMlegacy${process.pid}`, from: '+15557771402', to: '+15005550100', body: PATIENT_TEXT };
    await owner('sms_inbox').insert([
      { id: pendingInbox, org_id: orgId, connector: 'local-sms', kind: 'message', dedupe_key: `in:legacy-${process.pid}`, params: JSON.stringify(params) },
      { id: doneInbox, org_id: orgId, connector: 'local-sms', kind: 'message', dedupe_key: `in:legacy-done-${process.pid}`, params: JSON.stringify(params), processed_at: new Date() },
    ]);

    const report = await protectStoredSms({ db: owner, keyring: server.platform.keyring });
    expect(report).toMatchObject({ messages: 2, inbox: 2 });
    expect(await protectStoredSms({ db: owner, keyring: server.platform.keyring })).toEqual({ messages: 0, inbox: 0 });

    const rows = await inTenant((tx) => tx('sms_messages').whereIn('id', [outId, inId]).orderBy('direction'));
    expect(rows.map((r) => [r.direction, r.body, r.body_redacted])).toEqual([
      ['inbound', 'Call me back on [PHONE], my DOB is [DOB]', true],
      ['outbound', 'Call me back on [PHONE], my DOB is [DOB]', true],
    ]);
    expect(rows[0].body_enc).toBeNull();
    expect(server.platform.keyring.decrypt(rows[1].body_enc, smsBodyAad(orgId, outId))).toBe(PATIENT_TEXT);
    const inbox = await inTenant((tx) => tx('sms_inbox').whereIn('id', [pendingInbox, doneInbox]).orderBy('id'));
    for (const r of inbox) {
      expect(r.params).toBeNull();
      expectNoPhi(r, ['Call me back', '5557771402']);
    }
    expect(inbox.find((r) => r.id === doneInbox).params_enc).toBeNull();
    expect(inbox.find((r) => r.id === pendingInbox).params_enc).toEqual(expect.any(String));

    await deliverMessage(server.platform, orgId, outId);
    expect(localOutbox(server.platform, orgId).list().filter((m) => m.to === to).map((m) => m.body)).toEqual([PATIENT_TEXT]);
    await processInbox(server.platform, orgId, pendingInbox);
    const processed = await inTenant((tx) => tx('sms_messages').where({ external_id: params.id }).first('body'));
    expect(processed.body).toBe('Call me back on [PHONE], my DOB is [DOB]');
    expect((await inTenant((tx) => tx('sms_inbox').where({ id: pendingInbox }).first('params_enc'))).params_enc).toBeNull();
  });
});
