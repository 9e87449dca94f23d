/** The admin-only, audited read of a call's unredacted transcript. */
import type { Deps } from '../../platform/deps.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { components } from '../../generated/api.ts';
import { originOf, recordAudit } from '../audit/index.ts';
import { decryptOriginal } from './original.ts';

export async function readOriginalTranscript(deps: Deps, actor: Actor, callId: string): Promise<components['schemas']['CallOriginal']> {
  const orgId = actor.orgId;
  return inScope(deps.knex, { orgId }, async (tx) => {
    const row: { original_enc: string | null } | undefined = await tx('calls').where({ id: callId }).first('original_enc');
    if (!row) throw notFound('Call');
    if (!row.original_enc) throw new ApiError(404, 'original_not_kept', 'No original transcript is kept for this call (call settings: keep_original_transcripts).');
    const original = decryptOriginal(deps.keyring, orgId, callId, row.original_enc);
    // Recorded in the same transaction as the read: no unaudited reads, even if the response is lost.
    await recordAudit(tx, orgId, originOf(actor), { action: 'call.original_transcript_read', targetType: 'call', targetId: callId });
    return { call_id: callId, transcript: original.transcript, summary: original.summary };
  });
}
