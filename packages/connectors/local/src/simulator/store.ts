/**
 * The simulator's "vendor account": assistants, numbers and calls held in memory. It is a plain
 * object of Maps so a test or the dev server can share one store between several connector
 * instances (e.g. the org's connector and a second one built with a wrong key).
 */
import { connectorErrorFromStatus, type AssistantSpec, type CallStatus, type ConnectorError } from '@voxanne/connector-kit';

export interface SimAssistant {
  id: string;
  spec: AssistantSpec;
  createdAt: string;
  updatedAt: string;
}

export interface SimPhoneNumber {
  id: string;
  number: string;
  provider: 'twilio' | 'simulator';
  name: string | null;
  assistantId: string | null;
  /** Where assistant-requests for this number go. */
  serverUrl: string | null;
}

export interface SimCall {
  id: string;
  direction: 'inbound' | 'outbound';
  assistantId: string | null;
  phoneNumberId: string;
  customerNumber: string;
  metadata: Record<string, string>;
  status: CallStatus;
  createdAt: string;
}

export interface SimulatorStore {
  assistants: Map<string, SimAssistant>;
  phoneNumbers: Map<string, SimPhoneNumber>;
  calls: Map<string, SimCall>;
  /** When set, connectors must present this key (models an account's API key). */
  apiKey?: string;
  /** Make the next `times` operations fail as if the vendor answered `status`. */
  failNext(status: number, times?: number): void;
  /** Consumes one pending injected failure, if any. */
  takeFault(connector: string): ConnectorError | undefined;
}

export function createSimulatorStore(opts: { apiKey?: string } = {}): SimulatorStore {
  const faults: number[] = [];
  return {
    assistants: new Map(),
    phoneNumbers: new Map(),
    calls: new Map(),
    ...(opts.apiKey !== undefined ? { apiKey: opts.apiKey } : {}),
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) faults.push(status);
    },
    takeFault(connector) {
      const status = faults.shift();
      if (status === undefined) return undefined;
      return connectorErrorFromStatus({ connector, status, message: `${connector}: injected failure ${status}` });
    },
  };
}
