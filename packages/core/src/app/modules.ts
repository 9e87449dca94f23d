import type { ModuleManifest } from './manifest.ts';
import { authRoutes } from '../modules/auth/index.ts';
import { devMailRoutes } from '../modules/dev-mail/index.ts';
import { orgRoutes } from '../modules/orgs/index.ts';
import { memberRoutes } from '../modules/members/index.ts';
import { apiKeyRoutes } from '../modules/api-keys/index.ts';
import { auditRoutes } from '../modules/audit/index.ts';
import { integrationAad, integrationRoutes } from '../modules/integrations/index.ts';
import { agentRoutes, registerAgentJobs } from '../modules/agents/index.ts';
import { phoneNumberRoutes } from '../modules/phone-numbers/index.ts';
import { voiceRoutes } from '../modules/voice/index.ts';
import { locationRoutes } from '../modules/locations/index.ts';
import { serviceRoutes } from '../modules/services/index.ts';
import { resourceRoutes } from '../modules/resources/index.ts';
import { availabilityRoutes } from '../modules/availability/index.ts';
import { bookingRoutes, holdRoutes, registerSchedulingJobs } from '../modules/bookings/index.ts';
import { smsBodyAad, smsInboxAad, smsRoutes } from '../modules/sms/index.ts';
import { calendarRoutes } from '../modules/calendar-sync/index.ts';
import { callOriginalAad, callRoutes, recentCallsOf, registerAnalysisJob, registerCallJobs, voiceInboxAad } from '../modules/calls/index.ts';
import { contactRoutes } from '../modules/contacts/index.ts';
import { callSettingsRoutes } from '../modules/call-settings/index.ts';
import { campaignRoutes, dncRoutes, outboundCallRoutes, registerOutboundJobs } from '../modules/outbound/index.ts';
import { calendarTokenAad } from '../connectors/calendar.ts';

/**
 * Every module the app is built from, in the order their routes are mounted. Mounts that must come before
 * authentication (vendor webhooks, ops, docs) stay explicit in app.ts. Modules without routes, jobs or
 * encrypted columns (outbox, scheduling) are libraries other modules call through their front doors.
 */
export const MODULES: ModuleManifest[] = [
  {
    name: 'auth',
    routes: [authRoutes],
    encryptedColumns: [
      { table: 'users', idColumn: 'id', column: 'mfa_secret_enc', aad: (row) => `${row.id}:mfa_totp` },
      { table: 'users', idColumn: 'id', column: 'mfa_pending_secret_enc', aad: (row) => `${row.id}:mfa_totp` },
    ],
  },
  { name: 'dev-mail', routes: [devMailRoutes] },
  { name: 'orgs', routes: [orgRoutes] },
  { name: 'members', routes: [memberRoutes] },
  { name: 'api-keys', routes: [apiKeyRoutes] },
  { name: 'audit', routes: [auditRoutes] },
  {
    name: 'integrations',
    routes: [integrationRoutes],
    encryptedColumns: [{ table: 'integrations', idColumn: 'id', column: 'secrets_enc', aad: (row) => integrationAad(String(row.org_id), String(row.provider)) }],
  },
  { name: 'agents', routes: [agentRoutes], jobs: [registerAgentJobs] },
  { name: 'phone-numbers', routes: [phoneNumberRoutes] },
  { name: 'voice', routes: [voiceRoutes] },
  { name: 'locations', routes: [locationRoutes] },
  { name: 'services', routes: [serviceRoutes] },
  { name: 'resources', routes: [resourceRoutes] },
  { name: 'availability', routes: [availabilityRoutes] },
  // registerSchedulingJobs also registers the calendar mirror and SMS jobs (the jobs convention is being reworked separately).
  { name: 'bookings', routes: [holdRoutes, bookingRoutes], jobs: [registerSchedulingJobs] },
  {
    name: 'sms',
    routes: [smsRoutes],
    encryptedColumns: [
      { table: 'sms_messages', idColumn: 'id', column: 'body_enc', aad: (row) => smsBodyAad(String(row.org_id), String(row.id)) },
      { table: 'sms_inbox', idColumn: 'id', column: 'params_enc', aad: (row) => smsInboxAad(String(row.org_id), String(row.id)) },
    ],
  },
  {
    name: 'calendar-sync',
    routes: [calendarRoutes],
    encryptedColumns: [{ table: 'calendar_connections', idColumn: 'id', column: 'refresh_token_enc', aad: (row) => calendarTokenAad(String(row.org_id)) }],
  },
  {
    name: 'calls',
    routes: [callRoutes],
    jobs: [registerCallJobs, registerAnalysisJob],
    encryptedColumns: [
      { table: 'calls', idColumn: 'id', column: 'original_enc', aad: (row) => callOriginalAad(String(row.org_id), String(row.id)) },
      { table: 'voice_inbox', idColumn: 'id', column: 'payload_enc', aad: (row) => voiceInboxAad(String(row.org_id), String(row.id)) },
    ],
  },
  // A contact shows its recent calls; calls answers that, so contacts needs no import of calls.
  { name: 'contacts', routes: [(deps) => contactRoutes(deps, { recentCallsOf })] },
  { name: 'call-settings', routes: [callSettingsRoutes] },
  { name: 'outbound', routes: [outboundCallRoutes, dncRoutes, campaignRoutes], jobs: [registerOutboundJobs] },
];
