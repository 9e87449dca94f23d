import { ConnectorError, type ConnectionCheck, type ConnectorErrorCode, type Resilience } from '@voxanne/connector-kit';

// Connectors' testConnection never throws; they report failures as `{ ok: false, detail: "<code> ...: ..." }`.
// A transient code means the vendor was not reached, which is an outage (502/503), not a verdict on the
// credentials, and it must count towards the breaker like any other failed call.
const TRANSIENT = /^(vendor_unavailable|timeout|network|rate_limited)\b/;

/** Runs testConnection through the org's resilience; throws a retryable ConnectorError when the vendor was unreachable. */
export function checkConnection(connectorId: string, resilience: Resilience, connector: { testConnection(): Promise<ConnectionCheck> }) {
  return resilience.execute(async () => {
    const check = await connector.testConnection();
    const transient = check.ok ? null : TRANSIENT.exec(check.detail);
    if (transient) throw new ConnectorError({ connector: connectorId, code: transient[1] as ConnectorErrorCode, message: check.detail });
    return check;
  });
}
