/**
 * The one quiet-hours rule of outbound calls, for a single call and a campaign's calls alike. The window
 * is the campaign's (which defaults to the org's) or, for a single call, the org's call settings; it is
 * read on the patient's wall clock: the contact's own zone, else the campaign's default zone or, for a
 * single call, the agent's (the clinic it speaks for). Asked when a call is requested and again by the
 * dial job, so quiet hours that begin while a call waits still hold.
 */
import type { Tx } from '../../platform/db/tenancy.ts';
import { isValidTimezone } from '../scheduling/index.ts';
import { loadCallSettings } from '../call-settings/index.ts';
import { nextCallableInstant, type QuietWindow } from './quiet-hours.ts';

export interface CallWindow {
  zone: string;
  quiet: QuietWindow;
}

export const zoneFor = (contactZone: string | null | undefined, fallback: string): string =>
  contactZone && isValidTimezone(contactZone) ? contactZone : fallback;

/** `ms` when calling is allowed then, else the first instant after quiet hours. */
export const callableFrom = (ms: number, w: CallWindow): number => nextCallableInstant(ms, w.zone, w.quiet);

export async function singleCallWindow(tx: Tx, orgId: string, contactId: string | null, agentZone: string): Promise<CallWindow> {
  const { quietHours } = await loadCallSettings(tx, orgId);
  const contact: { timezone: string | null } | undefined = contactId ? await tx('contacts').where({ id: contactId }).first('timezone') : undefined;
  return { zone: zoneFor(contact?.timezone, agentZone), quiet: quietHours };
}

/** A campaign's target carries its zone, settled when the campaign was created. */
export async function campaignCallWindow(tx: Tx, campaignId: string, contactId: string | null): Promise<CallWindow> {
  const c: { quiet_hours_start: string; quiet_hours_end: string; default_timezone: string } = await tx('campaigns')
    .where({ id: campaignId })
    .first('quiet_hours_start', 'quiet_hours_end', 'default_timezone');
  const t: { timezone: string } | undefined = contactId ? await tx('campaign_targets').where({ campaign_id: campaignId, contact_id: contactId }).first('timezone') : undefined;
  return { zone: zoneFor(t?.timezone, c.default_timezone), quiet: { start: c.quiet_hours_start, end: c.quiet_hours_end } };
}

export function callWindowOf(tx: Tx, orgId: string, call: { campaign_id: string | null; contact_id: string | null }, agentZone: string): Promise<CallWindow> {
  return call.campaign_id ? campaignCallWindow(tx, call.campaign_id, call.contact_id) : singleCallWindow(tx, orgId, call.contact_id, agentZone);
}
