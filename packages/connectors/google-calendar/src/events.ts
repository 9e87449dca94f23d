/** Our event shapes <-> Google's Event resource. */
import { createHash } from 'node:crypto';
import { BOOKING_ID_PROPERTY, type CalendarEvent, type CalendarEventInput, type CalendarEventPatch } from '@voxanne/connector-kit';
import type { calendar_v3 } from '@googleapis/calendar';

type GEvent = calendar_v3.Schema$Event;

/**
 * Deterministic Google event id for a booking. Google lets the client choose ids (base32hex
 * characters a-v and 0-9, 5-1024 long); hex digits are a subset, so sha256 hex qualifies. A retried
 * insert (e.g. after a timeout whose request did land) then hits 409 instead of creating a duplicate.
 */
export function googleEventIdForBooking(bookingId: string): string {
  return `vb${createHash('sha256').update(bookingId, 'utf8').digest('hex')}`;
}

const when = (dateTime: string, timeZone: string | undefined) => ({ dateTime, ...(timeZone ? { timeZone } : {}) });

export function toGoogleEvent(input: CalendarEventInput): GEvent {
  return {
    id: googleEventIdForBooking(input.bookingId),
    summary: input.summary,
    ...(input.description !== undefined ? { description: input.description } : {}),
    start: when(input.start, input.timeZone),
    end: when(input.end, input.timeZone),
    status: 'confirmed',
    extendedProperties: { private: { [BOOKING_ID_PROPERTY]: input.bookingId } },
  };
}

/**
 * A PATCH body. Google merges nested objects in a patch, so `{ start: { timeZone } }` alone changes
 * only the zone; we still send start/end whole whenever a time changes.
 */
export function toGooglePatch(patch: CalendarEventPatch): GEvent {
  const body: GEvent = {};
  if (patch.summary !== undefined) body.summary = patch.summary;
  if (patch.description !== undefined) body.description = patch.description;
  if (patch.start !== undefined) body.start = when(patch.start, patch.timeZone);
  else if (patch.timeZone !== undefined) body.start = { timeZone: patch.timeZone };
  if (patch.end !== undefined) body.end = when(patch.end, patch.timeZone);
  else if (patch.timeZone !== undefined) body.end = { timeZone: patch.timeZone };
  return body;
}

const STATUSES = new Set(['confirmed', 'tentative', 'cancelled']);

export function toCalendarEvent(e: GEvent): CalendarEvent {
  const allDay = !e.start?.dateTime && !!e.start?.date;
  return {
    eventId: e.id ?? '',
    status: STATUSES.has(e.status ?? '') ? (e.status as CalendarEvent['status']) : 'confirmed',
    start: e.start?.dateTime ?? e.start?.date ?? null,
    end: e.end?.dateTime ?? e.end?.date ?? null,
    allDay,
    summary: e.summary ?? null,
    bookingId: e.extendedProperties?.private?.[BOOKING_ID_PROPERTY] ?? null,
    transparency: e.transparency === 'transparent' ? 'transparent' : 'opaque',
    etag: e.etag ?? null,
    updated: e.updated ?? null,
    recurringEventId: e.recurringEventId ?? null,
  };
}
