import type { Knex } from 'knex';
import { runAll } from './sql.ts';

/**
 * Live and test mode (issue #10 item 24, decision 0012). What a request creates carries the mode it ran
 * in (`livemode`), and each mode sees only its own: a restrictive policy beside each tenant policy hides
 * the other mode's rows whenever the transaction names a mode (`app.livemode`, set by inScope), so lists
 * and reads by id of every module are separated without any of them asking. A transaction without a mode
 * (background work before it knows what it acts for) sees both, and a row it writes is live.
 *
 * Configuration (agents, numbers, locations, services, resources, settings, integrations) is shared by
 * both modes; what is done with it (calls, contacts, do-not-call entries, campaigns, bookings and holds,
 * texts and opt-outs) is not. The two modes never block each other: a contact number or a do-not-call
 * entry exists once per mode, and a test booking and a live booking may hold the same slot.
 */
const MODE_TABLES = ['calls', 'contacts', 'dnc_entries', 'campaigns', 'bookings', 'sms_messages', 'sms_opt_outs'];
/** Carry the mode for the work that follows them, but are no API object of their own. */
const MODE_COLUMNS_ONLY = ['sms_inbox', 'outbox_events'];

const VISIBLE = `(app_livemode() IS NULL OR livemode = app_livemode())`;

export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `CREATE OR REPLACE FUNCTION app_livemode() RETURNS boolean LANGUAGE sql STABLE AS
       $$ SELECT CASE app_setting('app.livemode') WHEN 'true' THEN true WHEN 'false' THEN false END $$`,
    ...[...MODE_TABLES, ...MODE_COLUMNS_ONLY].flatMap((t) => [
      // Rows written before this migration are live.
      `ALTER TABLE ${t} ADD COLUMN livemode boolean NOT NULL DEFAULT true`,
      `ALTER TABLE ${t} ALTER COLUMN livemode SET DEFAULT COALESCE(app_livemode(), true)`,
    ]),
    ...MODE_TABLES.map((t) => `CREATE POLICY ${t}_mode ON ${t} AS RESTRICTIVE USING ${VISIBLE} WITH CHECK ${VISIBLE}`),

    // Campaigns started with a test key were flagged already; they and their calls become test objects.
    // The owner is subject to forced RLS too, so it steps out of it for the one update.
    `ALTER TABLE campaigns NO FORCE ROW LEVEL SECURITY`,
    `UPDATE campaigns SET livemode = false WHERE test_mode`,
    `ALTER TABLE campaigns FORCE ROW LEVEL SECURITY`,
    `ALTER TABLE calls NO FORCE ROW LEVEL SECURITY`,
    `UPDATE calls SET livemode = false FROM campaigns WHERE campaigns.id = calls.campaign_id AND NOT campaigns.livemode`,
    `ALTER TABLE calls FORCE ROW LEVEL SECURITY`,

    // One contact and one do-not-call entry per number per mode.
    `ALTER TABLE contacts DROP CONSTRAINT contacts_org_id_phone_key`,
    `ALTER TABLE contacts ADD CONSTRAINT contacts_org_id_livemode_phone_key UNIQUE (org_id, livemode, phone)`,
    `ALTER TABLE dnc_entries DROP CONSTRAINT dnc_entries_org_id_phone_key`,
    `ALTER TABLE dnc_entries ADD CONSTRAINT dnc_entries_org_id_livemode_phone_key UNIQUE (org_id, livemode, phone)`,
    // The guarantee against double booking, per mode: test bookings never take a live patient's slot.
    `ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap`,
    `ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist
       (resource_id WITH =, livemode WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&)
       WHERE (status IN ('held', 'confirmed'))`,
  ]);
}

/** Refuses (on the restored unique keys) while both modes hold the same number or slot: remove test data first. */
export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [
    `ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap`,
    `ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (resource_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&)
       WHERE (status IN ('held', 'confirmed'))`,
    `ALTER TABLE dnc_entries DROP CONSTRAINT dnc_entries_org_id_livemode_phone_key`,
    `ALTER TABLE dnc_entries ADD CONSTRAINT dnc_entries_org_id_phone_key UNIQUE (org_id, phone)`,
    `ALTER TABLE contacts DROP CONSTRAINT contacts_org_id_livemode_phone_key`,
    `ALTER TABLE contacts ADD CONSTRAINT contacts_org_id_phone_key UNIQUE (org_id, phone)`,
    ...MODE_TABLES.map((t) => `DROP POLICY IF EXISTS ${t}_mode ON ${t}`),
    ...[...MODE_TABLES, ...MODE_COLUMNS_ONLY].map((t) => `ALTER TABLE ${t} DROP COLUMN livemode`),
    `DROP FUNCTION IF EXISTS app_livemode()`,
  ]);
}
