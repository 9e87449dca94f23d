export { createGoogleCalendar, googleCalendarClient, GOOGLE_ROOT_URL, GOOGLE_TOKEN_URL, type GoogleCalendarSettings } from './calendar.ts';
export { createGoogleOAuth, GOOGLE_AUTH_BASE_URL, GOOGLE_CALENDAR_SCOPES, type GoogleOAuthSettings } from './oauth.ts';
export { googleEventIdForBooking, toCalendarEvent, toGoogleEvent, toGooglePatch } from './events.ts';
export { verifyGooglePush } from './push.ts';
export { mapGoogleError, GOOGLE_CALENDAR } from './errors.ts';
