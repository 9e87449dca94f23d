// The front door of the contacts module: other modules and the app import only from here.
export { contactRoutes } from './routes.ts';
export { upsertContactByPhone } from './upsert.ts';
