import type { Deps } from '../../platform/deps.ts';
import { badRequest } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { iso } from '../../platform/db/rows.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { readCallSettingsRow, settingsFromRow, type CallSettingsRow } from './settings.ts';

type UpdateInput = BodyOf<'updateCallSettings'>;

const toApi = (row: CallSettingsRow | undefined) => {
  const s = settingsFromRow(row);
  return {
    object: 'call_settings' as const,
    keep_original_transcripts: s.keepOriginalTranscripts,
    outbound_concurrency: s.outboundConcurrency,
    quiet_hours: s.quietHours,
    // null until the org changes anything: the answer is the defaults.
    updated_at: iso(row?.updated_at),
  };
};

export async function getCallSettings(deps: Deps, actor: Actor) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => toApi(await readCallSettingsRow(tx, actor.orgId)));
}

/**
 * One upsert: the first change inserts the row (unsent columns take the table's defaults), later ones
 * overwrite only the columns they send, so two admins changing different settings do not undo each other.
 */
export async function updateCallSettings(deps: Deps, actor: Actor, input: UpdateInput) {
  // Equal bounds would mean either no quiet time or all day; neither is what anyone would type.
  if (input.quiet_hours && input.quiet_hours.start === input.quiet_hours.end) {
    throw badRequest('invalid_quiet_hours', 'Quiet hours must start and end at different times.', {
      errors: [{ path: '/body/quiet_hours/end', message: 'must differ from start' }],
    });
  }
  const changes: Record<string, unknown> = {};
  if (input.keep_original_transcripts !== undefined) changes.keep_original_transcripts = input.keep_original_transcripts;
  if (input.outbound_concurrency !== undefined) changes.outbound_concurrency = input.outbound_concurrency;
  if (input.quiet_hours) Object.assign(changes, { quiet_hours_start: input.quiet_hours.start, quiet_hours_end: input.quiet_hours.end });
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const now = new Date();
    const [row] = (await tx('call_settings')
      .insert({ org_id: actor.orgId, ...changes, updated_at: now })
      .onConflict('org_id')
      .merge({ ...changes, updated_at: now })
      .returning('*')) as CallSettingsRow[];
    // Settings hold no PHI; the new values are the useful part of the record.
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'call_settings.updated', targetType: 'call_settings', targetId: actor.orgId, metadata: { changes: input } });
    return toApi(row);
  });
}
