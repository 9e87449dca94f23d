import type { PhoneNumberRef } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import { integrationMissing } from '../../connectors/registry.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { emitEvent } from '../outbox/index.ts';
import { loadStoredIntegration } from '../integrations/index.ts';
import { agentVendorRef, type AgentVendorRef } from '../agents/index.ts';
import { voiceWebhookUrl } from '../../connectors/voice-webhook-url.ts';
import { phoneNumberToApi, type PhoneNumberRow } from './view.ts';

export interface CreatePhoneNumberInput {
  source: 'twilio' | 'provider';
  number?: string;
  area_code?: string;
  name?: string;
  agent_id?: string;
}

/**
 * One answer for every number this org cannot import: the vendor refused it (not in the org's Twilio account,
 * already at the vendor, ...) or another org on this platform holds it. Same status, code and text, and no
 * vendor details, so an import never tells whether a number is another clinic's (issue #10 item 11).
 */
const unavailable = (number: string) =>
  new ApiError(422, 'phone_number_unavailable', `${number} cannot be imported: check that it is in this org's Twilio account and not already in use.`);
const exists = (number: string) => conflict('phone_number_exists', `${number} is already one of this org's numbers.`);

/** A unique violation on the number: this org's own duplicate may say so; anyone else's is just unavailable. */
async function claimRefused(deps: Deps, orgId: string, number: string): Promise<ApiError> {
  const own = await inScope(deps.knex, { orgId }, (tx) => tx('phone_numbers').where({ number }).first('id'));
  return own ? exists(number) : unavailable(number);
}

// The vendor's refusals of a number itself; credentials and outages keep their own answers.
const NUMBER_REFUSALS = new Set(['vendor_not_found', 'vendor_rejected']);

function validateCreate(input: CreatePhoneNumberInput): void {
  const errors: { path: string; message: string }[] = [];
  if (input.source === 'twilio' && !input.number) errors.push({ path: '/body/number', message: 'is required for source twilio' });
  if (input.source === 'twilio' && input.area_code) errors.push({ path: '/body/area_code', message: 'is only for source provider' });
  if (input.source === 'provider' && input.number) errors.push({ path: '/body/number', message: 'is chosen by the provider; use area_code' });
  if (errors.length) throw badRequest('validation_failed', 'The phone number request is invalid.', { errors });
}

/**
 * Twilio credentials for an import. The simulator never calls Twilio, so offline it accepts none.
 * `smsOurs`: the org's texts go through its own Twilio integration (connectors/sms.ts), so this number's
 * replies (STOP, C, R) must keep reaching our Twilio webhook rather than the voice vendor.
 */
async function twilioCredentials(deps: Deps, orgId: string, connector: VoiceConnectorId) {
  const stored = await loadStoredIntegration(deps.knex, deps.keyring, orgId, 'twilio');
  if (stored?.secrets.account_sid && stored.secrets.auth_token) return { sid: stored.secrets.account_sid, token: stored.secrets.auth_token, smsOurs: true };
  if (connector === 'simulator') return { sid: 'AC-simulated', token: 'simulated', smsOurs: false };
  throw integrationMissing('twilio');
}

async function findAgentRef(deps: Deps, orgId: string, agentId: string | null | undefined): Promise<AgentVendorRef | null> {
  if (!agentId) return null;
  const ref = await inScope(deps.knex, { orgId }, (tx) => agentVendorRef(tx, agentId));
  if (!ref) throw notFound('Agent');
  return ref;
}

/** The assistant a number should point at on `connector`: the agent's, if it lives there, else none yet. */
const assistantOn = (agent: AgentVendorRef | null, connector: VoiceConnectorId) =>
  agent && agent.externalConnector === connector ? agent.externalId : null;

/**
 * Imports a Twilio number or takes one from the provider. For an import the number is claimed in the
 * database first (the unique index answers "taken" before anything is sent to the vendor) and the claim
 * is released if the vendor refuses; a provider number is only known after the vendor answers.
 */
