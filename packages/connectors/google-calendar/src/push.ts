/**
 * Google push notifications carry no signature: the only proof of origin is the channel token we
 * chose in watch(), echoed in X-Goog-Channel-Token. So the token is compared in constant time and
 * a notification without one is refused.
 */
import { timingSafeEqual } from 'node:crypto';
import { headerValue, type PushNotification, type WebhookHeaders } from '@voxanne/connector-kit';

const STATES = new Set<PushNotification['resourceState']>(['sync', 'exists', 'not_exists']);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function verifyGooglePush(headers: WebhookHeaders, expectedToken: string): PushNotification | null {
  try {
    const token = headerValue(headers, 'x-goog-channel-token');
    if (!expectedToken || token === undefined || !sameSecret(token, expectedToken)) return null;
    const channelId = headerValue(headers, 'x-goog-channel-id');
    const resourceId = headerValue(headers, 'x-goog-resource-id');
    const state = headerValue(headers, 'x-goog-resource-state') as PushNotification['resourceState'] | undefined;
    const number = headerValue(headers, 'x-goog-message-number');
    if (!channelId || !resourceId || !state || !STATES.has(state) || !number || !/^\d{1,18}$/.test(number)) return null;
    return { channelId, resourceId, resourceState: state, messageNumber: Number(number) };
  } catch {
    return null;
  }
}
