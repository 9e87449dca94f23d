/**
 * The local email connector's outbox, kept in core's local_emails table so the API process and the worker
 * see the same mail (connector-local is handed this store and never touches the database itself). Read back
 * by modules/dev-mail.
 */
import type { Knex } from 'knex';
import type { EmailOutboxStore, LocalEmail } from '@voxanne/connector-local';
import { inScope } from '../platform/db/tenancy.ts';

export function localEmailStore(knex: Knex): EmailOutboxStore {
  return {
    async put(e: LocalEmail) {
      // Not tenant data and in no request's transaction: the mail is stored after the work it reports committed.
      await inScope(knex, {}, (tx) =>
        tx('local_emails').insert({ id: e.id, to_address: e.to, subject: e.subject, text_body: e.text, html_body: e.html ?? null, created_at: new Date(e.createdAt) }),
      );
    },
  };
}
