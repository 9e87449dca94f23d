import type { Knex } from 'knex';
import { isConnectorError } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import type { Keyring } from '../../platform/crypto/index.ts';
import { newId } from '../../platform/ids.ts';
import { notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import { paginate, type PageParams } from '../../platform/pagination.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { IntegrationProvider, IntegrationSecrets, StoredIntegration } from '../../connectors/types.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { decryptSecrets, encryptSecrets, splitInput, validateInput, type IntegrationInput } from './secrets.ts';
import { integrationToApi, type IntegrationRow } from './view.ts';

export async function listIntegrations(deps: Deps, actor: Actor, page: PageParams) {
  return inScope(deps.knex, { orgId: actor.orgId }, (tx) => paginate(tx('integrations').select('*'), page, integrationToApi, { list: 'integrations' }));
}

export async function getIntegration(deps: Deps, actor: Actor, provider: IntegrationProvider) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const row: IntegrationRow | undefined = await tx('integrations').where({ provider }).first();
    if (!row) throw notFound('Integration');
    return integrationToApi(row);
  });
}

/**
 * Vapi signs server messages only through a webhook credential stored at Vapi, so saving a Vapi integration
 * creates (or updates) it with the org's secret before anything is stored: a key Vapi refuses, or an
 * outage, stores nothing. The credential we made last time is updated in place (a new one if it is gone);
 * an id the admin names must exist.
 */
async function vapiCredential(deps: Deps, orgId: string, input: IntegrationInput, secrets: IntegrationSecrets) {
  const previous = input.server_credential_id ? null : await loadStoredIntegration(deps.knex, deps.keyring, orgId, 'vapi');
  try {
    return await deps.connectors.ensureWebhookCredential(
      orgId,
      { secrets, settings: {} },
      { credentialId: input.server_credential_id ?? previous?.settings.server_credential_id ?? null, createIfMissing: !input.server_credential_id },
    );
  } catch (err) {
    throw deps.connectors.problem(err);
  }
}

/** Creates or replaces the provider's credentials; the whole set is replaced, never merged. */
export async function putIntegration(deps: Deps, actor: Actor, provider: IntegrationProvider, input: IntegrationInput) {
  validateInput(provider, input);
  const { secrets, settings, last4 } = splitInput(input);
  let shownSecret: string | null = null;
  if (provider === 'vapi') {
    const credential = await vapiCredential(deps, actor.orgId, input, secrets);
    settings.server_credential_id = credential.credentialId;
    // Derived, not chosen: the admin sees it here once (to set up anything else Vapi should sign with it).
    if (!secrets.webhook_secret) shownSecret = credential.webhookSecret;
  }
  const secretsEnc = encryptSecrets(deps.keyring, actor.orgId, provider, secrets);
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const now = new Date();
    const [row] = (await tx('integrations')
      .insert({ id: newId('integration'), org_id: actor.orgId, provider, secrets_enc: secretsEnc, last4, settings: JSON.stringify(settings) })
      .onConflict(['org_id', 'provider'])
      .merge({
        secrets_enc: secretsEnc,
        last4,
        settings: JSON.stringify(settings),
        // New credentials make the last test result meaningless.
        last_test_ok: null,
        last_test_detail: null,
        last_tested_at: null,
        updated_at: now,
      })
      .returning('*')) as IntegrationRow[];
    const created = row!.created_at.getTime() === row!.updated_at.getTime();
    await recordAudit(tx, actor.orgId, originOf(actor), {
      action: created ? 'integration.created' : 'integration.updated',
      targetType: 'integration',
      targetId: row!.id,
      metadata: { provider, last4, fields: Object.keys(input).sort(), ...(settings.server_credential_id ? { server_credential_id: settings.server_credential_id } : {}) },
    });
    return { created, body: { ...integrationToApi(row!), ...(shownSecret ? { webhook_secret: shownSecret } : {}) } };
  });
}

export async function deleteIntegration(deps: Deps, actor: Actor, provider: IntegrationProvider) {
  await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const [row] = (await tx('integrations').where({ provider }).delete().returning(['id', 'last4'])) as Pick<IntegrationRow, 'id' | 'last4'>[];
    if (!row) throw notFound('Integration');
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'integration.deleted', targetType: 'integration', targetId: row.id, metadata: { provider, last4: row.last4 } });
  });
}

/** A real call through the connector; the outcome is stored on the integration and audited either way. */
export async function testIntegration(deps: Deps, actor: Actor, provider: IntegrationProvider) {
  let ok: boolean;
  let detail: string;
  let failure: unknown;
  try {
    ({ ok, detail } = await deps.connectors.testIntegration(actor.orgId, provider));
  } catch (err) {
    if (!isConnectorError(err)) throw err;
    failure = err;
    ok = false;
    detail = `${err.code}: the vendor could not be reached`;
  }
  const testedAt = new Date();
  await inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const [row] = (await tx('integrations')
      .where({ provider })
      .update({ last_test_ok: ok, last_test_detail: detail, last_tested_at: testedAt })
      .returning(['id'])) as { id: string }[];
    // Deleted while the vendor call ran: nothing left to record against.
    if (!row) return;
    await recordAudit(tx, actor.orgId, originOf(actor), { action: 'integration.tested', targetType: 'integration', targetId: row.id, metadata: { provider, ok } });
  });
  if (failure) throw deps.connectors.problem(failure);
  return { object: 'integration_test' as const, provider, ok, detail, tested_at: testedAt.toISOString() };
}

/** The registry's credential source: the org's decrypted integration, or null. Runs in its own org-scoped transaction. */
export async function loadStoredIntegration(knex: Knex, keyring: Keyring, orgId: string, provider: IntegrationProvider): Promise<StoredIntegration | null> {
  const row: IntegrationRow | undefined = await inScope(knex, { orgId }, (tx) => tx('integrations').where({ provider }).first());
  if (!row) return null;
  return { secrets: decryptSecrets(keyring, orgId, provider, row.secrets_enc), settings: row.settings };
}
