// The front door of the resources module: other modules and the app import only from here.
export { resourceRoutes } from './routes.ts';
export { mirroredCalendars, timezoneOfCalendar } from './service.ts';
export { type ResourceRow } from './view.ts';
