import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { recentLocalEmails } from '../../src/modules/dev-mail/repo.ts';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
}

export interface Credentials {
  apiKey?: string;
  cookie?: string;
  csrf?: string;
  org?: string;
}

/** A thin fetch wrapper for tests: JSON in, parsed JSON out, credentials attached. */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; creds?: Credentials; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] ??= 'application/json';
  if (opts.creds?.apiKey) headers.authorization = `Bearer ${opts.creds.apiKey}`;
  if (opts.creds?.cookie) headers.cookie = opts.creds.cookie;
  if (opts.creds?.csrf) headers['x-csrf-token'] = opts.creds.csrf;
  if (opts.creds?.org) headers['voxanne-org'] = opts.creds.org;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // leave as text
  }
  return { status: res.status, headers: res.headers, body, contentType: res.headers.get('content-type') ?? '' };
}

export function sessionFrom(res: Reply): Credentials {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { cookie: cookies.join('; '), csrf: res.body.csrf_token };
}

export const uniqueEmail = (tag = 'user') => `${tag}.${randomBytes(5).toString('hex')}@clinic.example`;
export const PASSWORD = 'correct horse battery staple';

export interface Tenant {
  orgId: string;
  userId: string;
  session: Credentials;
  adminKey: string;
  email: string;
}

/**
 * Where a test signs up: a base URL, or a running test server. Production servers do not serve the dev
 * mailbox, so for those the helpers read the local outbox through the server's own database handle.
 */
export type SignupTarget =
  | string
  | { url: string; platform: { knex: Knex }; config: { email: { devMailbox: boolean } } }
  /** A server in another process (the benchmarks), with a handle on its database. */
  | { url: string; knex: Knex };

export const baseOf = (target: SignupTarget): string => (typeof target === 'string' ? target : target.url);

async function mailedTexts(target: SignupTarget, email: string): Promise<string[]> {
  const outbox = typeof target === 'string' ? undefined : 'knex' in target ? target.knex : target.config.email.devMailbox ? undefined : target.platform.knex;
  if (outbox) return (await recentLocalEmails(outbox, email)).map((m) => m.text_body);
  const mail = await call(baseOf(target), 'GET', `/v1/dev/emails?to=${encodeURIComponent(email)}`);
  if (mail.status !== 200) throw new Error(`dev mailbox failed: ${mail.status} ${JSON.stringify(mail.body)}`);
  return (mail.body.data as { text: string }[]).map((m) => m.text);
}

/**
 * The token of the newest verification link mailed to `email`, read from the local outbox
 * (GET /v1/dev/emails; test servers run with the local email connector).
 */
export async function signupToken(target: SignupTarget, email: string): Promise<string> {
  for (const text of await mailedTexts(target, email)) {
    const token = text.match(/\/signup\/verify\?token=([A-Za-z0-9_%-]+)/)?.[1];
    if (token) return decodeURIComponent(token);
  }
  throw new Error(`no verification email for ${email}`);
}

/** Signs up through the emailed link, as a person would: start, read the mail, verify. Returns the verify reply (201). */
export async function signUpVerified(target: SignupTarget, body: { email: string; password: string; name: string; org_name: string }): Promise<Reply> {
  const base = baseOf(target);
  const started = await call(base, 'POST', '/v1/signup', { body });
  if (started.status !== 202) throw new Error(`signup failed: ${started.status} ${JSON.stringify(started.body)}`);
  const verified = await call(base, 'POST', '/v1/signup/verify', { body: { token: await signupToken(target, body.email) } });
  if (verified.status !== 201) throw new Error(`signup verify failed: ${verified.status} ${JSON.stringify(verified.body)}`);
  return verified;
}

/** Signs up an org (through the emailed link) and gives it an admin-scoped API key. */
export async function createTenant(target: SignupTarget, name = 'Clinic'): Promise<Tenant> {
  const base = baseOf(target);
  const email = uniqueEmail(name.toLowerCase().replace(/\W/g, ''));
  const signup = await signUpVerified(target, { email, password: PASSWORD, name: `${name} Owner`, org_name: name });
  const session = sessionFrom(signup);
  const key = await call(base, 'POST', '/v1/api-keys', { body: { name: 'admin', scopes: ['admin'] }, creds: session });
  if (key.status !== 201) throw new Error(`key failed: ${key.status} ${JSON.stringify(key.body)}`);
  return { orgId: signup.body.org.id, userId: signup.body.user.id, session, adminKey: key.body.secret, email };
}

/**
 * A TOTP code for the next 30 s step. A code is accepted once (replay protection), so a sign-in right after
 * enrolling must not reuse the step the enrollment code used.
 */
export async function nextTotp(secret: string): Promise<string> {
  const { generate } = await import('otplib');
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}
