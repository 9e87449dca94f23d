import { iso, isoRequired } from '../../platform/db/rows.ts';

export type SmsPurpose = 'confirmation' | 'reminder_24h' | 'reminder_2h' | 'manual' | 'reply' | 'inbound';

export interface SmsRow {
  id: string;
  org_id: string;
  direction: 'outbound' | 'inbound';
  purpose: SmsPurpose;
  booking_id: string | null;
  to_number: string;
  from_number: string | null;
  /** Redacted: the exact text of an outbound message is in body_enc (body.ts). */
  body: string;
  body_enc: string | null;
  body_redacted: boolean;
  status: string;
  connector: string | null;
  external_id: string | null;
  error_code: string | null;
  error_message: string | null;
  send_at: Date | null;
  sent_at: Date | null;
  livemode: boolean;
  created_at: Date;
  updated_at: Date;
}

export const smsToApi = (r: SmsRow) => ({
  id: r.id,
  object: 'sms_message' as const,
  direction: r.direction,
  purpose: r.purpose,
  booking_id: r.booking_id,
  to: r.to_number,
  from: r.from_number,
  body: r.body,
  status: r.status,
  connector: r.connector,
  error_code: r.error_code,
  error_message: r.error_message,
  send_at: iso(r.send_at),
  sent_at: iso(r.sent_at),
  livemode: r.livemode,
  created_at: isoRequired(r.created_at),
  updated_at: isoRequired(r.updated_at),
});
