import type { Knex } from 'knex';
import { tenantTable, runAll } from './sql.ts';

/**
 * Live calls (issue #5): the voice inbox, call records with their timeline and tool calls, contacts,
 * the do-not-call list, outbound campaigns and per-org call settings.
 *
 * PHI: transcripts, summaries and tool arguments are stored redacted. The only unredacted copies are
 * `calls.original_enc` (opt-in per org, encrypted with the keyring) and `voice_inbox.payload_enc`
 * (encrypted, and cleared once the message is processed).
 */
export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `CREATE TABLE call_settings (
       org_id text PRIMARY KEY REFERENCES orgs(id),
       keep_original_transcripts boolean NOT NULL DEFAULT false,
       outbound_concurrency integer NOT NULL DEFAULT 2 CHECK (outbound_concurrency BETWEEN 1 AND 50),
       quiet_hours_start text NOT NULL DEFAULT '20:00' CHECK (quiet_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
       quiet_hours_end text NOT NULL DEFAULT '09:00' CHECK (quiet_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,

    `CREATE TABLE contacts (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       phone text NOT NULL CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
       name text,
       timezone text,
       tags text[] NOT NULL DEFAULT '{}',
       consent_status text NOT NULL DEFAULT 'unknown' CHECK (consent_status IN ('unknown', 'granted', 'revoked')),
       consent_updated_at timestamptz,
       lead_score integer CHECK (lead_score BETWEEN 0 AND 100),
       lead_reasons jsonb NOT NULL DEFAULT '[]',
       call_count integer NOT NULL DEFAULT 0,
       last_call_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (id, org_id),
       UNIQUE (org_id, phone)
     )`,
    `CREATE INDEX contacts_score_idx ON contacts (org_id, lead_score DESC NULLS LAST, id)`,
    `CREATE INDEX contacts_recent_idx ON contacts (org_id, last_call_at DESC NULLS LAST, id DESC)`,

    `CREATE TABLE dnc_entries (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       phone text NOT NULL CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
       reason text,
       source text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'portal', 'call', 'sms')),
       created_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (org_id, phone)
     )`,

    `CREATE TABLE campaigns (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       name text NOT NULL,
       agent_id text NOT NULL,
       phone_number_id text,
       status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'paused', 'cancelled', 'completed')),
       -- Started with a vox_test_ key: its calls stay on the simulator even when the org has Vapi.
       test_mode boolean NOT NULL DEFAULT false,
       max_concurrency integer NOT NULL CHECK (max_concurrency BETWEEN 1 AND 50),
       max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 10),
       retry_backoff_seconds integer NOT NULL CHECK (retry_backoff_seconds BETWEEN 60 AND 604800),
       quiet_hours_start text NOT NULL,
       quiet_hours_end text NOT NULL,
       default_timezone text NOT NULL,
       completed_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (id, org_id),
       FOREIGN KEY (agent_id, org_id) REFERENCES agents (id, org_id)
     )`,
    `CREATE INDEX campaigns_org_idx ON campaigns (org_id, id)`,

    `CREATE TABLE calls (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       connector text NOT NULL,
       external_call_id text,
       direction text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'web', 'unknown')),
       status text NOT NULL CHECK (status IN ('scheduled', 'queued', 'ringing', 'in-progress', 'forwarding', 'ended', 'failed', 'cancelled')),
       test_mode boolean NOT NULL DEFAULT false,
       agent_id text,
       revision_id text,
       phone_number_id text,
       contact_id text,
       campaign_id text,
       from_number text,
       to_number text,
       scheduled_at timestamptz,
       started_at timestamptz,
       ended_at timestamptz,
       duration_seconds numeric(10, 2),
       cost_micros bigint,
       cost_currency text,
       ended_reason text,
       outcome text,
       recording_url text,
       transcript jsonb NOT NULL DEFAULT '[]',
       summary text,
       structured_data jsonb,
       original_enc text,
       analysis jsonb,
       analysis_status text NOT NULL DEFAULT 'none' CHECK (analysis_status IN ('none', 'pending', 'completed', 'failed')),
       analysis_error text,
       analyzed_at timestamptz,
       sentiment text,
       lead_score integer,
       failure_reason text,
       metadata jsonb NOT NULL DEFAULT '{}',
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (id, org_id),
       FOREIGN KEY (contact_id, org_id) REFERENCES contacts (id, org_id),
       FOREIGN KEY (campaign_id, org_id) REFERENCES campaigns (id, org_id)
     )`,
    // A vendor call id identifies one call: the inbox, tool calls and status updates all find it by this.
    `CREATE UNIQUE INDEX calls_external_key ON calls (org_id, connector, external_call_id) WHERE external_call_id IS NOT NULL`,
    `CREATE INDEX calls_org_idx ON calls (org_id, id)`,
    `CREATE INDEX calls_contact_idx ON calls (org_id, contact_id, id)`,
    `CREATE INDEX calls_campaign_idx ON calls (org_id, campaign_id) WHERE campaign_id IS NOT NULL`,
    `CREATE INDEX calls_active_idx ON calls (org_id) WHERE direction = 'outbound' AND status IN ('queued', 'ringing', 'in-progress', 'forwarding')`,

    `CREATE TABLE call_events (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       call_id text NOT NULL,
       type text NOT NULL,
       status text,
       detail text,
       at timestamptz NOT NULL DEFAULT now(),
       FOREIGN KEY (call_id, org_id) REFERENCES calls (id, org_id)
     )`,
    `CREATE INDEX call_events_call_idx ON call_events (org_id, call_id, at)`,

    `CREATE TABLE call_tool_calls (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       call_id text NOT NULL,
       tool_call_id text NOT NULL,
       name text NOT NULL,
       arguments jsonb NOT NULL DEFAULT '{}',
       ok boolean NOT NULL,
       result text NOT NULL,
       duration_ms integer NOT NULL,
       timed_out boolean NOT NULL DEFAULT false,
       created_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (org_id, call_id, tool_call_id),
       FOREIGN KEY (call_id, org_id) REFERENCES calls (id, org_id)
     )`,

    `CREATE TABLE campaign_targets (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       campaign_id text NOT NULL,
       contact_id text NOT NULL,
       phone text NOT NULL CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
       timezone text NOT NULL,
       status text NOT NULL DEFAULT 'pending'
         CHECK (status IN ('pending', 'dialing', 'completed', 'failed', 'skipped_dnc', 'skipped_consent', 'cancelled')),
       attempts integer NOT NULL DEFAULT 0,
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       last_call_id text,
       last_result text,
       updated_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (org_id, campaign_id, contact_id),
       FOREIGN KEY (campaign_id, org_id) REFERENCES campaigns (id, org_id),
       FOREIGN KEY (contact_id, org_id) REFERENCES contacts (id, org_id)
     )`,
    `CREATE INDEX campaign_targets_due_idx ON campaign_targets (org_id, campaign_id, next_attempt_at) WHERE status = 'pending'`,

    // Verified vendor messages, stored before the 200 and processed by a job. The payload is encrypted
    // (it is an unredacted transcript until processed) and cleared after processing.
    `CREATE TABLE voice_inbox (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       connector text NOT NULL,
       type text NOT NULL,
       dedupe_key text NOT NULL,
       external_call_id text,
       payload_enc text,
       received_at timestamptz NOT NULL DEFAULT now(),
       attempts integer NOT NULL DEFAULT 0,
       processed_at timestamptz,
       last_error text,
       UNIQUE (org_id, connector, dedupe_key)
     )`,
    // The sweeper's scan: rows still waiting. Holds no PHI.
    `CREATE INDEX voice_inbox_pending_idx ON voice_inbox (received_at) WHERE processed_at IS NULL`,

    ...tenantTable('call_settings'),
    ...tenantTable('contacts'),
    ...tenantTable('dnc_entries'),
    ...tenantTable('campaigns'),
    ...tenantTable('calls'),
    ...tenantTable('call_events'),
    ...tenantTable('call_tool_calls'),
    ...tenantTable('campaign_targets'),
    ...tenantTable('voice_inbox'),

    `GRANT SELECT, INSERT, UPDATE ON call_settings, contacts, campaigns, calls, campaign_targets, voice_inbox TO voxanne_app`,
    `GRANT SELECT, INSERT, DELETE ON dnc_entries TO voxanne_app`,
    // The timeline and the tool-call log are history: append-only for the app.
    `GRANT SELECT, INSERT ON call_events, call_tool_calls TO voxanne_app`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [
    `DROP TABLE IF EXISTS voice_inbox`,
    `DROP TABLE IF EXISTS campaign_targets`,
    `DROP TABLE IF EXISTS call_tool_calls`,
    `DROP TABLE IF EXISTS call_events`,
    `DROP TABLE IF EXISTS calls`,
    `DROP TABLE IF EXISTS campaigns`,
    `DROP TABLE IF EXISTS dnc_entries`,
    `DROP TABLE IF EXISTS contacts`,
    `DROP TABLE IF EXISTS call_settings`,
  ]);
}
