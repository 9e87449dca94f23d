/**
 * The Google connect flow (CalendarOAuth) with google-auth-library's OAuth2Client: consent URL with
 * offline access, then the code exchange that yields the refresh token core stores encrypted.
 */
import { OAuth2Client } from 'google-auth-library';
import { ConnectorError, type CalendarOAuth, type OAuthTokens } from '@voxanne/connector-kit';
import { GOOGLE_ROOT_URL, GOOGLE_TOKEN_URL, googleCalendarClient } from './calendar.ts';
import { GOOGLE_CALENDAR, mapGoogleError } from './errors.ts';
import { createTransport } from './transport.ts';

export interface GoogleOAuthSettings {
  clientId: string;
  clientSecret: string;
  /** Default https://accounts.google.com/o/oauth2/v2/auth. */
  authBaseUrl?: string;
  /** Default https://oauth2.googleapis.com/token. */
  tokenUrl?: string;
  /** Calendar API root, used once after the exchange to read the account's primary calendar id. */
  rootUrl?: string;
  timeoutMs?: number;
}

export const GOOGLE_AUTH_BASE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
/** Full read/write: freeBusy, event insert/patch/delete, events.watch. (calendar.events lacks freeBusy.) */
export const GOOGLE_CALENDAR_SCOPES = ['https://www.googleapis.com/auth/calendar'];

export function createGoogleOAuth(settings: GoogleOAuthSettings): CalendarOAuth {
  const timeout = settings.timeoutMs ?? 15_000;
  const client = (redirectUri?: string) =>
    new OAuth2Client({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      ...(redirectUri ? { redirectUri } : {}),
      endpoints: { oauth2TokenUrl: settings.tokenUrl ?? GOOGLE_TOKEN_URL, oauth2AuthBaseUrl: settings.authBaseUrl ?? GOOGLE_AUTH_BASE_URL },
      transporter: createTransport(timeout),
    });

  /** The primary calendar's id is the account's email; reading it needs only the calendar scope. */
  const accountEmail = async (accessToken: string): Promise<string | undefined> => {
    const c = client();
    c.setCredentials({ access_token: accessToken });
    try {
      const { data } = await googleCalendarClient(c, settings.rootUrl ?? GOOGLE_ROOT_URL).calendars.get({ calendarId: 'primary' }, { retry: false, timeout });
      return data.id?.includes('@') ? data.id : undefined;
    } catch {
      // Cosmetic only ("Connected as ..."); never fail a successful connect over it.
      return undefined;
    }
  };

  return {
    authorizeUrl({ state, redirectUri, loginHint }) {
      return client(redirectUri).generateAuthUrl({
        access_type: 'offline',
        // Forces the consent screen so Google issues a refresh token even on a reconnect.
        prompt: 'consent',
        scope: GOOGLE_CALENDAR_SCOPES,
        include_granted_scopes: true,
        state,
        ...(loginHint ? { login_hint: loginHint } : {}),
      });
    },

    async exchangeCode(code, redirectUri): Promise<OAuthTokens> {
      let tokens;
      try {
        ({ tokens } = await client(redirectUri).getToken({ code, redirect_uri: redirectUri }));
      } catch (e) {
        throw mapGoogleError(e, 'exchange authorization code');
      }
      if (!tokens.refresh_token || !tokens.access_token) {
        throw new ConnectorError({
          connector: GOOGLE_CALENDAR,
          code: 'invalid_response',
          message: 'google-calendar: Google returned no refresh token (was access_type=offline with prompt=consent used?)',
        });
      }
      const email = await accountEmail(tokens.access_token);
      return {
        refreshToken: tokens.refresh_token,
        accessToken: tokens.access_token,
        expiresAt: new Date(tokens.expiry_date ?? Date.now() + 3600_000).toISOString(),
        ...(email ? { email } : {}),
      };
    },
  };
}