export async function createPhoneNumber(deps: Deps, actor: Actor, input: CreatePhoneNumberInput) {
  validateCreate(input);
  const orgId = actor.orgId;
  const connector = await deps.connectors.voiceConnectorFor(orgId, { livemode: actor.livemode });
  const agent = await findAgentRef(deps, orgId, input.agent_id);
  const voice = await deps.connectors.voice(orgId, connector);
  const serverUrl = voiceWebhookUrl(deps.config, orgId);
  const id = newId('phoneNumber');
  let ref: PhoneNumberRef;

  if (input.source === 'twilio') {
    const number = input.number!;
    const twilio = await twilioCredentials(deps, orgId, connector);
    try {
      await inScope(deps.knex, { orgId }, (tx) =>
        tx('phone_numbers').insert({ id, org_id: orgId, number, source: 'twilio', connector, status: 'provisioning', name: input.name ?? null }),
      );
    } catch (err) {
      if (isUniqueViolation(err, 'phone_numbers_number_key')) throw await claimRefused(deps, orgId, number);
      throw err;
    }
    try {
      ref = await voice.importPhoneNumber({
        provider: 'twilio',
        number,
        twilioAccountSid: twilio.sid,
        twilioAuthToken: twilio.token,
        serverUrl,
        keepSmsWebhook: twilio.smsOurs,
        ...(input.name ? { name: input.name } : {}),
      });
    } catch (err) {
      await inScope(deps.knex, { orgId }, (tx) => tx('phone_numbers').where({ id }).delete());
      const problem = deps.connectors.problem(err);
      throw problem instanceof ApiError && NUMBER_REFUSALS.has(problem.code) ? unavailable(number) : problem;
    }
  } else {
    try {
      ref = await voice.createProviderNumber({ serverUrl, ...(input.area_code ? { areaCode: input.area_code } : {}), ...(input.name ? { name: input.name } : {}) });
    } catch (err) {
      throw deps.connectors.problem(err);
    }
    if (!ref.number) {
      await voice.releasePhoneNumber(ref.externalId).catch(() => undefined);
      throw badRequest('number_not_provisioned', 'The provider did not assign digits to the number; try another area code.');
    }
    try {
      await inScope(deps.knex, { orgId }, (tx) =>
        tx('phone_numbers').insert({ id, org_id: orgId, number: ref.number, source: 'provider', connector, status: 'provisioning', name: input.name ?? null }),
      );
    } catch (err) {
      await voice.releasePhoneNumber(ref.externalId).catch(() => undefined);
      // The provider picked digits someone here already has: nothing to reveal, just ask again.
      if (isUniqueViolation(err, 'phone_numbers_number_key')) throw badRequest('number_not_provisioned', 'The provider assigned a number that cannot be used; try again.');
      throw err;
    }
  }

  const assistant = assistantOn(agent, connector);
  if (assistant) {
    // Best effort: the number exists either way, and publishing the agent attaches it again.
    await voice.assignPhoneNumber(ref.externalId, assistant).catch((err: unknown) =>
      deps.logger.warn({ phoneNumberId: id, err: (err as Error).message }, 'could not attach the new number to its agent yet'),
    );
  }
  return inScope(deps.knex, { orgId }, async (tx) => {
    const [row] = (await tx('phone_numbers')
      .where({ id })
      .update({ external_id: ref.externalId, status: 'active', agent_id: agent?.id ?? null, updated_at: new Date() })
      .returning('*')) as PhoneNumberRow[];
    await recordAudit(tx, orgId, originOf(actor), {
      action: 'phone_number.created',
      targetType: 'phone_number',
      targetId: id,
      metadata: { number: row!.number, source: input.source, connector, agent_id: row!.agent_id },
    });
    await emitEvent(tx, orgId, 'phone_number.created', { phone_number_id: id, number: row!.number, agent_id: row!.agent_id });
    return phoneNumberToApi(row!);
  });
}

export async function listPhoneNumbers(deps: Deps, actor: Actor, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => paginate(tx('phone_numbers').select('*'), page, phoneNumberToApi, { list: 'phone_numbers' }));
}

async function findNumber(deps: Deps, orgId: string, id: string): Promise<PhoneNumberRow> {
  const row: PhoneNumberRow | undefined = await inScope(deps.knex, { orgId }, (tx) => tx('phone_numbers').where({ id }).first());
  if (!row) throw notFound('Phone number');
  return row;
}

export async function getPhoneNumber(deps: Deps, actor: Actor, id: string) {
  return phoneNumberToApi(await findNumber(deps, actor.orgId, id));
}

/**
 * Reassigning changes the vendor first (an outage answers 502/503 and changes nothing here). An agent not
 * yet live on the number's connector gets the number when it is published; until then the number is
 * detached at the vendor rather than left on its previous agent.
 */
export async function updatePhoneNumber(deps: Deps, actor: Actor, id: string, patch: { agent_id?: string | null; name?: string | null }) {
  const orgId = actor.orgId;
  const row = await findNumber(deps, orgId, id);
  const agent = await findAgentRef(deps, orgId, patch.agent_id);
  const reassigning = patch.agent_id !== undefined && patch.agent_id !== row.agent_id;
  if (reassigning && row.external_id) {
    const voice = await deps.connectors.voice(orgId, row.connector);
    try {
      await voice.assignPhoneNumber(row.external_id, assistantOn(agent, row.connector));
    } catch (err) {
      throw deps.connectors.problem(err);
    }
  }
  return inScope(deps.knex, { orgId }, async (tx) => {
    const changes = {
      ...(patch.agent_id !== undefined ? { agent_id: patch.agent_id } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
    };
    const [updated] = (await tx('phone_numbers').where({ id }).update({ ...changes, updated_at: new Date() }).returning('*')) as PhoneNumberRow[];
    if (!updated) throw notFound('Phone number');
    await recordAudit(tx, orgId, originOf(actor), {
      action: 'phone_number.updated',
      targetType: 'phone_number',
      targetId: id,
      metadata: { changed: Object.keys(changes).sort(), agent_id: updated.agent_id },
    });
    await emitEvent(tx, orgId, 'phone_number.updated', { phone_number_id: id, agent_id: updated.agent_id });
    return phoneNumberToApi(updated);
  });
}

/** Released at the vendor first; only then forgotten, which frees the number for any org. */
export async function releasePhoneNumber(deps: Deps, actor: Actor, id: string) {
  const orgId = actor.orgId;
  const row = await findNumber(deps, orgId, id);
  if (row.external_id) {
    const voice = await deps.connectors.voice(orgId, row.connector);
    try {
      await voice.releasePhoneNumber(row.external_id);
    } catch (err) {
      throw deps.connectors.problem(err);
    }
  }
  await inScope(deps.knex, { orgId }, async (tx) => {
    const n = await tx('phone_numbers').where({ id }).delete();
    if (!n) throw notFound('Phone number');
    await recordAudit(tx, orgId, originOf(actor), { action: 'phone_number.released', targetType: 'phone_number', targetId: id, metadata: { number: row.number } });
    await emitEvent(tx, orgId, 'phone_number.released', { phone_number_id: id, number: row.number });
  });
}
