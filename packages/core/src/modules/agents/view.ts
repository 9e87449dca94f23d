import { iso, isoRequired } from '../../platform/db/rows.ts';
import type { VoiceConnectorId } from '../../connectors/types.ts';
import type { AgentConfig } from './agent-config.ts';

export type SyncStatus = 'unpublished' | 'pending' | 'synced' | 'failed';

export interface SyncError {
  code: string;
  message: string;
  at: string;
}

export interface AgentRow {
  id: string;
  org_id: string;
  kind: 'inbound' | 'outbound';
  name: string;
  config: AgentConfig;
  current_revision_id: string;
  revision_number: number;
  sync_status: SyncStatus;
  sync_will_retry: boolean;
  pending_revision_id: string | null;
  pending_connector: VoiceConnectorId | null;
  live_revision_id: string | null;
  external_connector: VoiceConnectorId | null;
  external_id: string | null;
  last_sync_error: SyncError | null;
  last_synced_at: Date | null;
  sync_lease_until: Date | null;
  deleted_at: Date | null;
  vendor_removed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RevisionRow {
  id: string;
  org_id: string;
  agent_id: string;
  number: number;
  source: 'create' | 'update' | 'rollback';
  restored_from_revision_id: string | null;
  config: AgentConfig;
  created_by: string | null;
  created_at: Date;
}

export function agentToApi(r: AgentRow) {
  return {
    id: r.id,
    object: 'agent' as const,
    ...r.config,
    revision_id: r.current_revision_id,
    revision_number: r.revision_number,
    has_unpublished_changes: r.current_revision_id !== r.live_revision_id,
    sync_status: r.sync_status,
    sync_will_retry: r.sync_will_retry,
    pending_revision_id: r.pending_revision_id,
    live_revision_id: r.live_revision_id,
    // Where it is going while a publish is pending, else where it lives.
    voice_connector: r.pending_connector ?? r.external_connector,
    external_id: r.external_id,
    last_sync_error: r.last_sync_error,
    last_synced_at: iso(r.last_synced_at),
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
  };
}

export function revisionToApi(r: RevisionRow) {
  return {
    id: r.id,
    object: 'agent_revision' as const,
    agent_id: r.agent_id,
    number: r.number,
    source: r.source,
    restored_from_revision_id: r.restored_from_revision_id,
    config: r.config,
    created_by: r.created_by,
    created_at: isoRequired(r.created_at),
  };
}
