// Foreign table uses that remain: module SQL naming a table another module owns (see tables.mjs).
// Each entry is one file + one table. This list only shrinks: move the query behind the owner's front door
// (or react to the owner's events) and delete the entry; the check fails on an entry that no longer matches.
export const FOREIGN_TABLE_USES = [
  { file: 'packages/core/src/modules/api-keys/service.ts', table: 'orgs' }, // the org's default key lifetime
  { file: 'packages/core/src/modules/auth/actor.ts', table: 'orgs' }, // an agency key acting on a child org (Voxanne-Org) checks the parent link
  { file: 'packages/core/src/modules/auth/repo.ts', table: 'memberships' }, // sign-in lists the memberships a session can act in
  { file: 'packages/core/src/modules/auth/repo.ts', table: 'orgs' }, // a session's memberships join their orgs
  { file: 'packages/core/src/modules/auth/service.ts', table: 'orgs' }, // sign-up creates the org with its first user
  { file: 'packages/core/src/modules/auth/service.ts', table: 'memberships' }, // sign-up creates the first membership; sign-in reads them
  { file: 'packages/core/src/modules/bookings/calendar-events.ts', table: 'services' }, // a booking reads its service (duration, name) inside its transaction
  { file: 'packages/core/src/modules/bookings/calendar-events.ts', table: 'calendar_connections' }, // sync-now checks the org has a calendar connection
  { file: 'packages/core/src/modules/bookings/repo.ts', table: 'locations' }, // booking rows join their location (timezone, name)
  { file: 'packages/core/src/modules/bookings/service.ts', table: 'resources' }, // a booking locks its resource inside its transaction
  { file: 'packages/core/src/modules/bookings/service.ts', table: 'services' }, // a booking reads its service (duration, name) inside its transaction
  { file: 'packages/core/src/modules/calls/analysis.ts', table: 'orgs' }, // post-call analysis names the clinic
  { file: 'packages/core/src/modules/calls/analysis.ts', table: 'services' }, // post-call analysis offers the clinic's services
  { file: 'packages/core/src/modules/calls/analysis.ts', table: 'contacts' }, // calls link and update the caller's contact
  { file: 'packages/core/src/modules/calls/assistant-request.ts', table: 'phone_numbers' }, // call rows and assistant lookup resolve the dialled number
  { file: 'packages/core/src/modules/calls/assistant-request.ts', table: 'agents' }, // call rows and tool calls read the agent answering
  { file: 'packages/core/src/modules/calls/assistant-request.ts', table: 'agent_revisions' }, // assistant lookup and tool calls read the published revision
  { file: 'packages/core/src/modules/calls/call-rows.ts', table: 'agents' }, // call rows and tool calls read the agent answering
  { file: 'packages/core/src/modules/calls/call-rows.ts', table: 'contacts' }, // calls link and update the caller's contact
  { file: 'packages/core/src/modules/calls/call-rows.ts', table: 'phone_numbers' }, // call rows and assistant lookup resolve the dialled number
  { file: 'packages/core/src/modules/calls/ingest-report.ts', table: 'contacts' }, // calls link and update the caller's contact
  { file: 'packages/core/src/modules/calls/tool-calls.ts', table: 'agent_revisions' }, // assistant lookup and tool calls read the published revision
  { file: 'packages/core/src/modules/calls/tool-calls.ts', table: 'agents' }, // call rows and tool calls read the agent answering
  { file: 'packages/core/src/modules/contacts/service.ts', table: 'dnc_entries' }, // consent changes update the do-not-call list
  { file: 'packages/core/src/modules/locations/service.ts', table: 'services' }, // a location with services cannot be archived
  { file: 'packages/core/src/modules/locations/service.ts', table: 'resources' }, // a location with resources cannot be archived
  { file: 'packages/core/src/modules/members/access.ts', table: 'orgs' }, // access to an org may come through its agency parent
  { file: 'packages/core/src/modules/members/service.ts', table: 'users' }, // members and invites join the users table
  { file: 'packages/core/src/modules/members/service.ts', table: 'orgs' }, // an agency's child orgs
  { file: 'packages/core/src/modules/outbound/call-window.ts', table: 'contacts' }, // the contact's own time zone for quiet hours
  { file: 'packages/core/src/modules/outbound/calls.ts', table: 'calls' }, // outbound calls create and read the call rows they dial
  { file: 'packages/core/src/modules/outbound/calls.ts', table: 'call_events' }, // outbound calls write their call events
  { file: 'packages/core/src/modules/outbound/campaign-tick.ts', table: 'calls' }, // outbound calls create and read the call rows they dial
  { file: 'packages/core/src/modules/outbound/campaigns.ts', table: 'contacts' }, // outbound reads the contacts it calls
  { file: 'packages/core/src/modules/outbound/campaigns.ts', table: 'calls' }, // outbound calls create and read the call rows they dial
  { file: 'packages/core/src/modules/outbound/campaigns.ts', table: 'call_events' }, // outbound calls write their call events
  { file: 'packages/core/src/modules/outbound/concurrency.ts', table: 'calls' }, // outbound calls create and read the call rows they dial
  { file: 'packages/core/src/modules/outbound/dial.ts', table: 'calls' }, // outbound calls create and read the call rows they dial
  { file: 'packages/core/src/modules/outbound/dial.ts', table: 'call_events' }, // outbound calls write their call events
  { file: 'packages/core/src/modules/outbound/eligibility.ts', table: 'contacts' }, // consent of the contact before dialling
  { file: 'packages/core/src/modules/outbound/line.ts', table: 'agents' }, // the outbound line reads the agent
  { file: 'packages/core/src/modules/outbound/line.ts', table: 'phone_numbers' }, // the outbound line picks the caller id
  { file: 'packages/core/src/modules/outbound/outbound-call.ts', table: 'calls' }, // outbound calls create and read the call rows they dial
  { file: 'packages/core/src/modules/outbound/outbound-call.ts', table: 'call_events' }, // outbound calls write their call events
  { file: 'packages/core/src/modules/outbound/outbound-call.ts', table: 'contacts' }, // outbound reads the contacts it calls
  { file: 'packages/core/src/modules/outbound/recovery.ts', table: 'calls' }, // outbound calls create and read the call rows they dial
  { file: 'packages/core/src/modules/resources/service.ts', table: 'bookings' }, // a resource with upcoming bookings cannot be archived
  { file: 'packages/core/src/modules/resources/service.ts', table: 'service_resources' }, // resources link to services
  { file: 'packages/core/src/modules/resources/service.ts', table: 'locations' }, // a resource is looked up with its location
  { file: 'packages/core/src/modules/services/service.ts', table: 'resources' }, // a service checks the resources it links
  { file: 'packages/core/src/modules/sms/service.ts', table: 'phone_numbers' }, // SMS picks the sending number
  { file: 'packages/core/src/modules/sms/service.ts', table: 'bookings' }, // booking messages read the booking and its location
  { file: 'packages/core/src/modules/sms/service.ts', table: 'locations' }, // booking messages name the location
  { file: 'packages/core/src/modules/sms/service.ts', table: 'services' }, // booking messages name the service
];

// Imports that may still bypass a module's front door: { file, import: '<module>/<path>' }. Empty: every
// cross-module import goes through index.ts. Add an entry only with a reason and a plan to remove it.
export const FRONT_DOOR_EXCEPTIONS = [];
