import { iso, isoRequired } from '../../platform/db/rows.ts';
import { orgToApi, type OrgRow } from '../orgs/index.ts';
import type { Role } from '../../platform/http/context.ts';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  mfa_enabled: boolean;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  mfa_recovery_hashes: string[];
  mfa_last_step: number | null;
  created_at: Date;
}

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export type MembershipRow = OrgRow & { role: Role };

export function userToApi(u: UserRow) {
  return { id: u.id, object: 'user' as const, email: u.email, name: u.name, mfa_enabled: u.mfa_enabled, created_at: isoRequired(u.created_at) };
}

export function sessionToApi(s: SessionRow, currentId: string | null) {
  return {
    id: s.id,
    object: 'session' as const,
    current: s.id === currentId,
    created_at: isoRequired(s.created_at),
    last_seen_at: isoRequired(s.last_seen_at),
    expires_at: iso(s.expires_at)!,
    ip: s.ip,
    user_agent: s.user_agent,
  };
}

export function membershipToApi(m: MembershipRow) {
  const { role, ...org } = m;
  return { org: orgToApi(org), role };
}
