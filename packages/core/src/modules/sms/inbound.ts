/**
 * Vendor webhooks, the short path: verify the signature, store the delivery durably (once per vendor
 * event), acknowledge, and let a job do the work. Nothing is written for a request that fails
 * verification.
 */
import type { SmsConnector } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, badRequest } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { emitEvent } from '../outbox/service.ts';
import { confirmNextBooking, requestCallback } from '../bookings/patient-replies.ts';
import { smsConnector, type SmsConnectorId } from '../../connectors/sms.ts';
import { recordOptOut } from './opt-outs.ts';
import { dispatch, recordOutbound } from './service.ts';
import type { SmsRow } from './view.ts';

export const SMS_INBOX_JOB = 'sms.inbox';

export interface WebhookDelivery {
  orgId: string;
  connectorId: SmsConnectorId;
  kind: 'message' | 'status';
  /** The URL exactly as the vendor requested it. */
  url: string;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

const unauthorized = () => new ApiError(401, 'invalid_signature', 'The webhook signature is missing or wrong.');

function dedupeKey(connector: SmsConnector, kind: 'message' | 'status', params: Record<string, string>): string {
  try {
    if (kind === 'message') return `in:${connector.parseInbound(params).externalId}`;
    const s = connector.parseStatus(params);
    // Every state of one message is its own delivery; a redelivery of the same state is a duplicate.
    return `st:${s.externalId}:${s.status}:${s.errorCode ?? ''}`;
  } catch {
    throw badRequest('invalid_webhook', 'The webhook is missing required fields.');
  }
}

export async function receiveWebhook(deps: Deps, d: WebhookDelivery): Promise<void> {
  // An unknown org or one without the integration looks exactly like a bad signature.
  const sms = await smsConnector(deps, d.orgId, d.connectorId).catch(() => null);
  if (!sms || !sms.connector.verifyWebhook({ url: d.url, params: d.params, headers: d.headers })) throw unauthorized();
  const key = dedupeKey(sms.connector, d.kind, d.params);
  const inserted = await inScope(deps.knex, { orgId: d.orgId }, (tx) =>
    tx('sms_inbox')
      .insert({ id: newId('smsInbox'), org_id: d.orgId, connector: sms.id, kind: d.kind, dedupe_key: key, params: JSON.stringify(d.params) })
      .onConflict(['org_id', 'connector', 'dedupe_key'])
      .ignore()
      .returning('id'),
  );
  const id = (inserted as { id: string }[])[0]?.id;
  if (id) await deps.queue.add(SMS_INBOX_JOB, { orgId: d.orgId, inboxId: id }, { jobId: `sms-inbox-${id}`, attempts: 8, backoffMs: 2_000 });
}

const CONFIRM = new Set(['C', 'CONFIRM', 'CONFIRMED']);
const CALLBACK = new Set(['R', 'CALL', 'CALL ME', 'CALLBACK']);

function replyKind(body: string): 'confirm' | 'callback' | null {
  const word = body.trim().replace(/[.!]+$/u, '').trim().toUpperCase();
  if (CONFIRM.has(word)) return 'confirm';
  if (CALLBACK.has(word)) return 'callback';
  return null;
}

const KEYWORD_ACTION = { STOP: 'stop', START: 'start', HELP: 'help' } as const;

/** The inbox job: idempotent, because the row is marked processed in the same transaction as its effects. */
export async function processInbox(deps: Deps, orgId: string, inboxId: string): Promise<void> {
  const replies: SmsRow[] = [];
  // The connector is resolved before the transaction: it reads credentials in a transaction of its own,
  // and nesting one inside another would deadlock a single-connection database (embedded PGlite).
  const peek = await inScope(deps.knex, { orgId }, (tx) => tx('sms_inbox').where({ id: inboxId }).first('connector', 'processed_at'));
  if (!peek || peek.processed_at) return;
  const sms = await smsConnector(deps, orgId, peek.connector as SmsConnectorId);
  if (!sms) throw new Error(`the ${peek.connector} connector is no longer available for this org`);
  await inScope(deps.knex, { orgId }, async (tx) => {
    const item = await tx('sms_inbox').where({ id: inboxId }).forUpdate().first();
    if (!item || item.processed_at) return;
    const params = item.params as Record<string, string>;
    if (item.kind === 'message') {
      const m = sms.connector.parseInbound(params);
      const [row] = (await tx('sms_messages')
        .insert({ id: newId('smsMessage'), org_id: orgId, direction: 'inbound', purpose: 'inbound', to_number: m.to, from_number: m.from, body: m.body, status: 'received', connector: sms.id, external_id: m.externalId })
        .onConflict()
        .ignore()
        .returning('*')) as SmsRow[];
      if (row) {
        await emitEvent(tx, orgId, 'sms.received', { message_id: row.id, from: m.from, to: m.to, keyword: m.keyword });
        if (m.keyword) {
          await recordOptOut(tx, orgId, { phone: m.from, action: KEYWORD_ACTION[m.keyword], source: 'inbound_keyword', messageId: row.id });
        } else {
          const kind = replyKind(m.body);
          const booking = kind === 'confirm' ? await confirmNextBooking(tx, orgId, m.from) : kind === 'callback' ? await requestCallback(tx, orgId, m.from, row.id) : undefined;
          if (kind && booking) {
            const text = kind === 'confirm' ? 'Thanks, your appointment is confirmed.' : 'Thanks, the clinic will call you back shortly.';
            const reply = await recordOutbound(tx, orgId, { to: m.from, from: m.to, body: text, purpose: 'reply', timezone: booking.timezone, bookingId: booking.id, dedupeKey: `reply-${row.id}` });
            if (reply) replies.push(reply);
          }
        }
      }
    } else {
      const s = sms.connector.parseStatus(params);
      const msg: SmsRow | undefined = await tx('sms_messages').where({ connector: sms.id, external_id: s.externalId }).first();
      if (msg) {
        await tx('sms_messages').where({ id: msg.id }).update({ status: s.status, error_code: s.errorCode, updated_at: tx.fn.now() });
        await emitEvent(tx, orgId, 'sms.status_changed', { message_id: msg.id, status: s.status, error_code: s.errorCode });
      }
      if (s.optedOut) {
        const phone = s.to ?? msg?.to_number;
        if (phone) await recordOptOut(tx, orgId, { phone, action: 'vendor_refused', source: 'status_callback', messageId: msg?.id ?? null });
      }
    }
    await tx('sms_inbox').where({ id: inboxId }).update({ processed_at: tx.fn.now() });
  });
  await dispatch(deps, orgId, replies);
}

export function registerInboxJob(deps: Deps): void {
  deps.queue.process<{ orgId: string; inboxId: string }>(SMS_INBOX_JOB, (job) => processInbox(deps, job.data.orgId, job.data.inboxId), { concurrency: 5 });
}
