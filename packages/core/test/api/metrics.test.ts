import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '@voxanne/connector-kit';
import { call, createTenant, startTestServer, type Tenant, type TestServer } from '../support/index.ts';
import { callRef, simBody, toolCalls } from './voice-webhook.support.ts';

let server: TestServer;
let t: Tenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await createTenant(server.url, 'Metered');
});
afterAll(async () => {
  await server?.close();
});

/** Prometheus text exposition: every sample line is `name{label="value",...} number`. */
function parse(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

describe('/metrics', () => {
  it('serves Prometheus text with latency per operation, tools, jobs, pool, queue, inbox and breakers, and no ids in labels', async () => {
    await call(server.url, 'GET', '/v1/org', { creds: { apiKey: t.adminKey } });
    await call(server.url, 'GET', '/v1/api-keys/key_01J00000000000000000000000', { creds: { apiKey: t.adminKey } });
    await call(server.url, 'GET', `/v1/orgs/${t.orgId}/nothing`, { creds: { apiKey: t.adminKey } });
    const rawBody = simBody(toolCalls(callRef(`metrics-${process.pid}`, { customerNumber: '+15550123456' }), [{ toolCallId: 'tc-m', name: 'check_availability', arguments: {} }]));
    const secret = await server.platform.connectors.webhookSecret(t.orgId);
    expect((await call(server.url, 'POST', `/v1/voice/webhooks/${t.orgId}`, { raw: rawBody, headers: signWebhook({ secret, rawBody }) })).status).toBe(200);

    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const samples = parse(text);
    const names = new Set(samples.map((s) => s.name));
    for (const family of [
      'voxanne_http_request_duration_seconds_bucket',
      'voxanne_voice_tool_call_duration_seconds_count',
      'voxanne_db_pool_connections',
      'voxanne_db_pool_acquire_wait_seconds_count',
      'voxanne_queue_jobs',
      'voxanne_voice_inbox_backlog',
      'voxanne_job_duration_seconds_count',
      'voxanne_process_cpu_seconds_total',
    ]) {
      expect(names, family).toContain(family);
    }
    const count = (labels: Record<string, string>) =>
      samples.find((s) => s.name === 'voxanne_http_request_duration_seconds_count' && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;
    expect(count({ operation: 'getOrg', method: 'GET', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(count({ operation: 'getApiKey', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(count({ operation: 'receiveVoiceWebhook', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(count({ operation: 'unmatched', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(samples.find((s) => s.name === 'voxanne_voice_tool_call_duration_seconds_count' && s.labels.tool === 'check_availability')?.value).toBeGreaterThanOrEqual(1);

    // No label value is an id, a path or personal data.
    const values = samples.flatMap((s) => Object.values(s.labels));
    for (const v of values) {
      expect(v).not.toMatch(/[0-9A-HJKMNP-TV-Z]{26}/);
      expect(v).not.toMatch(/^(org|key|usr|cll|agt)_/);
      expect(v).not.toContain('/');
      expect(v).not.toContain('@');
      expect(v).not.toMatch(/\+?\d{7,}/);
    }
    expect(text).not.toContain(t.orgId);
    expect(text).not.toContain(t.email);
  });

  it('is open to loopback clients only outside production', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    // TRUST_PROXY is off, and the check reads the socket's address anyway: still loopback.
    expect(res.status).toBe(200);
  });
});

describe('/metrics in production', () => {
  const production = { NODE_ENV: 'production', VOICE_WEBHOOK_SECRET: 'metrics-test-webhook-secret-0123456789' };

  it('requires the METRICS_TOKEN bearer token when one is set', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const prod = await startTestServer({ env: { ...production, METRICS_TOKEN: token } });
    try {
      const none = await fetch(`${prod.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toContain('application/problem+json');
      expect((await fetch(`${prod.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      const ok = await fetch(`${prod.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('voxanne_http_request_duration_seconds');
    } finally {
      await prod.close();
    }
  });

  it('is not served on the API port without a token, and is served on METRICS_PORT', async () => {
    const prod = await startTestServer({ env: { ...production, METRICS_PORT: '0' } });
    try {
      const api = await fetch(`${prod.url}/metrics`);
      expect(api.status).toBe(404);
      expect(prod.metricsUrl).toBeDefined();
      const own = await fetch(`${prod.metricsUrl}/metrics`);
      expect(own.status).toBe(200);
      expect(await own.text()).toContain('voxanne_db_pool_connections');
      // That listener serves nothing else.
      expect((await fetch(`${prod.metricsUrl}/v1/org`)).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
