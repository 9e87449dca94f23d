// The front door of the phone-numbers module: other modules and the app import only from here.
export { agentNumbersOn, detachAgentNumbers } from './agent-links.ts';
export { phoneNumberRoutes } from './routes.ts';
