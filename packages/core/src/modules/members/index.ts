// The front door of the members module: other modules and the app import only from here.
export { actAsUser, lockAccess } from './access.ts';
export { memberRoutes } from './routes.ts';
