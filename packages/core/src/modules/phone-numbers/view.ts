import { isoRequired } from '../../platform/db/rows.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';

export interface PhoneNumberRow {
  id: string;
  org_id: string;
  number: string;
  source: 'twilio' | 'provider';
  connector: VoiceConnectorId;
  status: 'provisioning' | 'active';
  external_id: string | null;
  name: string | null;
  agent_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export function phoneNumberToApi(r: PhoneNumberRow) {
  return {
    id: r.id,
    object: 'phone_number' as const,
    number: r.number,
    source: r.source,
    voice_connector: r.connector,
    status: r.status,
    name: r.name,
    agent_id: r.agent_id,
    external_id: r.external_id,
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
  };
}
