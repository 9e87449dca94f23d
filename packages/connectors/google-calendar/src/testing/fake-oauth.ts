/**
 * Google's OAuth endpoints for the fake: the consent screen (auto-approved, redirecting back with a
 * code like accounts.google.com does) and the token endpoint's refresh_token and authorization_code
 * grants, with Google's OAuth error bodies (`{ error, error_description }`).
 */
import { randomBytes } from 'node:crypto';
import type { FakeReply, FakeRequest, FakeServer } from '@voxanne/connector-kit/testing';

export interface OAuthState {
  clientId: string;
  clientSecret: string;
  email: string;
  refreshTokens: Set<string>;
  /** access token -> the refresh token it came from and its expiry (ms epoch) */
  accessTokens: Map<string, { refreshToken: string; expiresAt: number }>;
  /** one-time authorization codes -> the redirect URI they were issued for */
  codes: Map<string, { redirectUri: string }>;
}

export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
const ACCESS_TOKEN_SECONDS = 3599;

const oauthError = (status: number, error: string, description: string): FakeReply => ({ status, json: { error, error_description: description } });

/** client_secret_post (what google-auth-library sends) or client_secret_basic. */
function clientCredentials(req: FakeRequest, form: URLSearchParams): { id: string; secret: string } {
  const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
  if (basic) {
    const [id = '', secret = ''] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    return { id, secret };
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
}

export function registerOAuthRoutes(http: FakeServer, s: OAuthState): void {
  const issueAccess = (refreshToken: string) => {
    const token = `ya29.${randomBytes(18).toString('base64url')}`;
    s.accessTokens.set(token, { refreshToken, expiresAt: Date.now() + ACCESS_TOKEN_SECONDS * 1000 });
    return token;
  };

  http.route('GET', '/o/oauth2/v2/auth', (req) => {
    const q = req.query;
    if (q.get('client_id') !== s.clientId) return { status: 400, body: 'Error 401: invalid_client' };
    if (q.get('response_type') !== 'code') return { status: 400, body: 'Error 400: unsupported_response_type' };
    const redirectUri = q.get('redirect_uri');
    if (!redirectUri) return { status: 400, body: 'Error 400: redirect_uri_mismatch' };
    const code = `4/${randomBytes(16).toString('base64url')}`;
    s.codes.set(code, { redirectUri });
    const target = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) target.searchParams.set('state', state);
    target.searchParams.set('code', code);
    target.searchParams.set('scope', q.get('scope') ?? '');
    return { status: 302, headers: { location: target.toString() } };
  });

  http.route('POST', '/token', (req) => {
    const form = new URLSearchParams(req.rawBody);
    const client = clientCredentials(req, form);
    if (client.id !== s.clientId || client.secret !== s.clientSecret) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      if (!s.refreshTokens.has(rt)) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      return { json: { access_token: issueAccess(rt), expires_in: ACCESS_TOKEN_SECONDS, scope: CALENDAR_SCOPE, token_type: 'Bearer' } };
    }
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const issued = s.codes.get(code);
      if (!issued) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
      s.codes.delete(code); // one-time use
      if (issued.redirectUri !== form.get('redirect_uri')) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
      const refreshToken = `1//${randomBytes(20).toString('base64url')}`;
      s.refreshTokens.add(refreshToken);
      return {
        json: { access_token: issueAccess(refreshToken), expires_in: ACCESS_TOKEN_SECONDS, refresh_token: refreshToken, scope: CALENDAR_SCOPE, token_type: 'Bearer' },
      };
    }
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
  });
}
