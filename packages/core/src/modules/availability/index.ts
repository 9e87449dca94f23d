// The front door of the availability module: other modules and the app import only from here.
export { busyByResource, busyStep, readBusy } from './busy.ts';
export { catalogOf, type Catalog } from './catalog.ts';
export { availabilityRoutes } from './routes.ts';
export { MAX_RANGE_DAYS, contextIn, judgeSlot, nextFreeSlots, openings, resourceTimes, rulesOf, schedulingContext, type SchedulingContext } from './service.ts';
export { blockedRange } from './slots.ts';
