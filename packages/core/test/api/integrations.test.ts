import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTenant, PASSWORD, uniqueEmail, type Tenant } from '../support/index.ts';
import { inScope } from '../../src/platform/db/tenancy.ts';
import { generateKeySpec, loadKeyring, reencryptAll } from '../../src/platform/crypto/index.ts';
import { ENCRYPTED_COLUMNS } from '../../src/app/encrypted-columns.ts';
import { orgWebhookSecret } from '../../src/connectors/webhook-secret.ts';
import { signWebhook } from '@voxanne/connector-kit/testing';
import { agentBody, bearerRequests, publishAndWait, startVoiceWorld, WEBHOOK_SECRET, type VoiceWorld } from './voice.helpers.ts';

let world: VoiceWorld;
let base: string;

beforeAll(async () => {
  world = await startVoiceWorld();
  base = world.server.url;
});
afterAll(async () => {
  await world?.close();
});

const put = (t: Tenant, provider: string, body: unknown) => call(base, 'PUT', `/v1/integrations/${provider}`, { body, creds: { apiKey: t.adminKey } });
const test = (t: Tenant, provider: string) => call(base, 'POST', `/v1/integrations/${provider}/test`, { creds: { apiKey: t.adminKey } });

describe('storing credentials', () => {
  it('stores a key encrypted, bound to the org, and never returns it', async () => {
    const t = await createTenant(base, 'Secret Keeper');
    const key = world.vapi.apiKey;
    const created = await put(t, 'vapi', { api_key: key });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'integration', provider: 'vapi', last4: key.slice(-4), server_credential_id: expect.any(String), webhook_secret_set: false, last_test: null });
    for (const res of [created, await call(base, 'GET', '/v1/integrations', { creds: { apiKey: t.adminKey } }), await call(base, 'GET', '/v1/integrations/vapi', { creds: { apiKey: t.adminKey } })]) {
      expect(res.status).toBeLessThan(300);
      expect(JSON.stringify(res.body)).not.toContain(key);
    }

    const owner = await world.server.platform.db.owner();
    const { rows } = await owner.raw('select secrets_enc, org_id from integrations where id = ?', [created.body.id]);
    expect(rows[0].org_id).toBe(t.orgId);
    expect(rows[0].secrets_enc).toMatch(/^v1\.test1\./);
    expect(rows[0].secrets_enc).not.toContain(key);
    // Bound to org and provider: read back under another org's AAD, the ciphertext does not decrypt.
    expect(() => world.server.platform.keyring.decrypt(rows[0].secrets_enc, `org_01J00000000000000000000000:integration:vapi`)).toThrow();
    expect(world.server.platform.keyring.decrypt(rows[0].secrets_enc, `${t.orgId}:integration:vapi`)).toContain(key);
  });

  it('replaces credentials as a whole and audits every change', async () => {
    const t = await createTenant(base, 'Rotator');
    expect((await put(t, 'elevenlabs', { api_key: 'xi-first-key-aaaa' })).status).toBe(201);
    const replaced = await put(t, 'elevenlabs', { api_key: 'xi-second-key-bbbb' });
    expect(replaced.status).toBe(200);
    expect(replaced.body.last4).toBe('bbbb');
    expect((await call(base, 'DELETE', '/v1/integrations/elevenlabs', { creds: { apiKey: t.adminKey } })).status).toBe(204);
    expect((await call(base, 'GET', '/v1/integrations/elevenlabs', { creds: { apiKey: t.adminKey } })).status).toBe(404);
    const audit = await call(base, 'GET', '/v1/audit-events?action=integration.', { creds: { apiKey: t.adminKey } });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['integration.deleted', 'integration.updated', 'integration.created']);
    expect(JSON.stringify(audit.body)).not.toContain('xi-second-key');
  });

  it('refuses fields that do not belong to the provider, and writes nothing', async () => {
    const t = await createTenant(base, 'Picky');
    const cases: [string, unknown][] = [
      ['vapi', { api_key: 'vapi-key-xxxx', account_sid: `AC${'0'.repeat(32)}` }],
      ['twilio', { account_sid: `AC${'0'.repeat(32)}` }],
      ['openai', { webhook_secret: 'a-long-webhook-secret-value' }],
      ['twilio', { account_sid: 'not-a-sid', auth_token: 'tok-12345678' }],
      ['nope', { api_key: 'whatever-key' }],
    ];
    for (const [provider, body] of cases) {
      const res = await put(t, provider, body);
      expect(res.status, `${provider} ${JSON.stringify(body)}`).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await call(base, 'GET', '/v1/integrations', { creds: { apiKey: t.adminKey } })).body.data).toEqual([]);
  });
});

