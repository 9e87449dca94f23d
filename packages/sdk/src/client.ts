import { Context } from './context.js';
import type { VoxanneOptions } from './options.js';
import { Agents } from './resources/agents.js';
import { ApiKeys } from './resources/api-keys.js';
import { AuditEvents } from './resources/audit-events.js';
import { Auth } from './resources/auth.js';
import { Availability } from './resources/availability.js';
import { Bookings } from './resources/bookings.js';
import { Calendar } from './resources/calendar.js';
import { CallSettings } from './resources/call-settings.js';
import { Calls } from './resources/calls.js';
import { Campaigns } from './resources/campaigns.js';
import { Contacts } from './resources/contacts.js';
import { Dnc } from './resources/dnc.js';
import { Holds } from './resources/holds.js';
import { Integrations } from './resources/integrations.js';
import { Invites } from './resources/invites.js';
import { Locations } from './resources/locations.js';
import { Members } from './resources/members.js';
import { Orgs } from './resources/orgs.js';
import { PhoneNumbers } from './resources/phone-numbers.js';
import { Resources } from './resources/resources.js';
import { Services } from './resources/services.js';
import { Sms } from './resources/sms.js';
import { TestCalls } from './resources/test-calls.js';
import { Voices } from './resources/voices.js';
import { Webhooks } from './webhooks.js';

/**
 * The Voxanne API client.
 *
 * ```ts
 * const vox = new Voxanne({ apiKey: process.env.VOXANNE_API_KEY, baseUrl: 'https://api.voxanne.example' });
 * const org = await vox.orgs.retrieve();
 * ```
 */
export class Voxanne {
  readonly orgs: Orgs;
  readonly members: Members;
  readonly invites: Invites;
  readonly apiKeys: ApiKeys;
  readonly auditEvents: AuditEvents;
  readonly auth: Auth;
  readonly agents: Agents;
  readonly integrations: Integrations;
  readonly phoneNumbers: PhoneNumbers;
  readonly voices: Voices;
  readonly locations: Locations;
  readonly services: Services;
  readonly resources: Resources;
  readonly availability: Availability;
  readonly holds: Holds;
  readonly bookings: Bookings;
  readonly sms: Sms;
  readonly calendar: Calendar;
  readonly calls: Calls;
  readonly testCalls: TestCalls;
  readonly contacts: Contacts;
  readonly dnc: Dnc;
  readonly campaigns: Campaigns;
  readonly callSettings: CallSettings;
  readonly webhooks: Webhooks;
  readonly #options: VoxanneOptions;
  readonly #ctx: Context;

  constructor(options: VoxanneOptions) {
    this.#ctx = new Context(options);
    this.#options = { ...options };
    this.orgs = new Orgs(this.#ctx);
    this.members = new Members(this.#ctx);
    this.invites = new Invites(this.#ctx);
    this.apiKeys = new ApiKeys(this.#ctx);
    this.auditEvents = new AuditEvents(this.#ctx);
    this.auth = new Auth(this.#ctx);
    this.agents = new Agents(this.#ctx);
    this.integrations = new Integrations(this.#ctx);
    this.phoneNumbers = new PhoneNumbers(this.#ctx);
    this.voices = new Voices(this.#ctx);
    this.locations = new Locations(this.#ctx);
    this.services = new Services(this.#ctx);
    this.resources = new Resources(this.#ctx);
    this.availability = new Availability(this.#ctx);
    this.holds = new Holds(this.#ctx);
    this.bookings = new Bookings(this.#ctx);
    this.sms = new Sms(this.#ctx);
    this.calendar = new Calendar(this.#ctx);
    this.calls = new Calls(this.#ctx);
    this.testCalls = new TestCalls(this.#ctx);
    this.contacts = new Contacts(this.#ctx);
    this.dnc = new Dnc(this.#ctx);
    this.campaigns = new Campaigns(this.#ctx);
    this.callSettings = new CallSettings(this.#ctx);
    this.webhooks = new Webhooks();
  }

  /** The child org requests act on (`Voxanne-Org`), or undefined for the credential's own org. */
  get org(): string | undefined {
    return this.#ctx.transport.org;
  }

  /** A client for the same credentials acting on one of the agency's child orgs. This client is unchanged. */
  withOrg(orgId: string): Voxanne {
    const scoped = new Voxanne({ ...this.#options, org: orgId });
    // One browser session, one CSRF token: a token learned through either client serves both.
    scoped.#ctx.csrf = this.#ctx.csrf;
    return scoped;
  }
}
