import { iso, isoRequired } from '../../platform/db/rows.ts';
import type { IntegrationProvider, IntegrationSettings } from '../../connectors/types.ts';

export interface IntegrationRow {
  id: string;
  org_id: string;
  provider: IntegrationProvider;
  secrets_enc: string;
  last4: string;
  settings: IntegrationSettings;
  last_test_ok: boolean | null;
  last_test_detail: string | null;
  last_tested_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Never includes `secrets_enc`: the API shows the last 4 characters and nothing else. */
export function integrationToApi(r: IntegrationRow) {
  return {
    id: r.id,
    object: 'integration' as const,
    provider: r.provider,
    last4: r.last4,
    server_credential_id: r.settings.server_credential_id ?? null,
    webhook_secret_set: r.settings.has_webhook_secret === true,
    last_test:
      r.last_tested_at && r.last_test_ok !== null
        ? { object: 'integration_test' as const, provider: r.provider, ok: r.last_test_ok, detail: r.last_test_detail ?? '', tested_at: iso(r.last_tested_at)! }
        : null,
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
  };
}
