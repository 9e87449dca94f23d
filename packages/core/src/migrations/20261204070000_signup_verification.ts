import type { Knex } from 'knex';
import { runAll } from './sql.ts';

/**
 * Issue #10 item 11: sign-up no longer tells whether an email has an account. A sign-up waits here until
 * the address proves it is reachable (decision 0015), and the embedded email connector's mail is kept in
 * `local_emails` so the API process and the worker (and developers, at /dev/mail) see the same outbox.
 *
 * Neither table is tenant data: a pending sign-up has no org yet, like `users`. A transaction sees a
 * pending sign-up only by the email it is signing up (app.email) or by the hash of the token presented to
 * verify it (app.signup_hash), the same lookup-by-presented-secret rule as sessions and invites (0001).
 * Local mail is a development mailbox of a connector that is refused a role in production; every app
 * transaction may read and append to it, and nothing updates it.
 */
export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `CREATE TABLE pending_signups (
       email text PRIMARY KEY CHECK (email = lower(email)),
       token_hash text NOT NULL UNIQUE,
       password_hash text NOT NULL,
       name text NOT NULL,
       org_name text NOT NULL,
       expires_at timestamptz NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `ALTER TABLE pending_signups ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE pending_signups FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY pending_signups_access ON pending_signups
       USING (email = app_setting('app.email') OR token_hash = app_setting('app.signup_hash'))
       WITH CHECK (email = app_setting('app.email'))`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON pending_signups TO voxanne_app`,

    `CREATE TABLE local_emails (
       id text PRIMARY KEY,
       to_address text NOT NULL,
       subject text NOT NULL,
       text_body text NOT NULL,
       html_body text,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX local_emails_to_idx ON local_emails (lower(to_address), created_at DESC)`,
    `ALTER TABLE local_emails ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE local_emails FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY local_emails_dev_mailbox ON local_emails USING (true) WITH CHECK (true)`,
    `GRANT SELECT, INSERT ON local_emails TO voxanne_app`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runAll(knex, [`DROP TABLE IF EXISTS local_emails`, `DROP TABLE IF EXISTS pending_signups`]);
}
