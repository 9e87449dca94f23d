// The front door of the integrations module: other modules and the app import only from here.
export { integrationRoutes } from './routes.ts';
export { integrationAad } from './secrets.ts';
export { loadStoredIntegration } from './service.ts';
