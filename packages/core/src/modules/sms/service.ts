/**
 * Outbound SMS. A message is first a row (in the caller's transaction, so a booking and its
 * confirmation commit together), then a delivery job. The opt-out ledger is checked when the row is
 * written AND again right before the vendor call; quiet hours decide when the job runs.
 */
import { isConnectorError, type ConnectorError } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { adoptLivemode, withLivemode } from '../../platform/db/livemode.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import { type AuditOrigin, recordAudit } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { activeSmsConnector, statusCallbackUrl } from '../../connectors/sms.ts';
import { isOptedOut, recordOptOut } from './opt-outs.ts';
import { nextSendable } from './quiet-hours.ts';
import { exactBody, redactedNote, storedBody } from './body.ts';
import { smsToApi, type SmsPurpose, type SmsRow } from './view.ts';

export const SMS_DELIVER_JOB = 'sms.deliver';
/** The sender shown in the local outbox when a location has no number of its own. */
const LOCAL_SENDER = '+15005550100';

export interface OutboundInput {
  to: string;
  body: string;
  purpose: SmsPurpose;
  /** Quiet hours are read in this zone (the location's). */
  timezone: string;
  bookingId?: string | null;
  from?: string | null;
  /** Makes the write idempotent: a second message with the same key is not recorded. */
  dedupeKey?: string;
}

/** Records an outbound message (its text redacted, the exact text encrypted: body.ts); null when its dedupe key was already used. */
export async function recordOutbound(tx: Tx, deps: Pick<Deps, 'keyring'>, orgId: string, input: OutboundInput): Promise<SmsRow | null> {
  const refused = await isOptedOut(tx, input.to);
  const now = Date.now();
  const sendAt = nextSendable(now, input.timezone);
  const id = newId('smsMessage');
  const [row] = (await tx('sms_messages')
    .insert({
      id,
      org_id: orgId,
      direction: 'outbound',
      purpose: input.purpose,
      booking_id: input.bookingId ?? null,
      to_number: input.to,
      from_number: input.from ?? null,
      ...storedBody(deps.keyring, orgId, id, 'outbound', input.body),
      status: refused ? 'refused' : sendAt > now ? 'scheduled' : 'pending',
      error_code: refused ? 'opted_out' : null,
      error_message: refused ? 'The recipient opted out (STOP); nothing was sent.' : null,
      send_at: new Date(sendAt),
      dedupe_key: input.dedupeKey ?? null,
    })
    .onConflict()
    .ignore()
    .returning('*')) as SmsRow[];
  return row ?? null;
}

/** After commit: one delivery job per message, due when quiet hours allow. */
export async function dispatch(deps: Deps, orgId: string, rows: Pick<SmsRow, 'id' | 'status' | 'send_at'>[]): Promise<void> {
  for (const row of rows) {
    if (row.status !== 'pending' && row.status !== 'scheduled') continue;
    const delayMs = Math.max(0, (row.send_at?.getTime() ?? 0) - Date.now());
    await deps.queue
      .add(SMS_DELIVER_JOB, { orgId, messageId: row.id }, { jobId: `sms-deliver-${row.id}`, delayMs, attempts: deps.config.connectors.syncJobAttempts, backoffMs: deps.config.connectors.syncJobBackoffMs })
      .catch((err) => deps.logger.error({ err: (err as Error).message, messageId: row.id }, 'could not queue SMS delivery'));
  }
}

/** Messages of a booking still waiting for their job (after the booking's transaction committed). */
export async function dispatchBookingMessages(deps: Deps, orgId: string, bookingId: string): Promise<void> {
  const rows: SmsRow[] = await inScope(deps.knex, { orgId }, (tx) => tx('sms_messages').where({ booking_id: bookingId }).whereIn('status', ['pending', 'scheduled']));
  await dispatch(deps, orgId, rows);
}

/** The location's own number, else a Twilio number the org imported, else (local outbox) a placeholder. */
async function senderFor(tx: Tx, locationNumber: string | null, connectorId: string): Promise<string | null> {
  if (locationNumber) return locationNumber;
  if (connectorId === 'twilio') {
    const n = await tx('phone_numbers').where({ source: 'twilio' }).orderBy('id').first('number');
    return n?.number ?? null;
  }
  return LOCAL_SENDER;
}

type Claimed = { row: SmsRow; locationNumber: string | null } | null;

