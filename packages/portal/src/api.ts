/**
 * The portal's only door to the API. Pages import functions and types from here and never from the
 * SDK directly, so how the SDK is called, and how its errors look, is decided in this one file.
 *
 * The API is served on the same origin under /v1, so the session travels in the httpOnly `vox_session`
 * cookie; every non-GET request echoes the session's CSRF token, and every request carries the acting
 * org (`Voxanne-Org`) chosen in the org switcher and, with the test-mode switch on, `Voxanne-Mode: test`.
 */
import { Voxanne, VoxanneError } from '@voxanne/sdk';
import type {
  Agent,
  AgentConfig,
  Availability,
  Booking,
  BookingStatus,
  CalendarConnection,
  CalendarSyncStatus,
  CreateBookingData,
  CreateLocationData,
  CreateResourceData,
  CreateServiceData,
  GetAvailabilityData,
  ListBookingsData,
  Location,
  Resource,
  ResourceKind,
  ScheduleException,
  Service,
  Slot,
  SmsMessage,
  SmsOptOut,
  UpdateLocationData,
  UpdateResourceData,
  UpdateServiceData,
  WeeklyHours,
  AgentRevision,
  AgentTool,
  ApiKey,
  ApiKeyWithSecret,
  AuditEvent,
  AuthResult,
  BusinessHoursInterval,
  CreatePhoneNumberData,
  Integration,
  IntegrationProvider,
  IntegrationTest,
  Invite,
  InviteWithToken,
  Me,
  Member,
  Membership,
  Org,
  PhoneNumber,
  Problem,
  PutIntegrationData,
  Role,
  Scope,
  Session,
  UpdateAgentData,
  UpdatePhoneNumberData,
  Voice,
  VoiceProvider,
  Call,
  CallAnalysis,
  CallDirection,
  CallListItem,
  CallOriginal,
  CallOutcome,
  CallSentiment,
  CallSettings,
  CallStatus,
  CallTimelineEntry,
  CallToolCall,
  Campaign,
  CampaignStatus,
  CampaignTarget,
  CampaignTargetStatus,
  ConsentStatus,
  Contact,
  ContactDetail,
  CreateCampaignData,
  CreateContactData,
  CreateTestCallData,
  DncEntry,
  ListCallsData,
  ListContactsData,
  QuietHours,
  TranscriptTurn,
  UpdateCallSettingsData,
  UpdateContactData,
} from '@voxanne/sdk';

export type { Page } from '@voxanne/sdk';
export type { ApiKey, ApiKeyWithSecret, AuditEvent, AuthResult, Invite, InviteWithToken, Me, Member, Membership, Org, Problem, Role, Scope, Session };
export type { Agent, AgentConfig, AgentRevision, AgentTool, BusinessHoursInterval, Integration, IntegrationProvider, IntegrationTest, PhoneNumber, Voice, VoiceProvider };
export type { Availability, Booking, BookingStatus, CalendarConnection, CalendarSyncStatus, Location, Resource, ResourceKind, ScheduleException, Service, Slot, SmsMessage, SmsOptOut, WeeklyHours };
export type NewLocation = CreateLocationData['body'];
export type LocationPatch = UpdateLocationData['body'];
export type NewService = CreateServiceData['body'];
export type ServicePatch = UpdateServiceData['body'];
export type NewResource = CreateResourceData['body'];
export type ResourcePatch = UpdateResourceData['body'];
export type NewBooking = CreateBookingData['body'];
export type AvailabilityQuery = GetAvailabilityData['query'];
export type BookingFilter = Omit<NonNullable<ListBookingsData['query']>, 'cursor' | 'limit'>;
export type AgentPatch = UpdateAgentData['body'];
export type NewPhoneNumber = CreatePhoneNumberData['body'];
export type PhoneNumberPatch = UpdatePhoneNumberData['body'];
export type IntegrationCredentials = PutIntegrationData['body'];
export type { Call, CallAnalysis, CallDirection, CallListItem, CallOriginal, CallOutcome, CallSentiment, CallSettings, CallStatus, CallTimelineEntry, CallToolCall, TranscriptTurn };
export type { Campaign, CampaignStatus, CampaignTarget, CampaignTargetStatus, ConsentStatus, Contact, ContactDetail, DncEntry, QuietHours };
export type CallFilter = Omit<NonNullable<ListCallsData['query']>, 'cursor' | 'limit'>;
export type ContactFilter = Omit<NonNullable<ListContactsData['query']>, 'cursor' | 'limit'>;
export type NewContact = CreateContactData['body'];
export type ContactPatch = UpdateContactData['body'];
export type NewCampaign = CreateCampaignData['body'];
export type NewTestCall = CreateTestCallData['body'];
export type CallSettingsPatch = UpdateCallSettingsData['body'];

