/**
 * The voice inbox: every verified vendor message that needs no synchronous answer is stored here before
 * the webhook answers 200, then processed by a job (inbox-job.ts). Vapi sends end-of-call-report once and
 * never retries, so the row, not the queue, is what makes a report durable: if Redis is down or the worker
 * dies, the sweeper (inbox-sweeper.ts) finds the row again. Per message this is one insert and one enqueue.
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

// A webhook must not hang on a Redis that is down (ioredis would retry for seconds): the row is already
// committed, so giving up on the enqueue loses nothing but latency until the next sweep.
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

/**
 * Stores one verified, parsed message (called by the webhook route for every type except assistant-request
 * and tool-calls, which are answered synchronously). `duplicate` is true when the same message was stored
 * before; `inboxId` is null for a duplicate and for a message that needs no storing.
 */
export async function acceptVoiceMessage(
  deps: Pick<Deps, 'knex' | 'keyring' | 'queue' | 'logger'>,
  orgId: string,
  connector: VoiceConnectorName,
  event: VoiceServerEvent,
  rawBody: string,
): Promise<{ inboxId: string | null; duplicate: boolean }> {
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
  if (!inserted[0]) return { inboxId: null, duplicate: true };

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      enqueueInboxJob(deps, { orgId, inboxId: id }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS);
      }),
    ]);
  } catch {
    // The row is committed: the sweeper re-enqueues it. Ids only, the error could echo job data.
    deps.logger.warn({ orgId, inboxId: id }, 'voice inbox: enqueue failed, the sweeper will pick the message up');
  } finally {
    clearTimeout(timer);
  }
  return { inboxId: id, duplicate: false };
}
