// The front door of the orgs module: other modules and the app import only from here.
export { orgRoutes } from './routes.ts';
export { orgExists } from './service.ts';
export { orgToApi, type OrgRow } from './view.ts';
