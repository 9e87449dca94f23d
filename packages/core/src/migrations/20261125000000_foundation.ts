import type { Knex } from 'knex';
import { tenantTable, runAll } from './sql.ts';

/**
 * Orgs, users, memberships, sessions, API keys, invites, audit, outbox and idempotency.
 * Every table gets RLS enabled and FORCED; the app role owns nothing and only gets row privileges.
 */
export async function up(knex: Knex): Promise<void> {
  await runAll(knex, [
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'voxanne_app') THEN
         CREATE ROLE voxanne_app NOLOGIN NOBYPASSRLS;
       END IF;
     END $$`,
    `GRANT USAGE ON SCHEMA public TO voxanne_app`,
    // pgvector where the server has it (PGlite, managed Postgres); plain PostgreSQL 15 here lacks it.
    `DO $$ BEGIN
       IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
         CREATE EXTENSION IF NOT EXISTS vector;
       END IF;
     END $$`,
    `CREATE OR REPLACE FUNCTION app_setting(name text) RETURNS text LANGUAGE sql STABLE AS
       $$ SELECT NULLIF(current_setting(name, true), '') $$`,
    `CREATE OR REPLACE FUNCTION app_org_id() RETURNS text LANGUAGE sql STABLE AS $$ SELECT app_setting('app.org_id') $$`,
    `CREATE OR REPLACE FUNCTION app_user_id() RETURNS text LANGUAGE sql STABLE AS $$ SELECT app_setting('app.user_id') $$`,

    `CREATE TABLE orgs (
       id text PRIMARY KEY,
       parent_id text REFERENCES orgs(id),
       name text NOT NULL,
       require_mfa boolean NOT NULL DEFAULT false,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX orgs_parent_idx ON orgs (parent_id, id)`,

    `CREATE TABLE users (
       id text PRIMARY KEY,
       email text NOT NULL,
       name text NOT NULL,
       password_hash text NOT NULL,
       mfa_enabled boolean NOT NULL DEFAULT false,
       mfa_secret_enc text,
       mfa_pending_secret_enc text,
       mfa_recovery_hashes text[] NOT NULL DEFAULT '{}',
       mfa_last_step bigint,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE UNIQUE INDEX users_email_key ON users (lower(email))`,

    `CREATE TABLE memberships (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       user_id text NOT NULL REFERENCES users(id),
       role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
       created_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (org_id, user_id)
     )`,
    `CREATE INDEX memberships_user_idx ON memberships (user_id)`,

    `CREATE TABLE sessions (
       id text PRIMARY KEY,
       user_id text NOT NULL REFERENCES users(id),
       token_hash text NOT NULL UNIQUE,
       csrf_token text NOT NULL,
       ip text,
       user_agent text,
       created_at timestamptz NOT NULL DEFAULT now(),
       last_seen_at timestamptz NOT NULL DEFAULT now(),
       expires_at timestamptz NOT NULL,
       revoked_at timestamptz
     )`,
    `CREATE INDEX sessions_user_idx ON sessions (user_id, id)`,

    `CREATE TABLE api_keys (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       name text NOT NULL,
       mode text NOT NULL CHECK (mode IN ('live', 'test')),
       key_hash text NOT NULL UNIQUE,
       last4 text NOT NULL,
       scopes text[] NOT NULL,
       created_by text,
       created_at timestamptz NOT NULL DEFAULT now(),
       last_used_at timestamptz,
       expires_at timestamptz,
       revoked_at timestamptz
     )`,
    `CREATE INDEX api_keys_org_idx ON api_keys (org_id, id)`,

    `CREATE TABLE invites (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       email text NOT NULL,
       role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
       token_hash text NOT NULL UNIQUE,
       invited_by text,
       created_at timestamptz NOT NULL DEFAULT now(),
       expires_at timestamptz NOT NULL,
       accepted_at timestamptz,
       revoked_at timestamptz
     )`,
    `CREATE INDEX invites_org_idx ON invites (org_id, id)`,

    `CREATE TABLE audit_events (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
       actor_id text,
       action text NOT NULL,
       target_type text,
       target_id text,
       ip text,
       user_agent text,
       request_id text,
       metadata jsonb NOT NULL DEFAULT '{}',
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX audit_events_org_idx ON audit_events (org_id, id)`,
    `CREATE INDEX audit_events_action_idx ON audit_events (org_id, action, id)`,
    `CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`,
    `CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,

    `CREATE TABLE outbox_events (
       id text PRIMARY KEY,
       org_id text NOT NULL REFERENCES orgs(id),
       type text NOT NULL,
       payload jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       published_at timestamptz,
       attempts integer NOT NULL DEFAULT 0
     )`,
    `CREATE INDEX outbox_events_pending_idx ON outbox_events (org_id, id) WHERE published_at IS NULL`,

    `CREATE TABLE idempotency_keys (
       org_id text NOT NULL REFERENCES orgs(id),
       key text NOT NULL,
       principal_id text NOT NULL,
       request_hash text NOT NULL,
       state text NOT NULL CHECK (state IN ('processing', 'completed')),
       response_status integer,
       -- The stored response may hold a secret shown once (a new API key), so it is encrypted.
       response_type text,
       response_body_enc text,
       created_at timestamptz NOT NULL DEFAULT now(),
       locked_until timestamptz NOT NULL,
       PRIMARY KEY (org_id, key)
     )`,

    // Orgs: an org sees itself and its children; a user also sees the orgs they belong to.
    `ALTER TABLE orgs ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE orgs FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY orgs_access ON orgs
       USING (id = app_org_id() OR parent_id = app_org_id()
              OR EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = orgs.id AND m.user_id = app_user_id()))
       WITH CHECK (id = app_org_id() OR parent_id = app_org_id())`,

    // Users are global, but a transaction sees only itself, members of its org, or the one email it is logging in.
    `ALTER TABLE users ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE users FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY users_access ON users
       USING (id = app_user_id() OR lower(email) = app_setting('app.email')
              OR EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = users.id AND s.token_hash = app_setting('app.session_hash'))
              OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.org_id = app_org_id()))
       WITH CHECK (id = app_user_id())`,

    `ALTER TABLE memberships ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE memberships FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY memberships_access ON memberships
       USING (org_id = app_org_id() OR user_id = app_user_id())
       WITH CHECK (org_id = app_org_id())`,

    `ALTER TABLE sessions ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE sessions FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY sessions_access ON sessions
       USING (user_id = app_user_id() OR token_hash = app_setting('app.session_hash'))
       WITH CHECK (user_id = app_user_id() OR token_hash = app_setting('app.session_hash'))`,

    `ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE api_keys FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY api_keys_access ON api_keys
       USING (org_id = app_org_id() OR key_hash = app_setting('app.api_key_hash'))
       WITH CHECK (org_id = app_org_id() OR key_hash = app_setting('app.api_key_hash'))`,

    `ALTER TABLE invites ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE invites FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY invites_access ON invites
       USING (org_id = app_org_id() OR token_hash = app_setting('app.invite_hash'))
       WITH CHECK (org_id = app_org_id() OR token_hash = app_setting('app.invite_hash'))`,

    ...tenantTable('audit_events'),
    ...tenantTable('outbox_events'),
    ...tenantTable('idempotency_keys'),

    // Authentication on the hot path in one round trip: scope to the presented hash, touch, read. Invoker
    // rights, so it runs under RLS as the app role like everything else.
    `CREATE OR REPLACE FUNCTION voxanne_authenticate_api_key(presented_hash text)
       RETURNS TABLE (id text, org_id text, scopes text[], mode text, expires_at timestamptz, revoked_at timestamptz)
       LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
       BEGIN
         PERFORM set_config('role', 'voxanne_app', true);
         PERFORM set_config('app.api_key_hash', presented_hash, true);
         UPDATE api_keys k SET last_used_at = now()
           WHERE k.key_hash = presented_hash AND k.revoked_at IS NULL
             AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
         RETURN QUERY SELECT k.id, k.org_id, k.scopes, k.mode, k.expires_at, k.revoked_at
           FROM api_keys k WHERE k.key_hash = presented_hash;
       END $$`,
    `GRANT EXECUTE ON FUNCTION voxanne_authenticate_api_key(text) TO voxanne_app`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON orgs, users, memberships, sessions, api_keys, invites,
       outbox_events, idempotency_keys TO voxanne_app`,
    // Append-only by privilege as well as by trigger.
    `GRANT SELECT, INSERT ON audit_events TO voxanne_app`,
    `GRANT SELECT ON knex_migrations TO voxanne_app`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration is not reversible; restore from backup instead.');
}
