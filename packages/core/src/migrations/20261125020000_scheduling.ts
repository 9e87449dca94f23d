import type { Knex } from 'knex';
import { tenantTable, runAll } from './sql.ts';

/**
 * Scheduling (issue #6): locations, services, resources, holds + bookings, SMS and Google Calendar sync.
 *
 * The guarantee against double booking lives here, not in application code: holds and bookings share ONE
 * table, and an exclusion constraint forbids two active rows (held or confirmed) whose blocked ranges
 * overlap on the same resource. Every code path (API, voice tool, reschedule, hold conversion) writes
 * that table, so none can bypass it. The blocked range is the appointment widened by the service's
 * buffers; it is stored rather than computed in the constraint because `timestamptz ± interval` is not
 * immutable and so cannot appear in an index expression.
 */
export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    // Trusted extension since PostgreSQL 13: the schema owner may create it without superuser.
    `CREATE EXTENSION IF NOT EXISTS btree_gist`,

    `CREATE TABLE locations (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       name text NOT NULL,
       timezone text NOT NULL,
       address text,
       phone text CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
       sms_number text CHECK (sms_number ~ '^\\+[1-9][0-9]{1,14}$'),
       closures jsonb NOT NULL DEFAULT '[]',
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       deleted_at timestamptz,
       UNIQUE (id, org_id)
     )`,
    `CREATE INDEX locations_org_idx ON locations (org_id, id) WHERE deleted_at IS NULL`,

    `CREATE TABLE services (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       location_id text NOT NULL,
       name text NOT NULL,
       description text,
       duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
       buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 240),
       buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 240),
       slot_interval_minutes integer NOT NULL DEFAULT 15 CHECK (slot_interval_minutes BETWEEN 5 AND 240),
       price_minor bigint NOT NULL DEFAULT 0 CHECK (price_minor >= 0),
       currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       deleted_at timestamptz,
       UNIQUE (id, org_id),
       FOREIGN KEY (location_id, org_id) REFERENCES locations (id, org_id)
     )`,
    `CREATE INDEX services_org_idx ON services (org_id, id) WHERE deleted_at IS NULL`,

    `CREATE TABLE resources (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       location_id text NOT NULL,
       kind text NOT NULL CHECK (kind IN ('practitioner', 'room')),
       name text NOT NULL,
       weekly_hours jsonb NOT NULL DEFAULT '[]',
       exceptions jsonb NOT NULL DEFAULT '[]',
       calendar_id text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       deleted_at timestamptz,
       UNIQUE (id, org_id),
       FOREIGN KEY (location_id, org_id) REFERENCES locations (id, org_id)
     )`,
    `CREATE INDEX resources_org_idx ON resources (org_id, id) WHERE deleted_at IS NULL`,
    `CREATE INDEX resources_calendar_idx ON resources (org_id, calendar_id) WHERE calendar_id IS NOT NULL`,

    `CREATE TABLE service_resources (
       org_id text NOT NULL REFERENCES orgs(id),
       service_id text NOT NULL,
       resource_id text NOT NULL,
       PRIMARY KEY (service_id, resource_id),
       FOREIGN KEY (service_id, org_id) REFERENCES services (id, org_id),
       FOREIGN KEY (resource_id, org_id) REFERENCES resources (id, org_id)
     )`,
    `CREATE INDEX service_resources_resource_idx ON service_resources (resource_id)`,

    `CREATE TABLE bookings (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       kind text NOT NULL CHECK (kind IN ('hold', 'booking')),
       status text NOT NULL,
       service_id text NOT NULL,
       resource_id text NOT NULL,
       location_id text NOT NULL,
       starts_at timestamptz NOT NULL,
       ends_at timestamptz NOT NULL,
       blocked_from timestamptz NOT NULL,
       blocked_until timestamptz NOT NULL,
       expires_at timestamptz,
       hold_id text,
       patient_name text,
       patient_phone text CHECK (patient_phone ~ '^\\+[1-9][0-9]{1,14}$'),
       notes text,
       confirmation_code text,
       source text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'portal', 'voice')),
       patient_confirmed_at timestamptz,
       callback_requested_at timestamptz,
       cancelled_at timestamptz,
       cancel_reason text,
       reschedule_count integer NOT NULL DEFAULT 0,
       calendar_sync_status text NOT NULL DEFAULT 'not_applicable'
         CHECK (calendar_sync_status IN ('not_applicable', 'pending', 'synced', 'failed')),
       calendar_id text,
       calendar_event_id text,
       calendar_sync_error text,
       calendar_synced_at timestamptz,
       calendar_sync_lease_until timestamptz,
       sync_version integer NOT NULL DEFAULT 1,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (id, org_id),
       FOREIGN KEY (service_id, org_id) REFERENCES services (id, org_id),
       FOREIGN KEY (resource_id, org_id) REFERENCES resources (id, org_id),
       FOREIGN KEY (location_id, org_id) REFERENCES locations (id, org_id),
       FOREIGN KEY (hold_id, org_id) REFERENCES bookings (id, org_id),
       CONSTRAINT bookings_status_by_kind CHECK (
         (kind = 'hold' AND status IN ('held', 'expired', 'released', 'converted') AND expires_at IS NOT NULL)
         OR (kind = 'booking' AND status IN ('confirmed', 'cancelled') AND confirmation_code IS NOT NULL)),
       CONSTRAINT bookings_ranges CHECK (blocked_from <= starts_at AND starts_at < ends_at AND ends_at <= blocked_until),
       CONSTRAINT bookings_no_overlap EXCLUDE USING gist (resource_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&)
         WHERE (status IN ('held', 'confirmed'))
     )`,
    // Confirmation codes are what a patient reads out on the phone: unique per org, not globally.
    `CREATE UNIQUE INDEX bookings_confirmation_code_key ON bookings (org_id, confirmation_code) WHERE confirmation_code IS NOT NULL`,
    `CREATE INDEX bookings_org_idx ON bookings (org_id, kind, id)`,
    `CREATE INDEX bookings_resource_time_idx ON bookings (resource_id, blocked_from) WHERE status IN ('held', 'confirmed')`,
    `CREATE INDEX bookings_patient_idx ON bookings (org_id, patient_phone, starts_at) WHERE kind = 'booking'`,
    `CREATE INDEX bookings_hold_idx ON bookings (hold_id) WHERE hold_id IS NOT NULL`,

    `CREATE TABLE sms_messages (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       direction text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
       purpose text NOT NULL CHECK (purpose IN ('confirmation', 'reminder_24h', 'reminder_2h', 'manual', 'reply', 'inbound')),
       booking_id text,
       to_number text NOT NULL,
       from_number text,
       body text NOT NULL,
       status text NOT NULL,
       connector text,
       external_id text,
       error_code text,
       error_message text,
       send_at timestamptz,
       sent_at timestamptz,
       dedupe_key text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       FOREIGN KEY (booking_id, org_id) REFERENCES bookings (id, org_id)
     )`,
    `CREATE INDEX sms_messages_org_idx ON sms_messages (org_id, id)`,
    `CREATE UNIQUE INDEX sms_messages_external_key ON sms_messages (org_id, connector, external_id) WHERE external_id IS NOT NULL`,
    // One confirmation per booking and one reminder per booking time, however often a job runs.
    `CREATE UNIQUE INDEX sms_messages_dedupe_key ON sms_messages (org_id, dedupe_key) WHERE dedupe_key IS NOT NULL`,

    // The durable inbox of vendor webhooks: written only after the signature verified, processed by a job.
    `CREATE TABLE sms_inbox (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       connector text NOT NULL,
       kind text NOT NULL CHECK (kind IN ('message', 'status')),
       dedupe_key text NOT NULL,
       params jsonb NOT NULL,
       received_at timestamptz NOT NULL DEFAULT now(),
       processed_at timestamptz,
       UNIQUE (org_id, connector, dedupe_key)
     )`,

    // Append-only ledger: the current state of a number is its latest stop/start/vendor_refused entry.
    `CREATE TABLE sms_opt_outs (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       phone text NOT NULL,
       action text NOT NULL CHECK (action IN ('stop', 'start', 'help', 'vendor_refused')),
       source text NOT NULL CHECK (source IN ('inbound_keyword', 'status_callback', 'send_error')),
       message_id text,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX sms_opt_outs_phone_idx ON sms_opt_outs (org_id, phone, id)`,

    `CREATE TABLE calendar_connections (
       id text PRIMARY KEY,
       org_id text NOT NULL UNIQUE REFERENCES orgs(id),
       provider text NOT NULL CHECK (provider IN ('google')),
       account_email text,
       refresh_token_enc text NOT NULL,
       status text NOT NULL DEFAULT 'connected' CHECK (status IN ('connected', 'error')),
       last_error text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,

    // One row per external calendar we mirror: its sync token, freshness and push channel.
    `CREATE TABLE calendar_syncs (
       org_id text NOT NULL REFERENCES orgs(id),
       calendar_id text NOT NULL,
       sync_token text,
       fetched_at timestamptz,
       last_full_sync_at timestamptz,
       last_error text,
       channel_id text UNIQUE,
       channel_resource_id text,
       channel_token text,
       channel_expires_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (org_id, calendar_id)
     )`,

    `CREATE TABLE calendar_busy_blocks (
       org_id text NOT NULL REFERENCES orgs(id),
       calendar_id text NOT NULL,
       event_id text NOT NULL,
       starts_at timestamptz NOT NULL,
       ends_at timestamptz NOT NULL,
       fetched_at timestamptz NOT NULL,
       PRIMARY KEY (org_id, calendar_id, event_id),
       CHECK (starts_at < ends_at)
     )`,
    `CREATE INDEX calendar_busy_blocks_time_idx ON calendar_busy_blocks (org_id, calendar_id, starts_at)`,

    ...tenantTable('locations'),
    ...tenantTable('services'),
    ...tenantTable('resources'),
    ...tenantTable('service_resources'),
    ...tenantTable('bookings'),
    ...tenantTable('sms_messages'),
    ...tenantTable('sms_inbox'),
    ...tenantTable('sms_opt_outs'),
    ...tenantTable('calendar_connections'),
    ...tenantTable('calendar_syncs'),
    ...tenantTable('calendar_busy_blocks'),

    // Locations, services, resources and bookings are soft-deleted or change status; bookings are history.
    `GRANT SELECT, INSERT, UPDATE ON locations, services, resources, bookings, sms_messages, sms_inbox TO voxanne_app`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON service_resources, calendar_connections, calendar_syncs, calendar_busy_blocks TO voxanne_app`,
    // The opt-out ledger is evidence of consent: append-only for the app.
    `GRANT SELECT, INSERT ON sms_opt_outs TO voxanne_app`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [
    `DROP TABLE IF EXISTS calendar_busy_blocks`,
    `DROP TABLE IF EXISTS calendar_syncs`,
    `DROP TABLE IF EXISTS calendar_connections`,
    `DROP TABLE IF EXISTS sms_opt_outs`,
    `DROP TABLE IF EXISTS sms_inbox`,
    `DROP TABLE IF EXISTS sms_messages`,
    `DROP TABLE IF EXISTS bookings`,
    `DROP TABLE IF EXISTS service_resources`,
    `DROP TABLE IF EXISTS resources`,
    `DROP TABLE IF EXISTS services`,
    `DROP TABLE IF EXISTS locations`,
  ]);
}
