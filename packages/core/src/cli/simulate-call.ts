/**
 * `npm run simulate-call -- --agent agt_... --say "I'd like a cleaning next Tuesday morning" [--say ...]`
 *
 * Runs a simulated call through a running Voxanne (POST /v1/test/calls) and prints the conversation,
 * the tool calls and the analysis; `--json` prints the full call record instead. It talks HTTP with an
 * API key, like any client, so it works the same against a laptop or a staging deployment.
 */
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run simulate-call -- --agent <agt_...> --say "<caller turn>" [--say ...]
           [--from +15555550123] [--url http://127.0.0.1:3000] [--api-key vox_test_...] [--json]

  The API key comes from --api-key or VOXANNE_API_KEY (create one in the portal under API keys);
  the server from --url or VOXANNE_URL.`;

interface Turn {
  role: string;
  text: string;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        agent: { type: 'string' },
        say: { type: 'string', multiple: true },
        from: { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const apiKey = args['api-key'] ?? process.env.VOXANNE_API_KEY;
  if (args.help || !args.agent || !apiKey) {
    process.stderr.write(`${USAGE}\n`);
    return args.help ? 0 : 2;
  }
  const base = (args.url ?? process.env.VOXANNE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const res = await fetch(`${base}/v1/test/calls`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agent_id: args.agent, ...(args.say?.length ? { caller_turns: args.say } : {}), ...(args.from ? { caller_number: args.from } : {}) }),
  });
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok || !body) {
    process.stderr.write(`simulate-call failed: ${res.status} ${body?.code ?? ''} ${body?.detail ?? body?.title ?? ''}\n`);
    return 1;
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(render(body));
  return 0;
}

function render(call: Record<string, unknown>): string {
  const who: Record<string, string> = { agent: 'Agent ', caller: 'Caller', tool: '  tool', system: 'System' };
  const lines = [`Call ${call.id} (${call.direction}, ${call.status}, ${call.ended_reason ?? 'no end reason'})`, ''];
  for (const t of (call.transcript as Turn[]) ?? []) lines.push(`${who[t.role] ?? t.role}: ${t.text}`);
  const tools = (call.tool_calls as { name: string; ok: boolean; result: string }[]) ?? [];
  if (tools.length) {
    lines.push('', 'Tool calls:');
    for (const t of tools) lines.push(`  ${t.ok ? 'ok  ' : 'fail'} ${t.name}: ${t.result}`);
  }
  const a = call.analysis as { summary: string; sentiment: string; lead_score: number; intent: string } | null;
  lines.push('', `Outcome: ${call.outcome ?? 'n/a'}`);
  if (a) lines.push(`Analysis: ${a.intent}, ${a.sentiment}, lead score ${a.lead_score}`, `Summary: ${a.summary}`);
  return `${lines.join('\n')}\n`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`simulate-call failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
