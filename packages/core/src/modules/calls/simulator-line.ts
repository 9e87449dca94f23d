/**
 * Where simulated calls of an agent run: its CURRENT configuration (published or not: a developer tests
 * before publishing) deployed on the org's simulated test line. Used by test calls and by outbound
 * dialing on the simulator.
 */
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { SimulationLine } from '../../connectors/simulation.ts';
import { agentCallProfile, type AgentCallProfile, buildAssistantSpec } from '../agents/index.ts';
import { voiceWebhookUrl } from '../../connectors/voice-webhook-url.ts';

export async function ensureSimulatorLine(deps: Deps, orgId: string, agentId: string): Promise<SimulationLine & { agent: AgentCallProfile }> {
  const agent = await inScope(deps.knex, { orgId }, (tx) => agentCallProfile(tx, agentId));
  if (!agent) throw notFound('Agent');
  const spec = buildAssistantSpec({ orgId, agentId, revisionId: agent.currentRevisionId, config: agent.config, serverUrl: voiceWebhookUrl(deps.config, orgId) });
  const simulation = await deps.connectors.simulation(orgId);
  return { ...(await simulation.ensureLine(agentId, spec)), agent };
}
