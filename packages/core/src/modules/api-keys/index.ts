// The front door of the api-keys module: other modules and the app import only from here.
export { apiKeyRoutes } from './routes.ts';
export { keyHasScope } from './scopes.ts';
export { authenticateApiKey, lockMaker, settleOwnerKeys } from './service.ts';
