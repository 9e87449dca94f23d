import type { Deps } from '../../platform/deps.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import { inScope, type Tx } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { decodeCursor, encodeCursor, type ListScope, type Page } from '../../platform/pagination.ts';
import { recordAudit, originOf } from '../audit/index.ts';
import { isIanaTimezone } from '../agents/index.ts';
import { pick } from '../scheduling/index.ts';
import { upsertContactByPhone } from './upsert.ts';
import { applyOrder, isContactPosition, SORT_KEY_COLUMN, type ContactSort } from './cursor.ts';
import { contactToApi, type ConsentStatus, type ContactRow } from './view.ts';

type CreateInput = BodyOf<'createContact'>;
type UpdateInput = BodyOf<'updateContact'>;
type ListQuery = QueryOf<'listContacts'>;
type ContactApi = ReturnType<typeof contactToApi>;

/** Contacts with `do_not_call` computed from the DNC list, so adding or removing an entry shows at once. */
function contactsWithDnc(tx: Tx) {
  return tx('contacts').select(
    'contacts.*',
    tx.raw(`EXISTS (SELECT 1 FROM dnc_entries d WHERE d.org_id = contacts.org_id AND d.phone = contacts.phone) AS do_not_call`),
  );
}

async function loadContact(tx: Tx, id: string): Promise<ContactRow> {
  const row: ContactRow | undefined = await contactsWithDnc(tx).where('contacts.id', id).first();
  if (!row) throw notFound('Contact');
  return row;
}

// The spec bounds the length; only the runtime knows which zone names exist.
function assertTimezone(tz: string | null | undefined): void {
  if (tz != null && !isIanaTimezone(tz)) {
    throw badRequest('invalid_timezone', `"${tz}" is not an IANA time zone such as America/New_York.`, {
      errors: [{ path: '/body/timezone', message: 'must be an IANA time zone' }],
    });
  }
}

/** Consent is evidence for calling rules (TCPA): who changed it and when is audited, the number is not. */
async function auditConsent(tx: Tx, actor: Actor, contactId: string, status: ConsentStatus): Promise<void> {
  await recordAudit(tx, actor.orgId, originOf(actor), {
    action: 'contact.consent_changed',
    targetType: 'contact',
    targetId: contactId,
    metadata: { contact_id: contactId, consent_status: status },
  });
}

export async function listContacts(deps: Deps, actor: Actor, query: ListQuery): Promise<Page<ContactApi>> {
  const sort: ContactSort = query.sort ?? 'recent';
  const limit = query.limit ?? 20;
  // The sort is part of the list's identity whether it was sent or defaulted.
  const scope: ListScope = { list: 'contacts' };
  const params = { ...query, sort };
  const after = query.cursor ? decodeCursor(query.cursor, scope, params, isContactPosition(sort)) : null;
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const q = contactsWithDnc(tx).select(tx.raw(`${SORT_KEY_COLUMN[sort]} AS sort_key`));
    if (query.phone) q.where('contacts.phone', query.phone);
    if (query.tag) q.whereRaw('contacts.tags @> ARRAY[?]::text[]', [query.tag]);
    if (query.consent_status) q.where('contacts.consent_status', query.consent_status);
    applyOrder(q, sort, after);
    const rows = (await q.limit(limit + 1)) as (ContactRow & { sort_key: string | number | null })[];
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page.at(-1);
    return {
      data: page.map(contactToApi),
      has_more: hasMore,
      next_cursor: hasMore && last ? encodeCursor(scope, params, { k: last.sort_key, id: last.id }) : null,
    };
  });
}

/**
 * Through upsertContactByPhone, so `contact.created` is emitted by the one path that creates contacts.
 * A number already on file rolls the transaction back and answers 409 with the existing id.
 */
export async function createContact(deps: Deps, actor: Actor, input: CreateInput): Promise<ContactApi> {
  assertTimezone(input.timezone);
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const { id, created } = await upsertContactByPhone(tx, actor.orgId, input.phone);
    if (!created) throw conflict('contact_exists', 'A contact with this phone number already exists.', { contact_id: id });
    const consent = input.consent_status ?? 'unknown';
    const now = new Date();
    await tx('contacts')
      .where({ id })
      .update({
        name: input.name ?? null,
        timezone: input.timezone ?? null,
        tags: input.tags ?? [],
        consent_status: consent,
        consent_updated_at: consent === 'unknown' ? null : now,
        updated_at: now,
      });
    if (consent !== 'unknown') await auditConsent(tx, actor, id, consent);
    return contactToApi(await loadContact(tx, id));
  });
}

/** A contact's latest calls, in the API's CallListItem shape; the calls module answers it (wired by the app). */
export type RecentCallsOf = (tx: Tx, contactId: string) => Promise<unknown[]>;

export async function getContact(deps: Deps, actor: Actor, id: string, recentCallsOf: RecentCallsOf) {
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    const contact = await loadContact(tx, id);
    return { ...contactToApi(contact), recent_calls: await recentCallsOf(tx, id) };
  });
}

export async function updateContact(deps: Deps, actor: Actor, id: string, input: UpdateInput): Promise<ContactApi> {
  assertTimezone(input.timezone);
  return inScope(deps.knex, { orgId: actor.orgId }, async (tx) => {
    // FOR UPDATE: two concurrent consent changes must each see the other's result to audit a real change.
    const current: Pick<ContactRow, 'consent_status'> | undefined = await tx('contacts').where({ id }).forUpdate().first('consent_status');
    if (!current) throw notFound('Contact');
    const now = new Date();
    const changes: Record<string, unknown> = { ...pick(input, ['name', 'timezone', 'tags'] as const), updated_at: now };
    const consentChanged = input.consent_status !== undefined && input.consent_status !== current.consent_status;
    if (consentChanged) Object.assign(changes, { consent_status: input.consent_status, consent_updated_at: now });
    await tx('contacts').where({ id }).update(changes);
    if (consentChanged) await auditConsent(tx, actor, id, input.consent_status!);
    const otherFields = Object.keys(input).filter((k) => k !== 'consent_status').sort();
    if (otherFields.length) {
      await recordAudit(tx, actor.orgId, originOf(actor), { action: 'contact.updated', targetType: 'contact', targetId: id, metadata: { fields: otherFields } });
    }
    return contactToApi(await loadContact(tx, id));
  });
}
