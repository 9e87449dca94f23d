/**
 * Twilio's form-encoded webhook bodies -> kit types. Field names from Twilio's "Messaging webhook
 * request" and "outbound message status callback" docs; Twilio may add fields without notice, so
 * only the ones we need are read and everything else is ignored.
 */
import {
  ConnectorError,
  SMS_OPTED_OUT_VENDOR_CODE,
  smsKeyword,
  toSmsStatus,
  type InboundSms,
  type SmsKeyword,
  type SmsStatusUpdate,
} from '@voxanne/connector-kit';
import { TWILIO } from './errors.ts';

type Params = Record<string, string>;

const first = (p: Params, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = p[n];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
};

const required = (p: Params, what: string, ...names: string[]): string => {
  const v = first(p, ...names);
  if (v === undefined) {
    throw new ConnectorError({ connector: TWILIO, code: 'invalid_request', message: `twilio: webhook has no ${what} (${names.join('/')})` });
  }
  return v;
};

const OPT_OUT_TYPES: Record<string, SmsKeyword> = { STOP: 'STOP', START: 'START', HELP: 'HELP' };

export function parseTwilioInbound(p: Params): InboundSms {
  const body = p.Body ?? '';
  // With Advanced Opt-Out, Twilio classifies the message itself (including custom keywords such as
  // a Spanish "ALTO") and says so in OptOutType; that beats our copy of the default keyword list.
  const vendorKeyword = OPT_OUT_TYPES[(p.OptOutType ?? '').toUpperCase()];
  return {
    externalId: required(p, 'message id', 'MessageSid', 'SmsMessageSid', 'SmsSid'),
    from: required(p, 'sender', 'From'),
    to: required(p, 'recipient', 'To'),
    body,
    keyword: vendorKeyword ?? smsKeyword(body),
  };
}

export function parseTwilioStatus(p: Params): SmsStatusUpdate {
  const errorCode = first(p, 'ErrorCode') ?? null;
  return {
    externalId: required(p, 'message id', 'MessageSid', 'SmsSid'),
    // MessageStatus is the current name; SmsStatus is the legacy duplicate.
    status: toSmsStatus(first(p, 'MessageStatus', 'SmsStatus')),
    errorCode,
    optedOut: errorCode === SMS_OPTED_OUT_VENDOR_CODE,
    to: first(p, 'To') ?? null,
    from: first(p, 'From') ?? null,
  };
}
