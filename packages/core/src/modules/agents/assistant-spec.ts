/** Revision configuration -> the vendor-neutral AssistantSpec a voice connector deploys. Pure. */
import type { AssistantSpec } from '@voxanne/connector-kit';
import type { AgentConfig } from './agent-config.ts';
import { toolSpecs } from '../voice-tools/index.ts';

const DAY_NAMES = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;

const AFTER_HOURS = {
  answer: 'Outside these hours, help the caller as usual, and say the clinic is closed if they ask for a person.',
  take_message: 'Outside these hours, tell the caller the clinic is closed and take a message: name, phone number and reason.',
  transfer: 'Outside these hours, tell the caller you are transferring them to the on-call line, then use transfer_call.',
} as const;

/**
 * The vendor only sees a prompt, so the schedule goes into it; the tools and the webhook enforce the
 * same schedule server-side (issue #5), so the prompt is guidance, not the guard.
 */
export function composeSystemPrompt(c: AgentConfig): string {
  const lines = [c.system_prompt.trim(), '', '## Clinic hours', `Time zone: ${c.timezone}.`];
  if (c.business_hours.length === 0) {
    lines.push('The clinic line is answered at all times.');
  } else {
    for (const day of Object.keys(DAY_NAMES) as (keyof typeof DAY_NAMES)[]) {
      const spans = c.business_hours.filter((h) => h.day === day).map((h) => `${h.start}-${h.end}`);
      lines.push(`${DAY_NAMES[day]}: ${spans.length ? spans.join(', ') : 'closed'}`);
    }
    lines.push(AFTER_HOURS[c.after_hours.behavior]);
    if (c.after_hours.message) lines.push(`When closed, say: "${c.after_hours.message}"`);
  }
  return lines.join('\n');
}

export function buildAssistantSpec(input: { orgId: string; agentId: string; revisionId: string; config: AgentConfig; serverUrl: string }): AssistantSpec {
  const c = input.config;
  return {
    name: c.name,
    systemPrompt: composeSystemPrompt(c),
    ...(c.first_message ? { firstMessage: c.first_message } : {}),
    voice: { provider: c.voice.provider, voiceId: c.voice.voice_id },
    model: { provider: c.model.provider, model: c.model.model },
    tools: toolSpecs(c.tools),
    serverUrl: input.serverUrl,
    language: c.language,
    maxDurationSeconds: c.max_duration_seconds,
    ...(c.voicemail_message ? { voicemailMessage: c.voicemail_message } : {}),
    // The timezone lets whoever reads the call (our webhook, the simulator's agent side) say "tomorrow" in the clinic's terms.
    metadata: { orgId: input.orgId, agentId: input.agentId, revisionId: input.revisionId, timezone: c.timezone },
  };
}
