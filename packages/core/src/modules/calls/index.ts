// The front door of the calls module: other modules and the app import only from here.
export { registerAnalysisJob } from './analysis.ts';
export { voiceInboxAad } from './inbox.ts';
export { CALL_JOBS } from './jobs.ts';
export { callOriginalAad } from './original.ts';
export { getCallFor } from './read.ts';
export { recentCallsOf } from './recent-calls.ts';
export { registerCallJobs } from './register-jobs.ts';
export { callRoutes } from './routes.ts';
export { playSimulatedCall } from './simulate.ts';
export { ensureSimulatorLine } from './simulator-line.ts';
export { callListItemToApi, type CallRow } from './view.ts';
export { voiceWebhookRoutes } from './webhook-routes.ts';