/** An API answer that was not a success, carrying the RFC 9457 problem the server sent. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly errors: { path: string; message: string }[];
  /** Which vendor an `integration_missing` (or vendor outage) problem is about, when the server says. */
  readonly provider: string | undefined;
  /** Free slots nearby, offered with `409 slot_taken`. */
  readonly alternatives: Slot[];

  constructor(status: number, problem: Partial<Problem> & { provider?: string; alternatives?: Slot[] }, fallback: string) {
    super(problem.detail ?? problem.title ?? fallback);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network_error' : `http_${status}`);
    this.title = problem.title ?? fallback;
    this.detail = problem.detail;
    this.requestId = problem.request_id;
    this.errors = problem.errors ?? [];
    this.provider = problem.provider;
    this.alternatives = problem.alternatives ?? [];
  }
}

export function isProblem(err: unknown, code?: string): err is ApiProblem {
  return err instanceof ApiProblem && (code === undefined || err.code === code);
}

// These mean "the session is gone", unlike a wrong password or a missing second factor at sign-in.
const SESSION_ENDED = new Set(['session_invalid', 'session_expired', 'unauthenticated']);

let csrfToken: string | undefined;
let actingOrg: string | undefined;
let testMode = false;
const sessionEndedListeners = new Set<(problem: ApiProblem) => void>();

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function setActingOrg(orgId: string | undefined): void {
  actingOrg = orgId;
}

/** Test mode (`Voxanne-Mode: test`): every request sees and makes test data only, and reaches no real vendor. */
export function setTestMode(on: boolean): void {
  testMode = on;
}

/** Called when any request finds the session ended, so the app can return to sign-in from anywhere. */
export function onSessionEnded(listener: (problem: ApiProblem) => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

// The readable cookie wins over the remembered token: signing in again in another tab replaces both the
// session cookie and this one, and the remembered token would then be stale.
function currentCsrf(): string | undefined {
  const match = document.cookie.match(/(?:^|;\s*)vox_csrf=([^;]*)/);
  return match?.[1] ? decodeURIComponent(match[1]) : csrfToken;
}

const client = new Voxanne({
  baseUrl: window.location.origin,
  credentials: 'include',
  csrfToken: currentCsrf,
  // A person is waiting on every call: one retry for a network blip, then show what happened.
  maxRetries: 1,
  timeoutMs: 20_000,
});

type Mode = 'live' | 'test';

/** Every call goes through here: the acting org and mode are added, and SDK errors become ApiProblems. */
async function run<T>(call: (opts: { org?: string; mode?: Mode }) => PromiseLike<T>, org: string | undefined = actingOrg, mode: Mode | undefined = testMode ? 'test' : undefined): Promise<T> {
  try {
    return await call({ ...(org ? { org } : {}), ...(mode ? { mode } : {}) });
  } catch (err) {
    const problem = toProblem(err);
    if (problem.status === 401 && SESSION_ENDED.has(problem.code)) sessionEndedListeners.forEach((fn) => fn(problem));
    throw problem;
  }
}

function toProblem(err: unknown): ApiProblem {
  if (err instanceof VoxanneError) {
    const status = err.status ?? 0;
    return new ApiProblem(
      status,
      {
        code: err.code,
        title: err.title,
        detail: err.detail ?? (status === 0 ? err.message : undefined),
        request_id: err.requestId,
        errors: err.errors,
        // Extension members of the problem (RFC 9457 §3.2) are not in the typed Problem, but they are in the body.
        provider: (err.problem as { provider?: unknown } | undefined)?.provider as string | undefined,
        alternatives: slotsOf((err.problem as { alternatives?: unknown } | undefined)?.alternatives),
      },
      status === 0 ? 'Could not reach the server' : 'Request failed',
    );
  }
  return new ApiProblem(0, { code: 'client_error', detail: err instanceof Error ? err.message : String(err) }, 'Unexpected error');
}

function slotsOf(value: unknown): Slot[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is Slot => !!v && typeof v === 'object' && typeof (v as Slot).starts_at === 'string' && typeof (v as Slot).resource_id === 'string');
}

