export { startFakeGoogle, googleError, type FakeGoogle, type FakeGoogleOptions } from './fake-google.ts';
export type { FakeCalendar, GoogleEvent } from './fake-calendar-state.ts';
export type { FakeChannel, PushState } from './fake-push.ts';
export { CALENDAR_SCOPE } from './fake-oauth.ts';
export { googleCalendarConformanceContext } from './conformance.ts';
