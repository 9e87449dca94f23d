/**
 * Outbound campaigns: a batch of contacts called by one outbound agent. Creating one writes the campaign
 * and every target in one transaction (numbers on the do-not-call list and contacts whose consent is not
 * `granted` are recorded as skipped up front, with the reason); the campaign tick (campaign-tick.ts) dials.
 *
 * States: running <-> paused; running | paused -> cancelled; running -> completed (by the tick, when every
 * target is settled). Any other move answers 409 campaign_state.
 */
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf } from '../../platform/http/types.ts';
import { isValidTimezone } from '../scheduling/index.ts';
import { loadCallSettings } from '../call-settings/index.ts';
import { originOf, recordAudit } from '../audit/index.ts';
import { zoneFor } from './call-window.ts';
import { consentBlock, skippedStatus } from './eligibility.ts';
import { outboundAgent, outboundNumber } from './line.ts';
import { campaignToApi, progressOf, targetToApi, type CampaignRow, type CampaignStatus, type TargetStatus } from './campaign-view.ts';
import { dialJobId, enqueueCampaignTick } from './queue.ts';

const INSERT_CHUNK = 500;

async function view(tx: Tx, row: CampaignRow) {
  return campaignToApi(row, (await progressOf(tx, [row.id])).get(row.id)!);
}

async function findCampaign(tx: Tx, id: string, lock = false): Promise<CampaignRow> {
  const q = tx('campaigns').where({ id }).first();
  const row = (await (lock ? q.forUpdate() : q)) as CampaignRow | undefined;
  if (!row) throw notFound('Campaign');
  return row;
}

interface ContactRow {
  id: string;
  phone: string;
  timezone: string | null;
  consent_status: string;
}

export async function createCampaign(deps: Deps, actor: Actor, body: BodyOf<'createCampaign'>) {
  const orgId = actor.orgId;
  // Refused now rather than paused at its first tick: a live campaign needs a voice vendor.
  await deps.connectors.voiceConnectorFor(orgId, { livemode: actor.livemode });
  return inScope(deps.knex, { orgId }, async (tx) => {
    const agent = await outboundAgent(tx, body.agent_id);
    // Resolved now so a campaign without a number to call from is refused, not failed call by call.
    const number = await outboundNumber(tx, agent.id, body.phone_number_id);
    const timezone = body.default_timezone ?? agent.timezone;
    if (!isValidTimezone(timezone)) {
      throw badRequest('validation_failed', 'default_timezone must be an IANA time zone.', {
        errors: [{ path: '/body/default_timezone', message: 'must be an IANA time zone such as America/New_York' }],
      });
    }
    const contacts: ContactRow[] = await tx('contacts').whereIn('id', body.contact_ids).select('id', 'phone', 'timezone', 'consent_status');
    if (contacts.length !== body.contact_ids.length) {
      const found = new Set(contacts.map((c) => c.id));
      throw new ApiError(404, 'not_found', 'Contact not found.', { missing_contact_ids: body.contact_ids.filter((id) => !found.has(id)) });
    }
    const settings = await loadCallSettings(tx, orgId);
    const quiet = body.quiet_hours ?? settings.quietHours;
    const listed = new Set<string>((await tx('dnc_entries').whereIn('phone', contacts.map((c) => c.phone)).select('phone')).map((r: { phone: string }) => r.phone));

    const id = newId('campaign');
    const [row] = (await tx('campaigns')
      .insert({
        id,
        org_id: orgId,
        name: body.name,
        agent_id: agent.id,
        phone_number_id: body.phone_number_id ?? null,
        status: 'running',
        // Kept beside livemode (which the row takes from the request's mode) for older readers.
        test_mode: !actor.livemode,
        // The org's cap still applies at dial time, whatever is stored here.
        max_concurrency: body.max_concurrency ?? settings.outboundConcurrency,
        max_attempts: body.max_attempts ?? 3,
        retry_backoff_seconds: body.retry_backoff_seconds ?? 3600,
        quiet_hours_start: quiet.start,
        quiet_hours_end: quiet.end,
        default_timezone: timezone,
      })
      .returning('*')) as CampaignRow[];

    const targets = contacts.map((c) => {
      const block = listed.has(c.phone) ? 'dnc_listed' : consentBlock(c.consent_status, 'campaign');
      const status: TargetStatus = block ? skippedStatus(block) : 'pending';
      return {
        id: newId('campaignTarget'),
        org_id: orgId,
        campaign_id: id,
        contact_id: c.id,
        phone: c.phone,
        timezone: zoneFor(c.timezone, timezone),
        status,
        last_result: block,
      };
    });
    for (let i = 0; i < targets.length; i += INSERT_CHUNK) await tx('campaign_targets').insert(targets.slice(i, i + INSERT_CHUNK));

    await recordAudit(tx, orgId, originOf(actor), {
      action: 'campaign.created',
      targetType: 'campaign',
      targetId: id,
      metadata: { agent_id: agent.id, phone_number_id: number.id, targets: targets.length },
    });
    await enqueueCampaignTick(deps, orgId, id);
    return view(tx, row!);
  });
}