async function claim(deps: Deps, orgId: string, messageId: string): Promise<Claimed> {
  return inScope(deps.knex, { orgId }, async (tx) => {
    const row: SmsRow | undefined = await tx('sms_messages').where({ id: messageId }).forUpdate().first();
    // Our own states only: once the vendor has it (external_id), a rerun must never send again.
    if (!row || row.external_id || (row.status !== 'pending' && row.status !== 'scheduled')) return null;
    // From here the job acts for this message: the opt-outs of its own mode decide (decision 0012).
    await adoptLivemode(tx, row.livemode);
    // A job that fires early (clock skew, a retry) must not break quiet hours: fail and come back.
    if (row.send_at && row.send_at.getTime() > Date.now() + 5_000) throw new Error('SMS not yet due');
    if (await isOptedOut(tx, row.to_number)) {
      await tx('sms_messages').where({ id: messageId }).update({ status: 'refused', error_code: 'opted_out', error_message: 'The recipient opted out (STOP); nothing was sent.', updated_at: tx.fn.now() });
      return null;
    }
    await tx('sms_messages').where({ id: messageId }).update({ status: 'sending', updated_at: tx.fn.now() });
    const loc = row.booking_id
      ? await tx('bookings as b').join('locations as l', 'l.id', 'b.location_id').where('b.id', row.booking_id).first('l.sms_number')
      : await tx('locations').whereNull('deleted_at').whereNotNull('sms_number').orderBy('id').first('sms_number');
    return { row, locationNumber: row.from_number ?? loc?.sms_number ?? null };
  });
}

async function finish(deps: Deps, orgId: string, id: string, changes: Record<string, unknown>, optOutPhone?: string): Promise<void> {
  await inScope(deps.knex, { orgId }, async (tx) => {
    await tx('sms_messages').where({ id }).update({ ...changes, updated_at: tx.fn.now() });
    if (optOutPhone) await recordOptOut(tx, orgId, { phone: optOutPhone, action: 'vendor_refused', source: 'send_error', messageId: id });
    await emitEvent(tx, orgId, 'sms.status_changed', { message_id: id, status: changes.status, error_code: changes.error_code ?? null });
  });
}

/** The delivery job: claim, call the vendor outside any transaction, record the outcome. */
export async function deliverMessage(deps: Deps, orgId: string, messageId: string): Promise<void> {
  const claimed = await claim(deps, orgId, messageId);
  if (!claimed) return;
  // The rest acts for the message, in its mode: a test message reaches the local outbox only.
  await withLivemode(claimed.row.livemode, () => send(deps, orgId, claimed));
}

async function send(deps: Deps, orgId: string, claimed: NonNullable<Claimed>): Promise<void> {
  const { row } = claimed;
  let sms;
  try {
    sms = await activeSmsConnector(deps, orgId, { livemode: row.livemode });
  } catch (err) {
    const code = err instanceof ApiError ? err.code : 'connector_unavailable';
    return finish(deps, orgId, row.id, { status: 'failed', error_code: code, error_message: (err as Error).message });
  }
  const from = await inScope(deps.knex, { orgId }, (tx) => senderFor(tx, claimed.locationNumber, sms.id));
  if (!from) return finish(deps, orgId, row.id, { status: 'failed', connector: sms.id, error_code: 'no_sender_number', error_message: 'Set the location\'s sms_number to a number of the Twilio account.' });
  try {
    const sent = await sms.connector.send({ from, to: row.to_number, body: exactBody(deps.keyring, row), statusCallbackUrl: statusCallbackUrl(deps, orgId, sms.id), idempotencyKey: row.id });
    await finish(deps, orgId, row.id, { status: sent.status === 'unknown' ? 'sent' : sent.status, connector: sms.id, external_id: sent.externalId, from_number: from, sent_at: new Date() });
  } catch (err) {
    if (!isConnectorError(err)) throw err;
    await onSendError(deps, orgId, row, sms.id, from, err);
  }
}

async function onSendError(deps: Deps, orgId: string, row: SmsRow, connectorId: string, from: string, err: ConnectorError): Promise<void> {
  const base = { connector: connectorId, from_number: from, error_message: redactedNote(err.message.slice(0, 500)) };
  if (err.code === 'recipient_opted_out') {
    return finish(deps, orgId, row.id, { ...base, status: 'failed', error_code: err.vendorCode ?? '21610' }, row.to_number);
  }
  // A timeout is ambiguous (the vendor may have accepted it) and Twilio has no idempotency key: never resend blindly.
  if (err.retryable && err.code !== 'timeout') {
    await inScope(deps.knex, { orgId }, (tx) => tx('sms_messages').where({ id: row.id }).update({ status: 'pending', error_code: err.code, updated_at: tx.fn.now() }));
    throw err;
  }
  return finish(deps, orgId, row.id, { ...base, status: 'failed', error_code: err.vendorCode ?? err.code });
}

export interface SendInput {
  to: string;
  body: string;
  booking_id?: string;
  location_id?: string;
}

