/**
 * Twilio's webhook signing, written from Twilio's documentation and independently of the SDK's
 * validator, so a test that signs here and verifies with the SDK proves the two agree:
 *
 *   data      = full URL Twilio requested (with query string)
 *             + every POST param sorted by name, appended as name + value, no separators
 *   signature = base64( HMAC-SHA1( authToken, data ) )   -> X-Twilio-Signature
 */
import { createHmac } from 'node:crypto';

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export interface TwilioDelivery {
  status: number;
  body: string;
}

/**
 * POSTs a form-encoded webhook to `url` with the headers Twilio sends. Usable without a running
 * fake (e.g. by core's tests, to play Twilio against the real webhook route).
 */
export async function postTwilioWebhook(url: string, params: Record<string, string>, authToken: string): Promise<TwilioDelivery> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'x-twilio-signature': twilioSignature(authToken, url, params),
      'i-twilio-idempotency-token': crypto.randomUUID(),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text() };
}
