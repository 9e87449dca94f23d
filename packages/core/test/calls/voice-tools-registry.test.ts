/**
 * Decision 0017: one file per voice tool, listed in one registry. Every tool there is complete (spec,
 * parser, handler, writes flag), and what the agent is given, what the contract enables and what the
 * simulator's brain calls are exactly the registry's tools.
 */
import { SIMULATOR_TOOLS } from '@voxanne/connector-local';
import { describe, expect, it } from 'vitest';
import { buildAssistantSpec } from '../../src/modules/agents/assistant-spec.ts';
import { withDefaults } from '../../src/modules/agents/agent-config.ts';
import { loadSpec } from '../../src/platform/openapi/spec.ts';
import { parseToolCall, TOOL_NAMES, toolSpecs, VOICE_TOOLS, WRITE_TOOLS } from '../../src/modules/voice-tools/index.ts';

describe('the voice-tool registry', () => {
  it.each(TOOL_NAMES)('%s has a spec, a parser, a handler and a writes flag', (name) => {
    const tool = VOICE_TOOLS[name];
    expect(tool.name).toBe(name);
    expect(tool.spec.name).toBe(name);
    expect(tool.spec.description).toEqual(expect.any(String));
    expect(tool.spec.description.length).toBeGreaterThan(10);
    expect(tool.spec.parameters).toMatchObject({ type: 'object', properties: expect.any(Object) });
    expect(tool.parse).toBeTypeOf('function');
    expect(tool.handle).toBeTypeOf('function');
    expect(tool.writes).toBeTypeOf('boolean');
    // A write may still complete after the deadline: its apology must not claim that it failed.
    if (tool.writes) expect(tool.apology).toMatch(/can't confirm/);
  });

  it('parses through the registry, and an unknown tool names the registry', () => {
    expect(parseToolCall('lookup_knowledge', { question: ' Open on Sunday? ', extra: 1 })).toEqual({ ok: true, tool: { name: 'lookup_knowledge', args: { question: 'Open on Sunday?' } } });
    expect(parseToolCall('send_sms', {})).toEqual({ ok: false, error: 'Invalid arguments for send_sms: message is required.' });
    expect(parseToolCall('toString', {})).toEqual({ ok: false, error: `Unknown tool "toString". Available tools: ${TOOL_NAMES.join(', ')}.` });
  });

  it('lists the write tools: book_appointment, cancel_appointment, send_sms', () => {
    expect([...WRITE_TOOLS].sort()).toEqual(['book_appointment', 'cancel_appointment', 'send_sms']);
  });

  it('the agent is given exactly the registry specs', () => {
    const every = TOOL_NAMES.map((type) => (type === 'transfer_call' ? { type, destination: '+15551230000' } : { type }));
    const spec = buildAssistantSpec({
      orgId: 'org_x',
      agentId: 'agt_x',
      revisionId: 'agr_x',
      config: withDefaults({ kind: 'inbound', name: 'A', system_prompt: 'p', timezone: 'UTC', tools: every }),
      serverUrl: 'https://example.test/voice',
    });
    expect(spec.tools).toEqual(toolSpecs(every));
    expect(spec.tools.map((t) => t.name)).toEqual([...TOOL_NAMES]);
    for (const t of spec.tools) {
      const { transferTo, ...given } = t;
      expect(given).toEqual(VOICE_TOOLS[t.name as keyof typeof VOICE_TOOLS].spec);
      expect(transferTo).toBe(t.name === 'transfer_call' ? '+15551230000' : undefined);
    }
    // A copy: a caller changing what it was given does not change the registry.
    spec.tools[0]!.description = 'changed';
    expect(VOICE_TOOLS.check_availability.spec.description).not.toBe('changed');
  });

  it("the contract's tool types and the simulator's tools are the registry's", () => {
    const schemas = loadSpec().components!.schemas as Record<string, { properties: { type: { enum: string[] } } }>;
    expect([...schemas.AgentTool!.properties.type.enum].sort()).toEqual([...TOOL_NAMES].sort());
    expect([...SIMULATOR_TOOLS].sort()).toEqual([...TOOL_NAMES].sort());
  });
});
