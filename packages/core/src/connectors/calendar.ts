/**
 * The org's Google Calendar connector (built from its encrypted refresh token) and the OAuth client.
 * The only place in core that constructs a calendar connector.
 */
import { withResilience, type CalendarConnector, type CalendarOAuth } from '@voxanne/connector-kit';
import { createGoogleCalendar, createGoogleOAuth } from '@voxanne/connector-google-calendar';
import type { Deps } from '../platform/deps.ts';
import { ApiError } from '../platform/errors.ts';
import { inScope } from '../platform/db/tenancy.ts';
import { refuseRealVendorInTestMode } from './registry.ts';

/** Must match ENCRYPTED_COLUMNS, or key rotation cannot re-encrypt the token. Binds the token to its org. */
export const calendarTokenAad = (orgId: string) => `${orgId}:calendar:google_refresh_token`;

function credentials(deps: Deps): { clientId: string; clientSecret: string } {
  const g = deps.config.scheduling.google;
  if (!g.clientId || !g.clientSecret) {
    throw new ApiError(422, 'google_not_configured', 'Google Calendar is not configured on this server (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET).');
  }
  return { clientId: g.clientId, clientSecret: g.clientSecret };
}

export function googleOAuth(deps: Deps): CalendarOAuth {
  const g = deps.config.scheduling.google;
  return createGoogleOAuth({ ...credentials(deps), authBaseUrl: g.authBaseUrl, tokenUrl: g.tokenUrl, rootUrl: g.apiRootUrl, timeoutMs: deps.config.connectors.timeoutMs });
}

export const redirectUri = (deps: Deps) => `${deps.config.publicUrl}/v1/calendar/google/callback`;
export const pushAddress = (deps: Deps) => `${deps.config.publicUrl}/v1/calendar/google/webhook`;

/** The org's connector, or null when it has not connected Google (or the server has no Google client). */
export async function googleCalendarFor(deps: Deps, orgId: string): Promise<CalendarConnector | null> {
  refuseRealVendorInTestMode('google-calendar');
  const g = deps.config.scheduling.google;
  if (!g.clientId || !g.clientSecret) return null;
  const conn = await inScope(deps.knex, { orgId }, (tx) => tx('calendar_connections').first('refresh_token_enc'));
  if (!conn) return null;
  const refreshToken = deps.keyring.decrypt(conn.refresh_token_enc, calendarTokenAad(orgId));
  const raw = createGoogleCalendar({ clientId: g.clientId, clientSecret: g.clientSecret, refreshToken, rootUrl: g.apiRootUrl, tokenUrl: g.tokenUrl, timeoutMs: deps.config.connectors.timeoutMs });
  return withResilience(raw, deps.connectors.breakers.for(orgId, 'google-calendar'), ['freeBusy', 'insertEvent', 'patchEvent', 'deleteEvent', 'watch', 'stopChannel', 'listChanges']);
}
