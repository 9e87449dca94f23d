// The front door of the dev-mail module: other modules and the app import only from here.
export { devMailRoutes } from './routes.ts';
