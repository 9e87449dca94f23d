import type { Tx } from '../../platform/db/tenancy.ts';
import type { MembershipRow, SessionRow, UserRow } from './view.ts';

export const findUserByEmail = (tx: Tx, email: string): Promise<UserRow | undefined> =>
  tx('users').whereRaw('lower(email) = ?', [email.toLowerCase()]).first();

export const findUser = (tx: Tx, id: string): Promise<UserRow | undefined> => tx('users').where({ id }).first();

export const listMemberships = (tx: Tx, userId: string): Promise<MembershipRow[]> =>
  tx('memberships as m')
    .join('orgs as o', 'o.id', 'm.org_id')
    .where('m.user_id', userId)
    .orderBy('m.id', 'asc')
    .select('o.*', 'm.role');

export const insertSession = (tx: Tx, row: Omit<SessionRow, 'created_at' | 'last_seen_at' | 'revoked_at'> & { token_hash: string }) =>
  tx('sessions').insert(row).returning('*') as Promise<SessionRow[]>;

export const findSessionByHash = (tx: Tx, tokenHash: string): Promise<(SessionRow & { mfa_enabled: boolean }) | undefined> =>
  tx('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', tokenHash)
    .first('s.*', 'u.mfa_enabled');
