/** Reads the local email connector's outbox (written by connectors/email-outbox.ts). */
import type { Knex } from 'knex';
import { inScope } from '../../platform/db/tenancy.ts';

export interface LocalEmailRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: Date;
}

/** Newest first, at most `limit`; `to` compares case-insensitively. */
export function recentLocalEmails(knex: Knex, to: string | undefined, limit = 50): Promise<LocalEmailRow[]> {
  return inScope(knex, {}, (tx) => {
    const q = tx('local_emails').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit);
    if (to) q.whereRaw('lower(to_address) = ?', [to.trim().toLowerCase()]);
    return q.select('*');
  });
}
