// The front door of the services module: other modules and the app import only from here.
export { serviceRoutes } from './routes.ts';
export { type ServiceRow } from './view.ts';
