/**
 * Push notifications as Google sends them: a POST with an empty body to the channel address, all
 * information in X-Goog-* headers, the message number increasing per channel.
 */
import type { FakeCalendar } from './fake-calendar-state.ts';

export interface FakeChannel {
  id: string;
  calendarId: string;
  resourceId: string;
  address: string;
  token: string | null;
  /** ms epoch */
  expiration: number;
  messageNumber: number;
}

export type PushState = 'sync' | 'exists' | 'not_exists';

export interface PushDispatcher {
  resourceUri(cal: FakeCalendar): string;
  /** POSTs one notification; resolves with our endpoint's HTTP status. */
  send(ch: FakeChannel, state: PushState): Promise<number>;
  /** Notifies every live channel watching the calendar. */
  notify(cal: FakeCalendar, state: PushState): Promise<number[]>;
}

export function createPushDispatcher(origin: string, channels: Map<string, FakeChannel>): PushDispatcher {
  const resourceUri = (cal: FakeCalendar) => `${origin}/calendar/v3/calendars/${encodeURIComponent(cal.id)}/events?alt=json`;
  const uris = new Map<string, string>();

  const send = async (ch: FakeChannel, state: PushState): Promise<number> => {
    ch.messageNumber += 1;
    const headers: Record<string, string> = {
      'X-Goog-Channel-ID': ch.id,
      'X-Goog-Channel-Expiration': new Date(ch.expiration).toUTCString(),
      'X-Goog-Resource-ID': ch.resourceId,
      'X-Goog-Resource-URI': uris.get(ch.calendarId) ?? '',
      'X-Goog-Resource-State': state,
      'X-Goog-Message-Number': String(ch.messageNumber),
      ...(ch.token !== null ? { 'X-Goog-Channel-Token': ch.token } : {}),
    };
    const res = await fetch(ch.address, { method: 'POST', headers, body: '' });
    await res.body?.cancel();
    return res.status;
  };

  return {
    resourceUri(cal) {
      const uri = resourceUri(cal);
      uris.set(cal.id, uri);
      return uri;
    },
    send,
    notify(cal, state) {
      const live = [...channels.values()].filter((c) => c.calendarId === cal.id && c.expiration > Date.now());
      return Promise.all(live.map((c) => send(c, state)));
    },
  };
}
