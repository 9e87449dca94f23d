// The front door of the agents module: other modules and the app import only from here.
export { isIanaTimezone, type AgentConfig } from './agent-config.ts';
export { buildAssistantSpec } from './assistant-spec.ts';
export { registerAgentJobs } from './jobs.ts';
export { agentCallProfile, agentVendorRef, agentVoice, type AgentCallProfile, type AgentVendorRef } from './lookup.ts';
export { agentRoutes } from './routes.ts';
