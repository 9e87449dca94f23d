import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTenant, startTestServer, type TestServer } from '@voxanne/core/testing';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  ValidationError,
  Voxanne,
  type ApiKeyWithSecret,
  type AuthResult,
  type Org,
} from '@voxanne/sdk';

/**
 * An agency's day through the SDK against the full API (real PostgreSQL with RLS, Redis): sign up, create
 * clinics, act on each one with `Voxanne-Org`, page through lists, retry a POST safely, and get typed errors.
 */

let server: TestServer;
let signup: AuthResult;
let agencyKey: ApiKeyWithSecret;
let agency: Voxanne;
let clinics: Org[];
const clinicKeys = new Map<string, ApiKeyWithSecret>();

beforeAll(async () => {
  server = await startTestServer();

  // The agency signs up with the SDK, as a developer's onboarding script would: start, take the link from the
  // mail (the local outbox here), verify. Node's fetch keeps no cookies, so the session cookie from the verify
  // response is handed on as a header; the SDK adds the CSRF token.
  const anonymous = new Voxanne({ baseUrl: server.url });
  const pending = await anonymous.auth.signup({
    email: `ops.${randomUUID().slice(0, 8)}@smile-agency.example`,
    password: 'correct horse battery staple',
    name: 'Ada Agency',
    org_name: 'Smile Agency',
  });
  const [mail] = (await anonymous.auth.devEmails({ to: pending.email })).data;
  const token = new URL(mail!.text.match(/https?:\/\/\S+/)![0]).searchParams.get('token')!;
  const { data, response } = await anonymous.auth.verifySignup({ token }).withResponse();
  signup = data;
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const dashboard = new Voxanne({ baseUrl: server.url, headers: { cookie }, csrfToken: signup.csrf_token });
  agencyKey = await dashboard.apiKeys.create({ name: 'agency automation', scopes: ['admin'] });
  agency = new Voxanne({ baseUrl: server.url, apiKey: agencyKey.secret });
});

afterAll(async () => {
  await server?.close();
});