describe('test connection', () => {
  it("makes a real call with each org's own key", async () => {
    const a = await createTenant(base, 'Org With Good Key');
    const b = await createTenant(base, 'Org With Other Key');
    const keyA = world.vapi.apiKey;
    const keyB = 'vapi-key-org-b-9999';
    await put(a, 'vapi', { api_key: keyA });
    // B's key works when it is saved (Vapi accepts it for the webhook credential), then is revoked at Vapi.
    world.vapi.addApiKey(keyB);
    expect((await put(b, 'vapi', { api_key: keyB })).status).toBe(201);
    world.vapi.revokeApiKey(keyB);

    const okA = await test(a, 'vapi');
    expect(okA.status).toBe(200);
    expect(okA.body).toMatchObject({ object: 'integration_test', provider: 'vapi', ok: true });
    const refusedB = await test(b, 'vapi');
    expect(refusedB.status).toBe(200);
    expect(refusedB.body.ok).toBe(false);
    expect(refusedB.body.detail).toMatch(/unauthorized/);
    expect(refusedB.body.detail).not.toContain(keyB);

    // The vendor saw each org's own Bearer token, never the other's.
    expect(bearerRequests(world.vapi, keyA).length).toBeGreaterThanOrEqual(1);
    expect(bearerRequests(world.vapi, keyB).length).toBeGreaterThanOrEqual(1);
    const stored = await call(base, 'GET', '/v1/integrations/vapi', { creds: { apiKey: b.adminKey } });
    expect(stored.body.last_test).toMatchObject({ ok: false });
  });

  it('tests ElevenLabs and OpenAI keys against their APIs', async () => {
    const t = await createTenant(base, 'Tts Tester');
    await put(t, 'elevenlabs', { api_key: world.elevenlabs.apiKey });
    await put(t, 'openai', { api_key: world.openai.apiKey });
    expect((await test(t, 'elevenlabs')).body).toMatchObject({ ok: true });
    expect((await test(t, 'openai')).body).toMatchObject({ ok: true });
    expect(world.elevenlabs.http.requests.some((r) => r.headers['xi-api-key'] === world.elevenlabs.apiKey)).toBe(true);
  });

  // Twilio's test runs against the fake Twilio in scheduling-sms.test.ts.
  it('answers 404 without credentials', async () => {
    const t = await createTenant(base, 'Untested');
    expect((await test(t, 'openai')).status).toBe(404);
    expect((await test(t, 'twilio')).status).toBe(404);
  });

  it('reports a vendor outage as 502 vendor_unavailable, then 503 circuit_open, and the server stays up', async () => {
    const t = await createTenant(base, 'Outage Tester');
    await put(t, 'vapi', { api_key: world.vapi.apiKey });
    world.vapiSwitch.down = true;
    try {
      const first = await test(t, 'vapi');
      expect(first.status).toBe(502);
      expect(first.contentType).toContain('application/problem+json');
      expect(first.body).toMatchObject({ code: 'vendor_unavailable', connector: 'vapi' });
      // Retries count towards this org's breaker; once open, calls fail fast without reaching the vendor.
      const seen = [first.body.code];
      let open;
      for (let i = 0; i < 4 && !open; i++) {
        const res = await test(t, 'vapi');
        seen.push(res.body.code);
        if (res.status === 503) open = res;
      }
      expect(open, `codes seen: ${seen.join(', ')}`).toBeDefined();
      expect(open!.body.code).toBe('circuit_open');
      expect(Number(open!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await call(base, 'GET', '/health')).status).toBe(200);
      const stored = await call(base, 'GET', '/v1/integrations/vapi', { creds: { apiKey: t.adminKey } });
      expect(stored.body.last_test).toMatchObject({ ok: false });
    } finally {
      world.vapiSwitch.down = false;
    }
    // Another org's breaker never opened.
    const other = await createTenant(base, 'Unaffected');
    await put(other, 'vapi', { api_key: world.vapi.apiKey });
    expect((await test(other, 'vapi')).body.ok).toBe(true);
  });
});

