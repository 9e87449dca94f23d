// The front door of the call-settings module: other modules and the app import only from here.
export { callSettingsRoutes } from './routes.ts';
export { loadCallSettings } from './settings.ts';
