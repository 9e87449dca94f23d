/** The connect flow end to end against the fake: consent redirect, code exchange, then a working connector. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '@voxanne/connector-kit';
import { createGoogleCalendar, createGoogleOAuth } from '../src/index.ts';
import { CALENDAR_SCOPE, startFakeGoogle, type FakeGoogle } from '../src/testing/index.ts';

let fake: FakeGoogle;
const redirectUri = 'https://app.voxanne.test/v1/integrations/google/callback';
const oauth = (over: Record<string, string> = {}) =>
  createGoogleOAuth({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    authBaseUrl: `${fake.url}/o/oauth2/v2/auth`,
    tokenUrl: `${fake.url}/token`,
    rootUrl: `${fake.url}/`,
    ...over,
  });

beforeAll(async () => {
  fake = await startFakeGoogle();
});
afterAll(() => fake.close());

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

describe('createGoogleOAuth', () => {
  it('builds an offline, forced-consent URL for the calendar scope', () => {
    const url = new URL(oauth().authorizeUrl({ state: 'st_123', redirectUri, loginHint: 'dr.lee@clinic.test' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: fake.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      scope: CALENDAR_SCOPE,
      state: 'st_123',
      login_hint: 'dr.lee@clinic.test',
    });
  });

  it('completes the flow: consent redirect -> code exchange -> a connector that works', async () => {
    const consent = await fetch(oauth().authorizeUrl({ state: 'st_abc', redirectUri }), { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('st_abc');

    const tokens = await oauth().exchangeCode(back.searchParams.get('code')!, redirectUri);
    expect(tokens).toEqual({ refreshToken: expect.stringMatching(/^1\/\//), accessToken: expect.stringMatching(/^ya29\./), expiresAt: expect.any(String), email: fake.email });
    expect(Date.parse(tokens.expiresAt)).toBeGreaterThan(Date.now());

    const cal = createGoogleCalendar({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      refreshToken: tokens.refreshToken,
      rootUrl: `${fake.url}/`,
      tokenUrl: `${fake.url}/token`,
    });
    expect(await cal.testConnection()).toEqual({ ok: true, detail: `Google Calendar connected as ${fake.email}` });
  });

  it('refuses a reused code and a mismatched redirect URI, not retryable', async () => {
    const code = fake.issueCode(redirectUri);
    await oauth().exchangeCode(code, redirectUri);
    expect(await rejection(oauth().exchangeCode(code, redirectUri))).toMatchObject({ code: 'unauthorized', vendorCode: 'invalid_grant', retryable: false });
    const other = fake.issueCode(redirectUri);
    expect(await rejection(oauth().exchangeCode(other, 'https://evil.test/cb'))).toMatchObject({
      code: 'invalid_request',
      vendorCode: 'redirect_uri_mismatch',
      retryable: false,
    });
  });

  it('refuses a wrong client secret as unauthorized', async () => {
    const err = await rejection(oauth({ clientSecret: 'wrong' }).exchangeCode(fake.issueCode(redirectUri), redirectUri));
    expect(err).toMatchObject({ code: 'unauthorized', vendorCode: 'invalid_client' });
  });

  it('fails clearly when Google returns no refresh token', async () => {
    // A canned 200 from the token endpoint without refresh_token (what Google does without prompt=consent).
    fake.failNext(200, 1, { access_token: 'ya29.x', expires_in: 3599, token_type: 'Bearer', scope: CALENDAR_SCOPE });
    expect(await rejection(oauth().exchangeCode(fake.issueCode(redirectUri), redirectUri))).toMatchObject({ code: 'invalid_response' });
  });
});
