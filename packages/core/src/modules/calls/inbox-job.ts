/**
 * The inbox job: one stored message, processed in ONE transaction that locks the row, applies every effect
 * and marks the row processed (clearing its encrypted payload). A crash at any point leaves all of it or
 * none of it; a duplicate job, or a re-run after a crash, finds the row processed and changes nothing.
 */
import type { Deps } from '../../platform/deps.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { KeyringError } from '../../platform/crypto/index.ts';
import { parseVoiceMessage } from '../../connectors/voice-messages.ts';
import { enqueueCampaignTick } from '../outbound/index.ts';
import { decryptInboxPayload, type InboxJobData } from './inbox.ts';
import { ingestEvent, type FollowUps } from './ingest.ts';
import { CALL_JOBS } from './jobs.ts';
import { ANALYZE_ATTEMPTS } from './analysis.ts';

interface InboxRow {
  id: string;
  connector: string;
  type: string;
  external_call_id: string | null;
  payload_enc: string | null;
  processed_at: Date | null;
}

class InboxFailure extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** A stable code for the row and the logs: database and parser messages can quote the payload, codes cannot. */
export function failureCode(err: unknown): string {
  if (err instanceof InboxFailure) return err.code;
  if (err instanceof KeyringError) return `keyring_${err.code}`;
  if (err instanceof SyntaxError) return 'invalid_json';
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `db_${code}`;
  return 'ingest_failed';
}

/**
 * A processed report whose follow-up jobs may not have been enqueued: the process can die between the commit
 * and the enqueue. Re-asking is harmless, the job ids dedupe.
 */
async function followUpsOfProcessed(tx: Tx, row: InboxRow): Promise<FollowUps> {
  if (row.type !== 'end-of-call-report' || !row.external_call_id) return {};
  const call: { id: string; campaign_id: string | null; analysis_status: string } | undefined = await tx('calls')
    .where({ connector: row.connector, external_call_id: row.external_call_id })
    .first('id', 'campaign_id', 'analysis_status');
  if (!call) return {};
  return { ...(call.analysis_status === 'pending' ? { analyzeCallId: call.id } : {}), ...(call.campaign_id ? { campaignId: call.campaign_id } : {}) };
}

async function enqueueFollowUps(deps: Deps, orgId: string, f: FollowUps): Promise<void> {
  if (f.analyzeCallId) {
    await deps.queue.add(CALL_JOBS.analyze, { orgId, callId: f.analyzeCallId }, { jobId: `analyze-${f.analyzeCallId}`, attempts: ANALYZE_ATTEMPTS, backoffMs: 5_000 });
  }
  if (f.campaignId) await enqueueCampaignTick(deps, orgId, f.campaignId);
}

export async function processVoiceInbox(deps: Deps, orgId: string, inboxId: string): Promise<void> {
  let followUps: FollowUps;
  try {
    followUps = await inScope(deps.knex, { orgId }, async (tx) => {
      const row: InboxRow | undefined = await tx('voice_inbox')
        .where({ id: inboxId })
        .forUpdate()
        .first('id', 'connector', 'type', 'external_call_id', 'payload_enc', 'processed_at');
      if (!row) return {};
      if (row.processed_at) return followUpsOfProcessed(tx, row);
      if (!row.payload_enc) throw new InboxFailure('payload_missing');
      const { event } = parseVoiceMessage(JSON.parse(decryptInboxPayload(deps.keyring, orgId, inboxId, row.payload_enc)));
      const out = await ingestEvent({ tx, orgId, connector: row.connector, keyring: deps.keyring }, event);
      await tx('voice_inbox')
        .where({ id: inboxId })
        .update({ processed_at: tx.fn.now(), payload_enc: null, attempts: tx.raw('attempts + 1'), last_error: null });
      return out;
    });
  } catch (err) {
    const code = failureCode(err);
    // The transaction rolled back, so the failure is recorded in one of its own.
    await inScope(deps.knex, { orgId }, (tx) =>
      tx('voice_inbox').where({ id: inboxId }).whereNull('processed_at').update({ attempts: tx.raw('attempts + 1'), last_error: code }),
    ).catch(() => undefined);
    // Rethrown as the code alone: the queue logs the message, and the original could quote the payload.
    throw new Error(`voice inbox message ${inboxId} failed: ${code}`);
  }
  // After the commit; if this fails the job is retried, finds the row processed and asks again.
  await enqueueFollowUps(deps, orgId, followUps);
}
