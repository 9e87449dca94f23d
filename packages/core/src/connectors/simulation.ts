/**
 * The simulator as core uses it for test calls and simulated outbound calls: a line (assistant + number)
 * in the org's simulated vendor account, and scripted conversations that reach our webhook as signed
 * messages. Lives here because it touches the simulator connector itself; modules see only this interface.
 */
import type { AssistantSpec, ConversationMessage, VoiceCallRef } from '@voxanne/connector-kit';
import { createSimulatorVoice, runScriptedCall, type Deliver, type SimulatorStore } from '@voxanne/connector-local';

export interface SimulationLine {
  assistantExternalId: string;
  phoneNumberExternalId: string;
}

/** How a signed message reaches the webhook: core delivers in-process, through the same handler as HTTP. */
export type SimulationDeliver = (req: { url: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; body: unknown }>;

export interface SimulationPlayOptions {
  deliver: SimulationDeliver;
  /** Inbound: what the caller says. Outbound: defaults to the simulated callee's script. */
  callerTurns?: readonly string[];
  onMessage?: (m: ConversationMessage) => void;
}

export interface Simulation {
  /** The agent's current spec deployed on the org's test line (one number, re-pointed per call). */
  ensureLine(agentId: string, spec: AssistantSpec): Promise<SimulationLine>;
  /** A patient calling the line now. */
  ringInbound(line: SimulationLine, customerNumber: string): { externalCallId: string; call: VoiceCallRef };
  callRef(externalCallId: string): VoiceCallRef;
  play(externalCallId: string, opts: SimulationPlayOptions): Promise<{ endedReason: string }>;
}

const TEST_LINE_NAME = 'voxanne-test-line';

export function createSimulation(store: SimulatorStore, webhookSecret: string): Simulation {
  const base = createSimulatorVoice({ webhookSecret, store });
  return {
    async ensureLine(agentId, spec) {
      const existing = [...store.assistants.values()].find((a) => a.spec.metadata.agentId === agentId);
      const { externalId } = await base.upsertAssistant(spec, existing?.id ?? null);
      let line = [...store.phoneNumbers.values()].find((p) => p.name === TEST_LINE_NAME);
      if (!line) {
        const created = await base.createProviderNumber({ areaCode: '555', name: TEST_LINE_NAME, serverUrl: spec.serverUrl });
        line = store.phoneNumbers.get(created.externalId)!;
      }
      return { assistantExternalId: externalId, phoneNumberExternalId: line.id };
    },
    ringInbound(line, customerNumber) {
      // Pointing the shared line at this agent and ringing it happen in one synchronous step, so
      // concurrent test calls for different agents each get their own agent.
      store.phoneNumbers.get(line.phoneNumberExternalId)!.assistantId = line.assistantExternalId;
      const { externalCallId } = base.receiveInboundCall({ phoneNumberExternalId: line.phoneNumberExternalId, customerNumber });
      return { externalCallId, call: base.callRef(externalCallId) };
    },
    callRef: (externalCallId) => base.callRef(externalCallId),
    async play(externalCallId, opts) {
      const deliver: Deliver = async (req) => opts.deliver(req);
      const connector = createSimulatorVoice({ webhookSecret, store, deliver });
      const result = await runScriptedCall({
        connector,
        externalCallId,
        ...(opts.callerTurns ? { callerTurns: opts.callerTurns } : {}),
        ...(opts.onMessage ? { onMessage: opts.onMessage } : {}),
      });
      return { endedReason: result.endedReason };
    },
  };
}