/** Every page of a list, for views that must show all of a bounded range (a day, a week). */
async function allPages<T>(fetchPage: (cursor?: string) => PromiseLike<{ data: T[]; has_more: boolean; next_cursor: string | null }>, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.data);
    if (!page.has_more || !page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return items;
}

export interface AuditFilter {
  action?: string;
  actor_id?: string;
  created_after?: string;
  created_before?: string;
}

export interface NewApiKey {
  name: string;
  scopes: Scope[];
  mode: 'live' | 'test';
  expires_at?: string;
}

export const api = {
  signup: (body: { email: string; password: string; name: string; org_name: string }) => run((o) => client.auth.signup(body, o)),
  // Never retried: the token works once, so a retry after a lost answer would only report it used.
  verifySignup: (token: string) => run((o) => client.auth.verifySignup({ token }, { ...o, maxRetries: 0 })),
  devEmails: (to?: string) => run((o) => client.auth.devEmails(to ? { to } : {}, o)),
  // Never retried: a second attempt after 429 login_throttled only keeps the person waiting.
  login: (body: { email: string; password: string; mfa_code?: string; recovery_code?: string }) =>
    run((o) => client.auth.login(body, { ...o, maxRetries: 0 })),
  logout: () => run((o) => client.auth.logout(o)),
  me: () => run((o) => client.auth.me(o)),

  enrollMfa: () => run((o) => client.auth.mfa.enroll(o)),
  verifyMfa: (code: string) => run((o) => client.auth.mfa.verify({ code }, o)),
  disableMfa: (code: string) => run((o) => client.auth.mfa.disable({ code }, o)),

  listSessions: (cursor?: string) => run((o) => client.auth.sessions.list({ cursor, limit: 50 }, o).firstPage()),
  revokeSession: (id: string) => run((o) => client.auth.sessions.revoke(id, o)),

  getOrg: () => run((o) => client.orgs.retrieve(o)),
  updateOrg: (patch: { name?: string; require_mfa?: boolean; api_key_default_ttl_days?: number | null }) => run((o) => client.orgs.update(patch, o)),
  /** Children of `parentId` (an agency), or of the acting org when omitted. */
  listChildOrgs: (cursor?: string, parentId?: string) =>
    run((o) => client.orgs.listChildren({ cursor, limit: 100 }, o).firstPage(), parentId ?? actingOrg),
  createChildOrg: (name: string) => run((o) => client.orgs.createChild({ name }, o)),

  listMembers: (cursor?: string) => run((o) => client.members.list({ cursor, limit: 50 }, o).firstPage()),
  updateMember: (id: string, role: Role) => run((o) => client.members.update(id, { role }, o)),
  removeMember: (id: string) => run((o) => client.members.remove(id, o)),

  listInvites: (cursor?: string) => run((o) => client.invites.list({ cursor, limit: 50 }, o).firstPage()),
  createInvite: (body: { email: string; role: Role }) => run((o) => client.invites.create(body, o)),
  revokeInvite: (id: string) => run((o) => client.invites.revoke(id, o)),
  acceptInvite: (body: { token: string; name?: string; password?: string }) => run((o) => client.invites.accept(body, o)),

  listApiKeys: (cursor?: string) => run((o) => client.apiKeys.list({ cursor, limit: 50 }, o).firstPage()),
  createApiKey: (body: NewApiKey) => run((o) => client.apiKeys.create(body, o)),
  revokeApiKey: (id: string) => run((o) => client.apiKeys.revoke(id, o)),

  listAuditEvents: (filter: AuditFilter, cursor?: string) => run((o) => client.auditEvents.list({ ...filter, cursor, limit: 50 }, o).firstPage()),

  listAgents: (cursor?: string) => run((o) => client.agents.list({ cursor, limit: 50 }, o).firstPage()),
  getAgent: (id: string) => run((o) => client.agents.retrieve(id, o)),
  createAgent: (body: AgentConfig) => run((o) => client.agents.create(body, o)),
  updateAgent: (id: string, patch: AgentPatch) => run((o) => client.agents.update(id, patch, o)),
  deleteAgent: (id: string) => run((o) => client.agents.delete(id, o)),
  listAgentRevisions: (id: string, cursor?: string) => run((o) => client.agents.revisions(id, { cursor, limit: 20 }, o).firstPage()),
  rollbackAgent: (id: string, revisionId: string) => run((o) => client.agents.rollback(id, revisionId, o)),
  publishAgent: (id: string) => run((o) => client.agents.publish(id, o)),
  /** The saved voice of the agent as a Blob, ready for an <audio> element through an object URL. */
  previewAgentVoice: (id: string, text?: string) =>
    run(async (o) => {
      const { audio, contentType } = await client.agents.voicePreview(id, text ? { text } : {}, o);
      return new Blob([audio], { type: contentType });
    }),
  listVoices: (provider: VoiceProvider, model?: string) => run((o) => client.voices.list({ provider, ...(model ? { model } : {}) }, o)),

  listIntegrations: () => run((o) => client.integrations.list({ limit: 100 }, o).firstPage()),
  putIntegration: (provider: IntegrationProvider, body: IntegrationCredentials) => run((o) => client.integrations.put(provider, body, o)),
  deleteIntegration: (provider: IntegrationProvider) => run((o) => client.integrations.delete(provider, o)),
  // A vendor that is down answers 502/503 quickly; retrying would only keep the person waiting for the same answer.
  testIntegration: (provider: IntegrationProvider) => run((o) => client.integrations.test(provider, { ...o, maxRetries: 0 })),

  listPhoneNumbers: (cursor?: string) => run((o) => client.phoneNumbers.list({ cursor, limit: 50 }, o).firstPage()),
  createPhoneNumber: (body: NewPhoneNumber) => run((o) => client.phoneNumbers.create(body, o)),
  updatePhoneNumber: (id: string, patch: PhoneNumberPatch) => run((o) => client.phoneNumbers.update(id, patch, o)),
  releasePhoneNumber: (id: string) => run((o) => client.phoneNumbers.release(id, o)),

  listLocations: () => run((o) => allPages((cursor) => client.locations.list({ cursor, limit: 100 }, o).firstPage())),
  createLocation: (body: NewLocation) => run((o) => client.locations.create(body, o)),
  updateLocation: (id: string, patch: LocationPatch) => run((o) => client.locations.update(id, patch, o)),
  deleteLocation: (id: string) => run((o) => client.locations.delete(id, o)),

  listServices: (locationId?: string) =>
    run((o) => allPages((cursor) => client.services.list({ cursor, limit: 100, ...(locationId ? { location_id: locationId } : {}) }, o).firstPage())),
  createService: (body: NewService) => run((o) => client.services.create(body, o)),
  updateService: (id: string, patch: ServicePatch) => run((o) => client.services.update(id, patch, o)),
  deleteService: (id: string) => run((o) => client.services.delete(id, o)),

  listResources: (locationId?: string) =>
    run((o) => allPages((cursor) => client.resources.list({ cursor, limit: 100, ...(locationId ? { location_id: locationId } : {}) }, o).firstPage())),
  createResource: (body: NewResource) => run((o) => client.resources.create(body, o)),
  updateResource: (id: string, patch: ResourcePatch) => run((o) => client.resources.update(id, patch, o)),
  deleteResource: (id: string) => run((o) => client.resources.delete(id, o)),

  getAvailability: (query: AvailabilityQuery) => run((o) => client.availability.list(query, o)),

  /** One page, newest first, for the list view. */
  listBookings: (filter: BookingFilter, cursor?: string) => run((o) => client.bookings.list({ ...filter, cursor, limit: 25 }, o).firstPage()),
  /** Every booking of a bounded range (the day or week on screen). */
  listBookingsInRange: (filter: BookingFilter) => run((o) => allPages((cursor) => client.bookings.list({ ...filter, cursor, limit: 100 }, o).firstPage())),
  getBooking: (id: string) => run((o) => client.bookings.retrieve(id, o)),
  // A taken slot answers 409 at once; retrying would only repeat it. The SDK's Idempotency-Key makes a retried network blip safe.
  createBooking: (body: NewBooking) => run((o) => client.bookings.create(body, o)),
  rescheduleBooking: (id: string, body: { starts_at: string; resource_id?: string }) => run((o) => client.bookings.reschedule(id, body, o)),
  cancelBooking: (id: string, reason?: string) => run((o) => client.bookings.cancel(id, reason ? { reason } : {}, o)),

  listSmsMessages: (filter: { phone?: string }, cursor?: string) =>
    run((o) => client.sms.messages.list({ ...(filter.phone ? { phone: filter.phone } : {}), cursor, limit: 50 }, o).firstPage()),
  listSmsOptOuts: (cursor?: string) => run((o) => client.sms.optOuts.list({ cursor, limit: 50 }, o).firstPage()),
  simulateInboundSms: (body: { from: string; body: string }) => run((o) => client.sms.simulateInbound(body, o)),

  getGoogleCalendar: () => run((o) => client.calendar.google.retrieve(o)),
  connectGoogleCalendar: () => run((o) => client.calendar.google.connect(o)),
  disconnectGoogleCalendar: () => run((o) => client.calendar.google.disconnect(o)),
  syncGoogleCalendar: () => run((o) => client.calendar.google.sync(o)),

  listCalls: (filter: CallFilter, cursor?: string) => run((o) => client.calls.list({ ...filter, cursor, limit: 50 }, o).firstPage()),
  getCall: (id: string) => run((o) => client.calls.retrieve(id, o)),
  // The live view polls twice a second: a failed poll is shown and the next one tries again, so no retries here.
  // A test call is test data whichever mode the portal is in, so its live view reads in test mode.
  pollCall: (id: string, mode?: Mode) => run((o) => client.calls.retrieve(id, { ...o, maxRetries: 0 }), actingOrg, mode ?? (testMode ? 'test' : undefined)),
  analyzeCall: (id: string) => run((o) => client.calls.analyze(id, o)),
  getCallOriginalTranscript: (id: string) => run((o) => client.calls.originalTranscript(id, o)),
  createTestCall: (body: NewTestCall) => run((o) => client.testCalls.create(body, o)),

  listContacts: (filter: ContactFilter, cursor?: string) => run((o) => client.contacts.list({ ...filter, cursor, limit: 50 }, o).firstPage()),
  /** Every contact (bounded), for pickers such as a campaign's contact list. */
  listAllContacts: (filter: ContactFilter = {}) => run((o) => allPages((cursor) => client.contacts.list({ ...filter, cursor, limit: 100 }, o).firstPage())),
  getContact: (id: string) => run((o) => client.contacts.retrieve(id, o)),
  createContact: (body: NewContact) => run((o) => client.contacts.create(body, o)),
  updateContact: (id: string, patch: ContactPatch) => run((o) => client.contacts.update(id, patch, o)),

  listDnc: (cursor?: string) => run((o) => client.dnc.list({ cursor, limit: 50 }, o).firstPage()),
  addDnc: (body: { phone: string; reason?: string }) => run((o) => client.dnc.add(body, o)),
  removeDnc: (id: string) => run((o) => client.dnc.remove(id, o)),

  listCampaigns: (cursor?: string) => run((o) => client.campaigns.list({ cursor, limit: 50 }, o).firstPage()),
  createCampaign: (body: NewCampaign) => run((o) => client.campaigns.create(body, o)),
  getCampaign: (id: string) => run((o) => client.campaigns.retrieve(id, o)),
  listCampaignTargets: (id: string, cursor?: string) => run((o) => client.campaigns.targets(id, { cursor, limit: 50 }, o).firstPage()),
  pauseCampaign: (id: string) => run((o) => client.campaigns.pause(id, o)),
  resumeCampaign: (id: string) => run((o) => client.campaigns.resume(id, o)),
  cancelCampaign: (id: string) => run((o) => client.campaigns.cancel(id, o)),

  getCallSettings: () => run((o) => client.callSettings.retrieve(o)),
  updateCallSettings: (patch: CallSettingsPatch) => run((o) => client.callSettings.update(patch, o)),
};
