/**
 * An org's call settings as the rest of core reads them: redaction (keep the original transcript?),
 * the outbound concurrency cap and default quiet hours. An org that never changed them has no row, and
 * gets the same defaults the table declares.
 */
import type { Tx } from '../../platform/db/tenancy.ts';

export interface QuietHours {
  start: string;
  end: string;
}

export interface CallSettings {
  keepOriginalTranscripts: boolean;
  outboundConcurrency: number;
  quietHours: QuietHours;
}

export interface CallSettingsRow {
  org_id: string;
  keep_original_transcripts: boolean;
  outbound_concurrency: number;
  quiet_hours_start: string;
  quiet_hours_end: string;
  updated_at: Date;
}

// Mirrors the column defaults of call_settings (migration 20261126000000_calls).
export const DEFAULT_CALL_SETTINGS: Readonly<CallSettings> = Object.freeze({
  keepOriginalTranscripts: false,
  outboundConcurrency: 2,
  quietHours: Object.freeze({ start: '20:00', end: '09:00' }),
});

export function settingsFromRow(row: CallSettingsRow | undefined): CallSettings {
  if (!row) return { ...DEFAULT_CALL_SETTINGS, quietHours: { ...DEFAULT_CALL_SETTINGS.quietHours } };
  return {
    keepOriginalTranscripts: row.keep_original_transcripts,
    outboundConcurrency: row.outbound_concurrency,
    quietHours: { start: row.quiet_hours_start, end: row.quiet_hours_end },
  };
}

export async function readCallSettingsRow(tx: Tx, orgId: string): Promise<CallSettingsRow | undefined> {
  return tx('call_settings').where({ org_id: orgId }).first();
}

/** The org's settings, or the defaults when it has none; runs in the caller's (org-scoped) transaction. */
export async function loadCallSettings(tx: Tx, orgId: string): Promise<CallSettings> {
  return settingsFromRow(await readCallSettingsRow(tx, orgId));
}
