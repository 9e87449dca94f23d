import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const ID_PREFIXES = {
  org: 'org',
  user: 'usr',
  member: 'mem',
  invite: 'inv',
  apiKey: 'key',
  session: 'ses',
  audit: 'aud',
  event: 'evt',
  integration: 'int',
  agent: 'agt',
  agentRevision: 'rev',
  phoneNumber: 'num',
  // Scheduling (issue #6). Holds and bookings share one table but keep distinct prefixes.
  location: 'loc',
  service: 'svc',
  resource: 'res',
  hold: 'hld',
  booking: 'bkg',
  smsMessage: 'sms',
  smsInbox: 'smi',
  smsOptOut: 'opt',
  calendarConnection: 'cal',
  // Live calls (issue #5).
  call: 'cll',
  contact: 'ctc',
  campaign: 'cmp',
  campaignTarget: 'tgt',
  dnc: 'dnc',
  voiceInbox: 'vin',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/** ULID body: 48-bit millisecond time then 80 random bits, Crockford base32, so ids sort by creation. */
function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}

export function newId(kind: IdKind, now?: number): string {
  return `${ID_PREFIXES[kind]}_${ulid(now)}`;
}

const shape = /^[a-z]{3}_[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(kind: IdKind, value: unknown): value is string {
  return typeof value === 'string' && shape.test(value) && value.startsWith(`${ID_PREFIXES[kind]}_`);
}
