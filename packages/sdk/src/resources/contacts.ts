import * as api from '../generated/sdk.gen.js';
import type { Contact, ContactDetail, ContactId, CreateContactData, ListContactsData, UpdateContactData } from '../generated/types.gen.js';
import { call, type ApiPromise } from '../api-promise.js';
import { paginate, type Paginated } from '../pagination.js';
import type { Context } from '../context.js';
import type { RequestOptions } from '../options.js';

/** Contacts and leads: one per phone number, created by calls as they come in, or added here. */
export class Contacts {
  readonly #ctx: Context;
  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Most recent first; `sort: 'lead_score'` puts the hottest leads first. Filter by `phone`, `tag`, `consent_status`. */
  list(query: NonNullable<ListContactsData['query']> = {}, options?: RequestOptions): Paginated<Contact> {
    return paginate(query, (q) => call(api.listContacts({ ...this.#ctx.request(options), query: q })));
  }

  /** A number already on file rejects with ConflictError `contact_exists`. */
  create(body: CreateContactData['body'], options?: RequestOptions): ApiPromise<Contact> {
    return call(api.createContact({ ...this.#ctx.request(options), body }));
  }

  /** Includes `recent_calls`, the 20 most recent. */
  retrieve(contactId: ContactId, options?: RequestOptions): ApiPromise<ContactDetail> {
    return call(api.getContact({ ...this.#ctx.request(options), path: { contact_id: contactId } }));
  }

  /** Name, time zone, tags or consent. `consent_status: 'revoked'` means the contact is never called. */
  update(contactId: ContactId, body: UpdateContactData['body'], options?: RequestOptions): ApiPromise<Contact> {
    return call(api.updateContact({ ...this.#ctx.request(options), path: { contact_id: contactId }, body }));
  }
}
