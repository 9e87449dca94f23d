// The front door of the ops module: other modules and the app import only from here.
export { docsRoutes, opsRoutes } from './routes.ts';
