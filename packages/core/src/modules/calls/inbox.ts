/**
 * The voice inbox: every verified vendor message that needs no synchronous answer is stored here before
 * the webhook answers 200, then processed by a job (inbox-job.ts). Vapi sends end-of-call-report once and
 * never retries, so the row, not the queue, is what makes a report durable: if Redis is down or the worker
 * dies, the sweeper (inbox-sweeper.ts) finds the row again. The webhook acknowledges after the insert alone
 * and enqueues the job once the answer is on its way (storeVoiceMessage, then enqueueStored), so the
 * acknowledgement costs one INSERT and never waits on Redis; the job itself runs in a worker.
 */
import { createHash } from 'node:crypto';
import type { VoiceServerEvent } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import type { Keyring } from '../../platform/crypto/index.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { newId } from '../../platform/ids.ts';
import { CALL_JOBS } from './jobs.ts';

export type VoiceConnectorName = 'vapi' | 'simulator';

export interface InboxJobData {
  orgId: string;
  inboxId: string;
}

/** Binds a stored payload to its org and row, so a ciphertext copied to another row fails to decrypt. */
export const voiceInboxAad = (orgId: string, inboxId: string) => `${orgId}:voice_inbox:${inboxId}`;

export const inboxJobId = (inboxId: string) => `voice-inbox-${inboxId}`;

/** Long enough to ride out a database restart (about 34 minutes in all); the sweeper covers anything longer. */
export const INBOX_JOB_OPTIONS = { attempts: 10, backoffMs: 2_000 } as const;

// ioredis would retry for seconds on a Redis that is down; the row is committed, so giving up loses nothing.
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * What makes two deliveries the same message. Reports and status changes are keyed by what they mean, since
 * a redelivery need not be byte-identical (Vapi can send a report twice); everything else by its bytes.
 */
export function inboxDedupeKey(event: VoiceServerEvent, rawBody: string): string {
  const callId = event.call.externalCallId;
  if (callId && event.type === 'end-of-call-report') return `end-of-call-report:${callId}`;
  if (callId && event.type === 'status-update') return `status:${callId}:${event.status}`;
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

export function encryptInboxPayload(keyring: Keyring, orgId: string, inboxId: string, rawBody: string): string {
  return keyring.encrypt(rawBody, voiceInboxAad(orgId, inboxId));
}

export function decryptInboxPayload(keyring: Keyring, orgId: string, inboxId: string, ciphertext: string): string {
  return keyring.decrypt(ciphertext, voiceInboxAad(orgId, inboxId));
}

export async function enqueueInboxJob(deps: Pick<Deps, 'queue'>, data: InboxJobData): Promise<void> {
  await deps.queue.add(CALL_JOBS.inbox, data, { jobId: inboxJobId(data.inboxId), ...INBOX_JOB_OPTIONS });
}

export interface StoredMessage {
  /** Null for a duplicate and for a message that needs no storing. */
  inboxId: string | null;
  /** True when the same message was stored before. */
  duplicate: boolean;
}

/**
 * Stores one verified, parsed message (every type except assistant-request and tool-calls, which are
 * answered synchronously): ONE insert, deduplicated by the unique (org, connector, dedupe key). Its job is
 * not enqueued here; see enqueueStored.
 */
export async function storeVoiceMessage(
  deps: Pick<Deps, 'knex' | 'keyring'>,
  orgId: string,
  connector: VoiceConnectorName,
  event: VoiceServerEvent,
  rawBody: string,
): Promise<StoredMessage> {
  // A partial transcript is superseded by its final version moments later (and by the report's authoritative
  // transcript at the end), so it is acknowledged without a write: it would multiply the inbox's volume for nothing.
  if (event.type === 'transcript' && event.transcriptType === 'partial') return { inboxId: null, duplicate: false };

  const id = newId('voiceInbox');
  const inserted: { id: string }[] = await inScope(deps.knex, { orgId }, (tx) =>
    tx('voice_inbox')
      .insert({
        id,
        org_id: orgId,
        connector,
        type: event.type,
        dedupe_key: inboxDedupeKey(event, rawBody),
        external_call_id: event.call.externalCallId,
        // Unredacted PHI until processed, so encrypted at rest and cleared by the job.
        payload_enc: encryptInboxPayload(deps.keyring, orgId, id, rawBody),
      })
      .onConflict(['org_id', 'connector', 'dedupe_key'])
      .ignore()
      .returning('id'),
  );
  return inserted[0] ? { inboxId: id, duplicate: false } : { inboxId: null, duplicate: true };
}

/**
 * Enqueues the job of a stored message. Never throws and never waits long: the row is committed, so a
 * failed or slow enqueue (Redis down) costs only latency until the sweeper's next pass.
 */
export async function enqueueStored(deps: Pick<Deps, 'queue' | 'logger'>, orgId: string, inboxId: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      enqueueInboxJob(deps, { orgId, inboxId }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS);
      }),
    ]);
  } catch {
    // Ids only, the error could echo job data.
    deps.logger.warn({ orgId, inboxId }, 'voice inbox: enqueue failed, the sweeper will pick the message up');
  } finally {
    clearTimeout(timer);
  }
}

/** Stores a message and enqueues its job before returning (tests and in-process callers that want both). */
export async function acceptVoiceMessage(
  deps: Pick<Deps, 'knex' | 'keyring' | 'queue' | 'logger'>,
  orgId: string,
  connector: VoiceConnectorName,
  event: VoiceServerEvent,
  rawBody: string,
): Promise<StoredMessage> {
  const stored = await storeVoiceMessage(deps, orgId, connector, event, rawBody);
  if (stored.inboxId) await enqueueStored(deps, orgId, stored.inboxId);
  return stored;
}
