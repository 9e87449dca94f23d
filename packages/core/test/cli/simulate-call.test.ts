/** `npm run simulate-call`: the CLI against a real running server, as a developer would use it. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type TestServer } from '../support/index.ts';
import { agentBody } from '../api/voice.helpers.ts';
import { createClinic, NINE_TO_FIVE, startSchedulingServer, type Clinic } from '../api/scheduling-support.ts';

const CORE = fileURLToPath(new URL('../..', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/simulate-call.ts', ...args], { cwd: CORE, env: { ...process.env, VOXANNE_API_KEY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: TestServer;
let clinic: Clinic;
let agentId: string;

beforeAll(async () => {
  server = await startSchedulingServer();
  clinic = await createClinic(server.url, { hours: NINE_TO_FIVE });
  const agent = await call(server.url, 'POST', '/v1/agents', { body: agentBody({ tools: [{ type: 'check_availability' }, { type: 'book_appointment' }] }), creds: clinic.creds });
  agentId = agent.body.id;
});

afterAll(async () => {
  await server?.close();
});

describe('simulate-call CLI', () => {
  it('prints the conversation, the tool calls and the analysis', async () => {
    const r = await run(['--agent', agentId, '--say', "I'd like a cleaning tomorrow afternoon", '--say', 'The first one works, my name is Sam Lee', '--url', server.url], { VOXANNE_API_KEY: clinic.creds.apiKey });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Caller: I'd like a cleaning tomorrow afternoon");
    expect(r.stdout).toMatch(/ok {3}check_availability: /);
    expect(r.stdout).toMatch(/ok {3}book_appointment: You're booked for Cleaning/);
    expect(r.stdout).toContain('Outcome: booked');
  });

  it('--json prints the full call record', async () => {
    const r = await run(['--agent', agentId, '--say', 'Bye', '--url', server.url, '--api-key', clinic.creds.apiKey, '--json']);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record).toMatchObject({ object: 'call', status: 'ended', agent_id: agentId });
  });

  it('explains its usage and fails on missing arguments or a refused request', async () => {
    const usage = await run([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run simulate-call');
    const refused = await run(['--agent', agentId, '--say', 'hi', '--url', server.url, '--api-key', 'vox_test_not_a_real_key']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/simulate-call failed: 401/);
  });
});