describe('who may touch credentials', () => {
  it('needs the admin scope or role', async () => {
    const t = await createTenant(base, 'Guarded');
    const writeKey = (await call(base, 'POST', '/v1/api-keys', { body: { name: 'w', scopes: ['write'] }, creds: { apiKey: t.adminKey } })).body.secret;
    for (const [method, path, body] of [
      ['GET', '/v1/integrations', undefined],
      ['PUT', '/v1/integrations/openai', { api_key: 'sk-should-not-store' }],
      ['POST', '/v1/integrations/openai/test', undefined],
    ] as const) {
      const res = await call(base, method, path, { body, creds: { apiKey: writeKey } });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
    }
    // A member (not admin) of the org is refused too.
    const invite = await call(base, 'POST', '/v1/invites', { body: { email: uniqueEmail('member'), role: 'member' }, creds: { apiKey: t.adminKey } });
    const joined = await call(base, 'POST', '/v1/invites/accept', { body: { token: invite.body.token, name: 'Member', password: PASSWORD } });
    const cookie = joined.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await call(base, 'PUT', '/v1/integrations/openai', { body: { api_key: 'sk-member-attempt' }, creds: { cookie, csrf: joined.body.csrf_token } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect((await call(base, 'GET', '/v1/integrations', { creds: { apiKey: t.adminKey } })).body.data).toEqual([]);
  });
});

describe('voice webhook secrets', () => {
  it("verifies every voice message of an org with one secret: the org's own when stored, else one derived for it from the platform's", async () => {
    const connectors = world.server.platform.connectors;
    const rawBody = JSON.stringify({ message: { type: 'hang' } });
    const signed = (secret: string) => ({ rawBody, headers: signWebhook({ secret, rawBody }) });

    const plain = await createTenant(base, 'Platform Secret');
    const derived = orgWebhookSecret(WEBHOOK_SECRET, plain.orgId);
    expect(await connectors.webhookSecret(plain.orgId)).toBe(derived);
    const sim = await connectors.voice(plain.orgId, 'simulator');
    expect(sim.verifyWebhook(signed(derived))).toBe(true);
    // Never the shared platform secret itself, nor another org's: a message signed for one org fails on any other.
    expect(sim.verifyWebhook(signed(WEBHOOK_SECRET))).toBe(false);
    const other = await createTenant(base, 'Other Platform Secret');
    expect(sim.verifyWebhook(signed(await connectors.webhookSecret(other.orgId)))).toBe(false);
    expect(sim.verifyWebhook(signed('some-other-secret-value'))).toBe(false);

    const own = await createTenant(base, 'Own Secret');
    const secret = 'org-own-webhook-secret-0123456789';
    const stored = await put(own, 'vapi', { api_key: world.vapi.apiKey, webhook_secret: secret });
    expect(stored.body.webhook_secret_set).toBe(true);
    expect(JSON.stringify(stored.body)).not.toContain(secret);
    expect(await connectors.webhookSecret(own.orgId)).toBe(secret);
    // Both connectors of the org (Vapi, and the simulator its test keys use) agree on it.
    for (const id of ['vapi', 'simulator'] as const) {
      const voice = await connectors.voice(own.orgId, id);
      expect(voice.verifyWebhook(signed(secret)), id).toBe(true);
      expect(voice.verifyWebhook(signed(WEBHOOK_SECRET)), id).toBe(false);
    }
  });
});

describe('the Vapi webhook credential', () => {
  const webhookUrl = (t: Tenant) => `${world.server.config.publicUrl}/v1/voice/webhooks/${t.orgId}`;
  const inboxRows = (t: Tenant) => inScope(world.server.platform.knex, { orgId: t.orgId }, (tx) => tx('voice_inbox').select('external_call_id'));
  /** A patient calling the assistant at Vapi: the call exists there, and Vapi reports on it. */
  const ringAt = (assistantId: string) => {
    const id = `vapi-call-${randomUUID()}`;
    world.vapi.calls.set(id, { id, type: 'inboundPhoneCall', assistantId, customer: { number: '+15557654321' }, status: 'in-progress' });
    return id;
  };

  it('is created at Vapi when an org saves only an API key, holds its derived secret, and signs what Vapi sends', async () => {
    const t = await createTenant(base, 'Key Only');
    const saved = await put(t, 'vapi', { api_key: world.vapi.apiKey });
    expect(saved.status).toBe(201);
    const derived = orgWebhookSecret(WEBHOOK_SECRET, t.orgId);
    // Shown once, in this answer only.
    expect(saved.body.webhook_secret).toBe(derived);
    expect((await call(base, 'GET', '/v1/integrations/vapi', { creds: { apiKey: t.adminKey } })).body).not.toHaveProperty('webhook_secret');
    const cred = world.vapi.credentials.get(saved.body.server_credential_id)!;
    expect(cred).toMatchObject({
      provider: 'webhook',
      name: `Voxanne ${t.orgId}`,
      authenticationPlan: { type: 'hmac', secretKey: derived, algorithm: 'sha256', signatureHeader: 'x-vapi-signature', timestampHeader: 'x-vapi-timestamp', payloadFormat: '{timestamp}.{body}', signatureEncoding: 'hex' },
    });

    // Published assistants name it, so Vapi signs their messages and our webhook accepts them.
    const agent = (await call(base, 'POST', '/v1/agents', { body: agentBody({ voice: { provider: 'elevenlabs', voice_id: '21m00Tcm4TlvDq8ikWAM' } }), creds: { apiKey: t.adminKey } })).body;
    const published = await publishAndWait(base, t.adminKey, agent.id);
    const assistant = world.vapi.assistants.get(published.external_id)!;
    expect(assistant.server).toMatchObject({ url: webhookUrl(t), credentialId: saved.body.server_credential_id });
    const callId = ringAt(published.external_id);
    const reply = await world.vapi.emit(callId, { type: 'status-update', status: 'in-progress', endedReason: null });
    expect(reply.status).toBe(200);
    expect((await inboxRows(t)).map((r: { external_call_id: string }) => r.external_call_id)).toContain(callId);
  });

  it('is what makes a message verify: the same message sent without it is refused and stores nothing', async () => {
    const t = await createTenant(base, 'Unsigned Refused');
    expect((await put(t, 'vapi', { api_key: world.vapi.apiKey })).status).toBe(201);
    // An assistant someone made in the Vapi dashboard, pointing at our URL but naming no credential.
    const bare = `asst-${randomUUID()}`;
    world.vapi.assistants.set(bare, { id: bare, name: 'Dashboard copy', server: { url: webhookUrl(t) }, metadata: { orgId: t.orgId } });
    const callId = ringAt(bare);
    const reply = await world.vapi.emit(callId, { type: 'status-update', status: 'in-progress', endedReason: null });
    expect(reply.status).toBe(401);
    expect(await inboxRows(t)).toEqual([]);
  });

  it('is updated in place on the next save (with an own secret, then shown no more) and nothing is stored when Vapi refuses or is down', async () => {
    const t = await createTenant(base, 'Resaved');
    const first = await put(t, 'vapi', { api_key: world.vapi.apiKey });
    const own = 'org-chosen-webhook-secret-2468013579';
    const second = await put(t, 'vapi', { api_key: world.vapi.apiKey, webhook_secret: own });
    expect(second.status).toBe(200);
    expect(second.body.server_credential_id).toBe(first.body.server_credential_id);
    expect(second.body).not.toHaveProperty('webhook_secret');
    expect((world.vapi.credentials.get(first.body.server_credential_id)!.authenticationPlan as { secretKey: string }).secretKey).toBe(own);

    const refused = await put(t, 'vapi', { api_key: 'vapi-key-nobody-knows' });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'integration_rejected', connector: 'vapi' });
    world.vapiSwitch.down = true;
    try {
      const down = await put(t, 'vapi', { api_key: world.vapi.apiKey });
      expect([502, 503]).toContain(down.status);
    } finally {
      world.vapiSwitch.down = false;
    }
    const kept = await call(base, 'GET', '/v1/integrations/vapi', { creds: { apiKey: t.adminKey } });
    expect(kept.body).toMatchObject({ webhook_secret_set: true, server_credential_id: first.body.server_credential_id, updated_at: second.body.updated_at });
    expect(await world.server.platform.connectors.webhookSecret(t.orgId)).toBe(own);
  });

  it('can be one the admin made, named by server_credential_id, which then holds our plan; an unknown one is refused', async () => {
    const t = await createTenant(base, 'Own Credential');
    const made = await fetch(`${world.vapi.url}/credential`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.vapi.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'webhook', name: 'made in the dashboard', authenticationPlan: { type: 'bearer', token: 'legacy-token' } }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const saved = await put(t, 'vapi', { api_key: world.vapi.apiKey, server_credential_id: made.id });
    expect(saved.status).toBe(201);
    expect(saved.body.server_credential_id).toBe(made.id);
    expect(world.vapi.credentials.get(made.id)!.authenticationPlan).toMatchObject({ type: 'hmac', secretKey: orgWebhookSecret(WEBHOOK_SECRET, t.orgId) });

    const other = await createTenant(base, 'Unknown Credential');
    const unknown = await put(other, 'vapi', { api_key: world.vapi.apiKey, server_credential_id: 'cred-that-does-not-exist' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('vendor_not_found');
    expect((await call(base, 'GET', '/v1/integrations/vapi', { creds: { apiKey: other.adminKey } })).status).toBe(404);
  });
});

// Last in the file: it moves every stored credential of this database onto a key the server does not have.
describe('key rotation', () => {
  it('covers integration credentials', async () => {
    const t = await createTenant(base, 'Rotated');
    const created = await put(t, 'openai', { api_key: 'sk-rotate-me-4321' });
    const rotated = loadKeyring(`${generateKeySpec('rot2')},${world.server.config.encryptionKeys}`);
    const owner = await world.server.platform.db.owner();
    const reports = await reencryptAll({ keyring: rotated, columns: ENCRYPTED_COLUMNS, db: owner });
    const report = reports.find((r) => r.table === 'integrations')!;
    expect(report.failures).toEqual([]);
    expect(report.reencrypted).toBeGreaterThanOrEqual(1);
    const { rows } = await owner.raw('select secrets_enc from integrations where id = ?', [created.body.id]);
    expect(rows[0].secrets_enc).toMatch(/^v1\.rot2\./);
    expect(JSON.parse(rotated.decrypt(rows[0].secrets_enc, `${t.orgId}:integration:openai`))).toEqual({ api_key: 'sk-rotate-me-4321' });
  });
});
