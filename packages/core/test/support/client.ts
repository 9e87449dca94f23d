import { randomBytes } from 'node:crypto';

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

/** Signs up an org and gives it an admin-scoped API key. */
export async function createTenant(base: string, name = 'Clinic'): Promise<Tenant> {
  const email = uniqueEmail(name.toLowerCase().replace(/\W/g, ''));
  const signup = await call(base, 'POST', '/v1/signup', { body: { email, password: PASSWORD, name: `${name} Owner`, org_name: name } });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
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
