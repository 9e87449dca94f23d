/**
 * Vendor webhooks, the short path: verify the signature, store the delivery durably (once per vendor
 * event), acknowledge, and let a job do the work. Nothing is written for a request that fails
 * verification. The stored payload (numbers, the patient's words) is encrypted, and cleared once the job
 * has acted on it; only the dedupe key (vendor ids) stays, to recognise a redelivery.
 */
import type { SmsConnector } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, badRequest } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { adoptLivemode } from '../../platform/db/livemode.ts';
import { emitEvent } from '../outbox/index.ts';
import { confirmNextBooking, requestCallback } from '../bookings/index.ts';
import { smsConnector, type SmsConnectorId } from '../../connectors/sms.ts';
import { recordOptOut } from './opt-outs.ts';
import { dispatch, recordOutbound } from './service.ts';
import { decryptInboxParams, encryptInboxParams, storedBody } from './body.ts';
import type { SmsRow } from './view.ts';

export const SMS_INBOX_JOB = 'sms.inbox';

export interface WebhookDelivery {
  orgId: string;
  connectorId: SmsConnectorId;
  kind: 'message' | 'status';
  /** False for a test-mode reply to the local outbox (its URL says so); the inbox job acts in that mode. */
  livemode: boolean;
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
  const sms = await smsConnector(deps, d.orgId, d.connectorId, { livemode: d.livemode }).catch(() => null);
  if (!sms || !sms.connector.verifyWebhook({ url: d.url, params: d.params, headers: d.headers })) throw unauthorized();
  const key = dedupeKey(sms.connector, d.kind, d.params);
  const inboxId = newId('smsInbox');
  const inserted = await inScope(deps.knex, { orgId: d.orgId }, (tx) =>
    tx('sms_inbox')
      .insert({ id: inboxId, org_id: d.orgId, connector: sms.id, kind: d.kind, dedupe_key: key, params_enc: encryptInboxParams(deps.keyring, d.orgId, inboxId, d.params), livemode: d.livemode })
      .onConflict(['org_id', 'connector', 'dedupe_key'])
      .ignore()
      .returning('id'),
  );
  const id = (inserted as { id: string }[])[0]?.id;
  if (id) await deps.queue.add(SMS_INBOX_JOB, { orgId: d.orgId, inboxId: id }, { jobId: `sms-inbox-${id}`, attempts: 8, backoffMs: 2_000 });
}

const CONFIRM = new Set(['C', 'CONFIRM', 'CONFIRMED']);
const CALLBACK = new Set(['R', 'CALL', 'CALL ME', 'CALLBACK']);

/**
 * Closing dots and bangs ("C.", "CONFIRM!!"). The look-behind starts a match only where such a run
 * starts: `[.!]+$` alone retried from every dot of a long run that does not end the text (issue #10).
 */
const TRAILING_MARKS = /(?<![.!])[.!]+$/u;

/** What a reply to a reminder asks for. */
export function replyKind(body: string): 'confirm' | 'callback' | null {
  const word = body.trim().replace(TRAILING_MARKS, '').trim().toUpperCase();
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
  const peek = await inScope(deps.knex, { orgId }, (tx) => tx('sms_inbox').where({ id: inboxId }).first('connector', 'processed_at', 'livemode'));
  if (!peek || peek.processed_at) return;
  const sms = await smsConnector(deps, orgId, peek.connector as SmsConnectorId, { livemode: peek.livemode });
  if (!sms) throw new Error(`the ${peek.connector} connector is no longer available for this org`);
  await inScope(deps.knex, { orgId }, async (tx) => {
    const item = await tx('sms_inbox').where({ id: inboxId }).forUpdate().first();
    if (!item || item.processed_at) return;
    // `params` is a row stored before payloads were encrypted and not yet converted (protect-stored.ts).
    const params = item.params_enc ? decryptInboxParams(deps.keyring, orgId, inboxId, item.params_enc) : (item.params as Record<string, string>);
    if (item.kind === 'message') {
      // A reply acts in its own mode: a test reply confirms a test booking and opts out of test texts only.
      await adoptLivemode(tx, item.livemode);
      const m = sms.connector.parseInbound(params);
      const id = newId('smsMessage');
      const [row] = (await tx('sms_messages')
        .insert({ id, org_id: orgId, direction: 'inbound', purpose: 'inbound', to_number: m.to, from_number: m.from, ...storedBody(deps.keyring, orgId, id, 'inbound', m.body), status: 'received', connector: sms.id, external_id: m.externalId })
        .onConflict()
        .ignore()
        .returning('*')) as SmsRow[];
      if (row) {
        // Ids only: subscribers read the message (redacted) through the API, never a number from the event.
        await emitEvent(tx, orgId, 'sms.received', { message_id: row.id, keyword: m.keyword });
        if (m.keyword) {
          await recordOptOut(tx, orgId, { phone: m.from, action: KEYWORD_ACTION[m.keyword], source: 'inbound_keyword', messageId: row.id });
        } else {
          const kind = replyKind(m.body);
          const booking = kind === 'confirm' ? await confirmNextBooking(tx, orgId, m.from) : kind === 'callback' ? await requestCallback(tx, orgId, m.from, row.id) : undefined;
          if (kind && booking) {
            const text = kind === 'confirm' ? 'Thanks, your appointment is confirmed.' : 'Thanks, the clinic will call you back shortly.';
            const reply = await recordOutbound(tx, deps, orgId, { to: m.from, from: m.to, body: text, purpose: 'reply', timezone: booking.timezone, bookingId: booking.id, dedupeKey: `reply-${row.id}` });
            if (reply) replies.push(reply);
          }
        }
      }
    } else {
      const s = sms.connector.parseStatus(params);
      const msg: (SmsRow & { livemode: boolean }) | undefined = await tx('sms_messages').where({ connector: sms.id, external_id: s.externalId }).first();
      // A receipt acts in the mode of the message it is about.
      await adoptLivemode(tx, msg ? msg.livemode : item.livemode);
      if (msg) {
        await tx('sms_messages').where({ id: msg.id }).update({ status: s.status, error_code: s.errorCode, updated_at: tx.fn.now() });
        await emitEvent(tx, orgId, 'sms.status_changed', { message_id: msg.id, status: s.status, error_code: s.errorCode });
      }
      if (s.optedOut) {
        const phone = s.to ?? msg?.to_number;
        if (phone) await recordOptOut(tx, orgId, { phone, action: 'vendor_refused', source: 'status_callback', messageId: msg?.id ?? null });
      }
    }
    await tx('sms_inbox').where({ id: inboxId }).update({ processed_at: tx.fn.now(), params_enc: null, params: null });
  });
  await dispatch(deps, orgId, replies);
}

export function registerInboxJob(deps: Deps): void {
  deps.queue.process<{ orgId: string; inboxId: string }>(SMS_INBOX_JOB, (job) => processInbox(deps, job.data.orgId, job.data.inboxId), { concurrency: 5 });
}
