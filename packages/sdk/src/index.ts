export { Voxanne } from './client.js';
export type { VoxanneOptions, RequestOptions, RetryEvent, CsrfTokenSource } from './options.js';
export { ApiPromise, type WithResponse } from './api-promise.js';
export { Paginated, type Page } from './pagination.js';
export {
  VoxanneError,
  ValidationError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  InternalServerError,
  ApiConnectionError,
  TimeoutError,
  WebhookVerificationError,
  type FieldError,
  type VoxanneErrorInit,
} from './errors.js';
export { verifyWebhook, Webhooks, type WebhookHeaders, type VerifyWebhookOptions } from './webhooks.js';
export type { Orgs } from './resources/orgs.js';
export type { Members } from './resources/members.js';
export type { Invites } from './resources/invites.js';
export type { ApiKeys } from './resources/api-keys.js';
export type { AuditEvents } from './resources/audit-events.js';
export type { Auth, Mfa, Sessions } from './resources/auth.js';
export type { Agents, VoicePreview } from './resources/agents.js';
export type { Integrations } from './resources/integrations.js';
export type { PhoneNumbers } from './resources/phone-numbers.js';
export type { Voices } from './resources/voices.js';
export type { Locations } from './resources/locations.js';
export type { Services } from './resources/services.js';
export type { Resources } from './resources/resources.js';
export type { Availability as AvailabilityResource } from './resources/availability.js';
export type { Holds } from './resources/holds.js';
export type { Bookings } from './resources/bookings.js';
export type { Sms, SmsMessages, SmsOptOuts } from './resources/sms.js';
export type { Calendar, GoogleCalendar } from './resources/calendar.js';
export type { Calls } from './resources/calls.js';
export type { TestCalls } from './resources/test-calls.js';
export type { Contacts } from './resources/contacts.js';
export type { Dnc } from './resources/dnc.js';
export type { Campaigns } from './resources/campaigns.js';
export type { CallSettings as CallSettingsResource } from './resources/call-settings.js';
// The API's own shapes (Org, ApiKey, AuthResult ...), generated from openapi.yaml.
export type * from './generated/types.gen.js';
