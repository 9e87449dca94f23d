// The front door of the auth module: other modules and the app import only from here.
export { authenticate } from './middleware.ts';
export { hashPassword } from './passwords.ts';
export { authRoutes, setSessionCookies } from './routes.ts';
export { authResult, endAllSessions, userByEmail, userById, type Origin } from './service.ts';
