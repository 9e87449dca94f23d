// The front door of the outbound module: other modules and the app import only from here.
export { campaignRoutes } from './campaign-routes.ts';
export { dncRoutes } from './dnc-routes.ts';
export { registerOutboundJobs } from './jobs.ts';
export { enqueueCampaignTick } from './queue.ts';
export { sweepOutbound } from './recovery.ts';
export { outboundCallRoutes } from './routes.ts';
