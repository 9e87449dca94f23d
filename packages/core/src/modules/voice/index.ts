// The front door of the voice module: other modules and the app import only from here.
export { voiceRoutes } from './routes.ts';