describe('an agency with two clinics', () => {
  it('signs up as a top-level agency org', async () => {
    expect(await agency.orgs.retrieve()).toMatchObject({ id: signup.org.id, kind: 'agency', parent_id: null, name: 'Smile Agency' });
  });

  it('creates two child clinics', async () => {
    clinics = [await agency.orgs.createChild({ name: 'Bright Smiles Dental' }), await agency.orgs.createChild({ name: 'Glow Med Spa' })];
    for (const clinic of clinics) expect(clinic).toMatchObject({ object: 'org', kind: 'clinic', parent_id: signup.org.id });
    expect(clinics[0]!.id).not.toBe(clinics[1]!.id);
  });

  it('issues a key inside each clinic and acts on each clinic through Voxanne-Org', async () => {
    for (const clinic of clinics) {
      const scoped = agency.withOrg(clinic.id);
      expect(scoped.org).toBe(clinic.id);
      expect(await scoped.orgs.retrieve()).toMatchObject({ id: clinic.id, name: clinic.name });

      const key = await scoped.apiKeys.create({ name: `${clinic.name} front desk`, scopes: ['write'] });
      clinicKeys.set(clinic.id, key);
      expect(await scoped.apiKeys.retrieve(key.id)).toMatchObject({ id: key.id, name: `${clinic.name} front desk` });

      // The constructor option and the per-call option do the same as withOrg().
      const pinned = new Voxanne({ baseUrl: server.url, apiKey: agencyKey.secret, org: clinic.id });
      expect((await pinned.orgs.retrieve()).id).toBe(clinic.id);
      expect((await agency.orgs.retrieve({ org: clinic.id })).id).toBe(clinic.id);

      // The clinic's own key sees the clinic as its org.
      expect((await new Voxanne({ baseUrl: server.url, apiKey: key.secret }).orgs.retrieve()).id).toBe(clinic.id);
    }
    // withOrg() returned copies; the agency client still acts on the agency.
    expect((await agency.orgs.retrieve()).id).toBe(signup.org.id);
  });

  it("keeps each clinic's keys inside that clinic", async () => {
    const [a, b] = clinics as [Org, Org];
    const keyA = clinicKeys.get(a.id)!;
    const agencyOwn: string[] = [];
    for await (const key of agency.apiKeys.list()) agencyOwn.push(key.id);
    expect(agencyOwn).toEqual([agencyKey.id]);
    await expect(agency.apiKeys.retrieve(keyA.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(agency.withOrg(b.id).apiKeys.retrieve(keyA.id)).rejects.toBeInstanceOf(NotFoundError);
    // A clinic key cannot reach its sibling, nor create clinics of its own.
    const clinicA = new Voxanne({ baseUrl: server.url, apiKey: keyA.secret });
    await expect(clinicA.withOrg(b.id).orgs.retrieve()).rejects.toBeInstanceOf(NotFoundError);
    await expect(agency.withOrg(a.id).orgs.createChild({ name: 'Nested' })).rejects.toMatchObject({ status: 409, code: 'org_nesting_not_supported' });
  });
});

describe('pagination', () => {
  it('walks child orgs across more than two pages', async () => {
    for (const name of ['Clear Skin Dermatology', 'Downtown Dental', 'Radiance Aesthetics']) await agency.orgs.createChild({ name });

    const pages: string[][] = [];
    for await (const page of agency.orgs.listChildren({ limit: 2 }).pages()) {
      expect(page.data.length).toBeLessThanOrEqual(2);
      expect(page.has_more).toBe(page.next_cursor !== null);
      pages.push(page.data.map((o) => o.id));
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const walked = pages.flat();
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked.length).toBe(5);
    expect(walked).toEqual(expect.arrayContaining(clinics.map((c) => c.id)));

    // Item iteration yields the same ids in the same (newest first) order.
    const items: string[] = [];
    for await (const org of agency.orgs.listChildren({ limit: 2 })) items.push(org.id);
    expect(items).toEqual(walked);
    expect([...items].sort().reverse()).toEqual(items);
  });

  it("walks a clinic's API keys two at a time, and resumes from a cursor", async () => {
    const clinic = agency.withOrg(clinics[0]!.id);
    for (let i = 1; i <= 4; i++) await clinic.apiKeys.create({ name: `tablet ${i}`, scopes: ['read'] });

    const first = await clinic.apiKeys.list({ limit: 2 }).firstPage();
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const rest: string[] = [];
    for await (const key of clinic.apiKeys.list({ limit: 2, cursor: first.next_cursor! })) rest.push(key.id);
    expect(rest).toHaveLength(3);
    const all = [...first.data.map((k) => k.id), ...rest];
    expect(new Set(all).size).toBe(5);
    expect(all).toContain(clinicKeys.get(clinics[0]!.id)!.id);
  });
});

describe('idempotency', () => {
  it('answers a repeated POST with the first response, marked Idempotent-Replayed', async () => {
    const idempotencyKey = randomUUID();
    const first = await agency.orgs.createChild({ name: 'Replay Dental' }, { idempotencyKey }).withResponse();
    const again = await agency.orgs.createChild({ name: 'Replay Dental' }, { idempotencyKey }).withResponse();

    expect(first.response.status).toBe(201);
    expect(first.response.headers.get('Idempotent-Replayed')).toBeNull();
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.data).toEqual(first.data);

    const named: string[] = [];
    for await (const org of agency.orgs.listChildren({ limit: 100 })) if (org.name === 'Replay Dental') named.push(org.id);
    expect(named).toEqual([first.data.id]);
  });

  it('refuses the same key with a different body', async () => {
    const idempotencyKey = randomUUID();
    await agency.orgs.createChild({ name: 'Keyed Clinic' }, { idempotencyKey });
    const err = await agency.orgs.createChild({ name: 'Another Clinic' }, { idempotencyKey }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
  });

  it('sends a fresh key per call, so two identical calls without one create two resources', async () => {
    const a = await agency.orgs.createChild({ name: 'Twin Clinic' });
    const b = await agency.orgs.createChild({ name: 'Twin Clinic' });
    expect(a.id).not.toBe(b.id);
  });
});

describe('typed errors', () => {
  it('throws ValidationError (validation_failed) with per-field errors for bad input', async () => {
    for (const attempt of [
      () => agency.orgs.createChild({ name: '' }),
      () => agency.withOrg(clinics[0]!.id).apiKeys.create({ name: 'no scopes', scopes: [] }),
      () => agency.orgs.listChildren({ limit: 1000 }).firstPage(),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).toMatchObject({ status: 400, code: 'validation_failed' });
      expect((err as ValidationError).errors.length).toBeGreaterThan(0);
      expect((err as ValidationError).requestId).toMatch(/^req_/);
    }
  });

  it("throws NotFoundError (404) for another agency's org and clinics", async () => {
    const rival = await createTenant(server.url, 'Rival Agency');
    const rivalClinic = await new Voxanne({ baseUrl: server.url, apiKey: rival.adminKey }).orgs.createChild({ name: 'Rival Clinic' });
    for (const foreign of [rival.orgId, rivalClinic.id]) {
      const err = await agency.withOrg(foreign).orgs.retrieve().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({ status: 404, code: 'not_found' });
      await expect(agency.withOrg(foreign).apiKeys.create({ name: 'intrusion', scopes: ['admin'] })).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('throws AuthenticationError for a bad key and PermissionError for a key without the scope', async () => {
    const err = await new Voxanne({ baseUrl: server.url, apiKey: 'vox_live_not_a_real_key' }).orgs.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401 });

    const reader = await agency.apiKeys.create({ name: 'read only', scopes: ['read'] });
    const denied = await new Voxanne({ baseUrl: server.url, apiKey: reader.secret }).apiKeys.list().firstPage().catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionError);
    expect(denied).toMatchObject({ status: 403, code: 'insufficient_scope' });
  });
});
