// The front door of the outbox module: other modules and the app import only from here.
export { emitEvent, eventStep } from './service.ts';
