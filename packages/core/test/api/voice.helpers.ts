/**
 * Shared by the integrations, agents and phone-numbers suites: the vendor fakes wired into a test server,
 * a switch that takes "Vapi" down and up again, and polling for job outcomes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeVapi, type FakeVapi } from '@voxanne/connector-vapi/testing';
import { startFakeElevenLabs, type FakeElevenLabs } from '@voxanne/connector-elevenlabs/testing';
import { startFakeOpenAi, type FakeOpenAi } from '@voxanne/connector-openai/testing';
import { call, startTestServer, type TestServer, type TestServerOptions } from '../support/index.ts';
import { freePort } from './scheduling-support.ts';

export const WEBHOOK_SECRET = 'test-voice-webhook-secret-0123456789';

/** A reverse proxy in front of a fake that can answer 503 to everything, like a vendor outage. */
export interface OutageSwitch {
  url: string;
  down: boolean;
  /** `METHOD /path` of every request answered 503 while down. */
  readonly refused: string[];
  close(): Promise<void>;
}

export async function startOutageSwitch(target: string): Promise<OutageSwitch> {
  const state = { down: false };
  const refused: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (state.down) {
      refused.push(`${req.method} ${req.url?.split('?')[0]}`);
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Service Unavailable', error: 'Service Unavailable', statusCode: 503 }));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)),
    ) as Record<string, string>;
    const hasBody = !['GET', 'HEAD'].includes(req.method ?? 'GET');
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
    const out = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refused,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface VoiceWorld {
  server: TestServer;
  vapi: FakeVapi;
  vapiSwitch: OutageSwitch;
  elevenlabs: FakeElevenLabs;
  openai: FakeOpenAi;
  close(): Promise<void>;
}

/**
 * A server whose vendors are the fakes (Vapi behind the outage switch), with fast retries and a breaker
 * that half-opens quickly, so outage and recovery play out in seconds.
 */
export async function startVoiceWorld(options: TestServerOptions = {}): Promise<VoiceWorld> {
  // Signs nothing by itself: like Vapi, only through the webhook credential a server config names.
  const vapi = await startFakeVapi({ apiKey: 'vapi-key-org-a-0001' });
  const vapiSwitch = await startOutageSwitch(vapi.url);
  const elevenlabs = await startFakeElevenLabs({ apiKey: 'xi-key-0001' });
  const openai = await startFakeOpenAi({ apiKey: 'sk-test-0001' });
  // PUBLIC_URL is the server's real address, so what the fake Vapi POSTs to assistants' server URLs arrives.
  const port = await freePort();
  const server = await startTestServer({
    ...options,
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      VAPI_BASE_URL: vapiSwitch.url,
      ELEVENLABS_BASE_URL: elevenlabs.url,
      OPENAI_BASE_URL: openai.baseUrl,
      VOICE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      CONNECTOR_TIMEOUT_MS: '5000',
      CONNECTOR_BACKOFF_MS: '10',
      CONNECTOR_BREAKER_HALF_OPEN_MS: '300',
      SYNC_JOB_ATTEMPTS: '12',
      SYNC_JOB_BACKOFF_MS: '100',
      ...options.env,
    },
  });
  return {
    server,
    vapi,
    vapiSwitch,
    elevenlabs,
    openai,
    async close() {
      await server.close();
      await Promise.all([vapiSwitch.close(), vapi.close(), elevenlabs.close(), openai.close()]);
    },
  };
}

/**
 * Polls until `done` holds. Jobs finish on their own schedule, so tests wait for the outcome the API
 * reports instead of sleeping; the deadline is generous and only bounds a hang.
 */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

export const agentBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'inbound',
  name: 'Front desk',
  system_prompt: 'You answer the phone for Bright Smile Dental.',
  first_message: 'Thanks for calling Bright Smile Dental, how can I help?',
  timezone: 'America/New_York',
  ...overrides,
});

export async function getAgent(base: string, apiKey: string, id: string) {
  return (await call(base, 'GET', `/v1/agents/${id}`, { creds: { apiKey } })).body;
}

/** Publishes and waits until the job has settled on `status`. */
export async function publishAndWait(base: string, apiKey: string, id: string, status: 'synced' | 'failed' = 'synced') {
  const res = await call(base, 'POST', `/v1/agents/${id}/publish`, { creds: { apiKey } });
  if (res.status !== 202) throw new Error(`publish answered ${res.status}: ${JSON.stringify(res.body)}`);
  return until(() => getAgent(base, apiKey, id), (a) => a.sync_status === status, `agent ${id} to be ${status}`);
}

/** Requests the fake received with this bearer token. */
export const bearerRequests = (vapi: FakeVapi, key: string) => vapi.http.requests.filter((r) => r.headers.authorization === `Bearer ${key}`);