export async function listCampaigns(deps: Deps, actor: Actor, query: PageParams & { status?: CampaignStatus }) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const q = tx('campaigns').select('*');
    if (query.status) q.where({ status: query.status });
    const page = await paginate(q, query, (r: CampaignRow) => r, { list: 'campaigns' });
    const progress = await progressOf(tx, page.data.map((r) => r.id));
    return { ...page, data: page.data.map((r) => campaignToApi(r, progress.get(r.id)!)) };
  });
}

export async function getCampaign(deps: Deps, actor: Actor, id: string) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => view(tx, await findCampaign(tx, id)));
}

export async function listCampaignTargets(deps: Deps, actor: Actor, id: string, query: PageParams & { status?: TargetStatus }) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    await findCampaign(tx, id);
    const q = tx('campaign_targets').where({ campaign_id: id }).select('*');
    if (query.status) q.where({ status: query.status });
    return paginate(q, query, targetToApi, { list: 'campaign_targets', filters: { campaign_id: id } });
  });
}

const MOVES = {
  pause: { from: ['running'], to: 'paused', verb: 'paused' },
  resume: { from: ['paused'], to: 'running', verb: 'resumed' },
  cancel: { from: ['running', 'paused'], to: 'cancelled', verb: 'cancelled' },
} as const satisfies Record<string, { from: readonly CampaignStatus[]; to: CampaignStatus; verb: string }>;

/**
 * Cancelling stops for good: pending targets are cancelled, and so are calls queued but not yet placed
 * (with their targets). Calls already at the vendor finish; the tick settles their targets.
 */
async function cancelUnplaced(tx: Tx, orgId: string, campaignId: string): Promise<string[]> {
  await tx('campaign_targets').where({ campaign_id: campaignId, status: 'pending' }).update({ status: 'cancelled', updated_at: tx.fn.now() });
  const calls: { id: string }[] = await tx('calls')
    .where({ campaign_id: campaignId })
    .whereIn('status', ['scheduled', 'queued'])
    .whereNull('external_call_id')
    .forUpdate()
    .select('id');
  const ids = calls.map((c) => c.id);
  if (!ids.length) return ids;
  await tx('calls').whereIn('id', ids).update({ status: 'cancelled', updated_at: tx.fn.now() });
  await tx('call_events').insert(ids.map((callId) => ({ org_id: orgId, call_id: callId, type: 'cancelled', status: 'cancelled', detail: 'campaign_cancelled' })));
  await tx('campaign_targets').where({ campaign_id: campaignId, status: 'dialing' }).whereIn('last_call_id', ids).update({ status: 'cancelled', last_result: 'cancelled', updated_at: tx.fn.now() });
  return ids;
}

export async function moveCampaign(deps: Deps, actor: Actor, id: string, move: keyof typeof MOVES) {
  const orgId = actor.orgId;
  const { from, to, verb } = MOVES[move];
  const { campaign, cancelledCalls } = await inScope(deps.knex, { orgId }, async (tx) => {
    const row = await findCampaign(tx, id, true);
    if (!(from as readonly CampaignStatus[]).includes(row.status)) {
      throw conflict('campaign_state', `A ${row.status} campaign cannot be ${verb}.`, { status: row.status });
    }
    const [updated] = (await tx('campaigns').where({ id }).update({ status: to, updated_at: tx.fn.now() }).returning('*')) as CampaignRow[];
    const cancelledCalls = to === 'cancelled' ? await cancelUnplaced(tx, orgId, id) : [];
    await recordAudit(tx, orgId, originOf(actor), { action: `campaign.${verb}`, targetType: 'campaign', targetId: id, metadata: { from: row.status } });
    // Resuming dials what is due; cancelling settles targets whose calls are still in flight.
    if (to !== 'paused') await enqueueCampaignTick(deps, orgId, id);
    return { campaign: await view(tx, updated!), cancelledCalls };
  });
  for (const callId of cancelledCalls) await deps.queue.remove(dialJobId(callId)).catch(() => false);
  return campaign;
}
