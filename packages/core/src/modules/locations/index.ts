// The front door of the locations module: other modules and the app import only from here.
export { locationRoutes } from './routes.ts';
export { loadLocation } from './service.ts';
export { type LocationRow } from './view.ts';