/** A manual or voice-tool send. Opted-out recipients get 422 recipient_opted_out, and the refusal is logged. */
export async function sendSmsFor(deps: Deps, who: { orgId: string; origin: AuditOrigin }, input: SendInput) {
  const row = await inScope(deps.knex, { orgId: who.orgId }, async (tx) => {
    let timezone = 'UTC';
    if (input.booking_id) {
      const b = await tx('bookings as b').join('locations as l', 'l.id', 'b.location_id').where('b.id', input.booking_id).where('b.kind', 'booking').first('l.timezone');
      if (!b) throw notFound('Booking');
      timezone = b.timezone;
    } else {
      const q = tx('locations').whereNull('deleted_at').orderBy('id');
      if (input.location_id) q.where({ id: input.location_id });
      const l = await q.first('timezone');
      if (input.location_id && !l) throw notFound('Location');
      // Without any location the clinic's zone is unknown; UTC keeps quiet hours deterministic.
      timezone = l?.timezone ?? 'UTC';
    }
    const r = (await recordOutbound(tx, deps, who.orgId, { to: input.to, body: input.body, purpose: 'manual', timezone, bookingId: input.booking_id ?? null }))!;
    await recordAudit(tx, who.orgId, who.origin, { action: 'sms.sent', targetType: 'sms_message', targetId: r.id, metadata: { status: r.status } });
    return r;
  });
  if (row.status === 'refused') {
    throw new ApiError(422, 'recipient_opted_out', 'This number opted out of texts (STOP). The attempt was logged; nothing was sent.', { message_id: row.id });
  }
  await dispatch(deps, who.orgId, [row]);
  return smsToApi(row);
}

export async function listMessages(deps: Deps, orgId: string, query: PageParams & { phone?: string; booking_id?: string }) {
  return inScope(deps.knex, { orgId }, (tx) => {
    const q = tx('sms_messages').select('*');
    if (query.phone) q.where((w) => w.where({ to_number: query.phone }).orWhere({ from_number: query.phone }));
    if (query.booking_id) q.where({ booking_id: query.booking_id });
    return paginate(q, query, smsToApi, { list: 'sms_messages' });
  });
}

const when = (d: Date, tz: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(d);

export interface BookingForSms {
  id: string;
  org_id: string;
  service_id: string;
  location_id: string;
  starts_at: Date;
  confirmation_code: string | null;
  patient_phone: string | null;
  timezone: string;
}

async function names(tx: Tx, b: BookingForSms) {
  const l = await tx('locations').where({ id: b.location_id }).first('name');
  const s = await tx('services').where({ id: b.service_id }).first('name');
  return { clinic: l?.name ?? 'Your clinic', service: s?.name ?? 'your appointment' };
}

/**
 * In the booking's transaction: the confirmation text, sent once per booking. The caller may pass the
 * clinic's and the service's names when it already has them (two reads saved on the booking path).
 * Returns the message, for dispatch after commit.
 */
export async function queueBookingConfirmation(tx: Tx, deps: Pick<Deps, 'keyring'>, b: BookingForSms, known?: { clinic: string; service: string }): Promise<SmsRow | null> {
  if (!b.patient_phone) return null;
  const n = known ?? (await names(tx, b));
  const body = `${n.clinic}: you're booked for ${n.service} on ${when(b.starts_at, b.timezone)}. Code ${b.confirmation_code}. Reply C to confirm, R for a call back, STOP to opt out.`;
  return recordOutbound(tx, deps, b.org_id, { to: b.patient_phone, body, purpose: 'confirmation', timezone: b.timezone, bookingId: b.id, dedupeKey: `confirm-${b.id}` });
}

/** A reminder message for a booking time; the dedupe key makes a re-run of the reminder job a no-op. */
export async function queueBookingReminder(tx: Tx, deps: Pick<Deps, 'keyring'>, b: BookingForSms, kind: '24h' | '2h'): Promise<SmsRow | null> {
  if (!b.patient_phone) return null;
  const n = await names(tx, b);
  const body = `${n.clinic}: reminder of your ${n.service} on ${when(b.starts_at, b.timezone)} (code ${b.confirmation_code}). Reply C to confirm or R for a call back.`;
  return recordOutbound(tx, deps, b.org_id, {
    to: b.patient_phone,
    body,
    purpose: kind === '24h' ? 'reminder_24h' : 'reminder_2h',
    timezone: b.timezone,
    bookingId: b.id,
    dedupeKey: `reminder-${kind}-${b.id}-${b.starts_at.getTime()}`,
  });
}

export function registerDeliveryJob(deps: Deps): void {
  deps.queue.process<{ orgId: string; messageId: string }>(SMS_DELIVER_JOB, (job) => deliverMessage(deps, job.data.orgId, job.data.messageId), { concurrency: 10 });
}
