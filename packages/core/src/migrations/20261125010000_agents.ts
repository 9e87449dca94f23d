import type { Knex } from 'knex';
import { tenantTable, runAll } from './sql.ts';

/**
 * Vendor integrations, voice agents with immutable revisions, phone numbers and the voice-preview cache.
 * Every table is a tenant table (RLS forced on org_id). Composite foreign keys on (id, org_id) make it
 * impossible to point a row at another org's agent, even though FK checks themselves bypass RLS.
 */
export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `CREATE TABLE integrations (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       provider text NOT NULL CHECK (provider IN ('vapi', 'elevenlabs', 'openai', 'twilio')),
       secrets_enc text NOT NULL,
       last4 text NOT NULL,
       settings jsonb NOT NULL DEFAULT '{}',
       last_test_ok boolean,
       last_test_detail text,
       last_tested_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (org_id, provider)
     )`,

    `CREATE TABLE agents (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       kind text NOT NULL CHECK (kind IN ('inbound', 'outbound')),
       name text NOT NULL,
       config jsonb NOT NULL,
       current_revision_id text NOT NULL,
       revision_number integer NOT NULL,
       sync_status text NOT NULL DEFAULT 'unpublished' CHECK (sync_status IN ('unpublished', 'pending', 'synced', 'failed')),
       sync_will_retry boolean NOT NULL DEFAULT false,
       pending_revision_id text,
       pending_connector text CHECK (pending_connector IN ('vapi', 'simulator')),
       live_revision_id text,
       external_connector text CHECK (external_connector IN ('vapi', 'simulator')),
       external_id text,
       last_sync_error jsonb,
       last_synced_at timestamptz,
       sync_lease_until timestamptz,
       deleted_at timestamptz,
       vendor_removed_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (id, org_id)
     )`,
    `CREATE INDEX agents_org_idx ON agents (org_id, id) WHERE deleted_at IS NULL`,

    `CREATE TABLE agent_revisions (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       agent_id text NOT NULL,
       number integer NOT NULL CHECK (number >= 1),
       source text NOT NULL CHECK (source IN ('create', 'update', 'rollback')),
       restored_from_revision_id text REFERENCES agent_revisions(id),
       config jsonb NOT NULL,
       created_by text,
       created_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (agent_id, number),
       UNIQUE (id, org_id),
       FOREIGN KEY (agent_id, org_id) REFERENCES agents (id, org_id)
     )`,
    `CREATE INDEX agent_revisions_agent_idx ON agent_revisions (org_id, agent_id, id)`,
    // The agent row and its first revision are written in one transaction, each pointing at the other.
    `ALTER TABLE agents ADD CONSTRAINT agents_current_revision_fk FOREIGN KEY (current_revision_id, org_id)
       REFERENCES agent_revisions (id, org_id) DEFERRABLE INITIALLY DEFERRED`,
    `CREATE OR REPLACE FUNCTION agent_revisions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'agent_revisions is append-only'; END $$`,
    `CREATE TRIGGER agent_revisions_no_change BEFORE UPDATE OR DELETE ON agent_revisions
       FOR EACH ROW EXECUTE FUNCTION agent_revisions_immutable()`,

    `CREATE TABLE phone_numbers (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       number text NOT NULL CHECK (number ~ '^\\+[1-9][0-9]{1,14}$'),
       source text NOT NULL CHECK (source IN ('twilio', 'provider')),
       connector text NOT NULL CHECK (connector IN ('vapi', 'simulator')),
       status text NOT NULL CHECK (status IN ('provisioning', 'active')),
       external_id text,
       name text,
       agent_id text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       FOREIGN KEY (agent_id, org_id) REFERENCES agents (id, org_id)
     )`,
    // One number, one org: a unique index is enforced over every row, whatever RLS lets a transaction see.
    `CREATE UNIQUE INDEX phone_numbers_number_key ON phone_numbers (number)`,
    `CREATE INDEX phone_numbers_org_idx ON phone_numbers (org_id, id)`,
    `CREATE INDEX phone_numbers_agent_idx ON phone_numbers (org_id, agent_id) WHERE agent_id IS NOT NULL`,

    `CREATE TABLE voice_preview_cache (
       org_id text NOT NULL REFERENCES orgs(id),
       cache_key text NOT NULL,
       connector text NOT NULL,
       voice_id text NOT NULL,
       content_type text NOT NULL,
       audio bytea NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (org_id, cache_key)
     )`,
    `CREATE INDEX voice_preview_cache_age_idx ON voice_preview_cache (org_id, created_at)`,

    ...tenantTable('integrations'),
    ...tenantTable('agents'),
    ...tenantTable('agent_revisions'),
    ...tenantTable('phone_numbers'),
    ...tenantTable('voice_preview_cache'),

    `GRANT SELECT, INSERT, UPDATE, DELETE ON integrations, phone_numbers, voice_preview_cache TO voxanne_app`,
    // Agents are soft-deleted (their revisions keep referring to them), so the app never deletes a row.
    `GRANT SELECT, INSERT, UPDATE ON agents TO voxanne_app`,
    // Revisions are history: append-only by privilege as well as by trigger.
    `GRANT SELECT, INSERT ON agent_revisions TO voxanne_app`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [
    `DROP TABLE IF EXISTS voice_preview_cache`,
    `DROP TABLE IF EXISTS phone_numbers`,
    `ALTER TABLE agents DROP CONSTRAINT IF EXISTS agents_current_revision_fk`,
    `DROP TABLE IF EXISTS agent_revisions`,
    `DROP TABLE IF EXISTS agents`,
    `DROP TABLE IF EXISTS integrations`,
    `DROP FUNCTION IF EXISTS agent_revisions_immutable()`,
  ]);
}
