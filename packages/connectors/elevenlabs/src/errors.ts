/** ElevenLabs SDK errors -> ConnectorError. */
import { ElevenLabsError, ElevenLabsTimeoutError } from '@elevenlabs/elevenlabs-js';
import { ConnectorError, connectorErrorFromStatus, vendorMessageFromBody } from '@voxanne/connector-kit';

export const ELEVENLABS = 'elevenlabs';

/** ElevenLabs error bodies look like {"detail": {"status": "voice_not_found", "message": "..."}}. */
function vendorStatus(body: unknown): string | undefined {
  const detail = (body as { detail?: { status?: unknown } } | undefined)?.detail;
  return typeof detail?.status === 'string' ? detail.status : undefined;
}

export function mapElevenLabsError(err: unknown, action: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof ElevenLabsTimeoutError) {
    return new ConnectorError({ connector: ELEVENLABS, code: 'timeout', message: `elevenlabs: ${action} timed out`, cause: err });
  }
  if (err instanceof ElevenLabsError) {
    const vendorCode = vendorStatus(err.body);
    const detail = vendorMessageFromBody(err.body) ?? (err.statusCode ? `HTTP ${err.statusCode}` : err.message);
    const mapped = connectorErrorFromStatus({
      connector: ELEVENLABS,
      status: err.statusCode,
      message: `elevenlabs: ${action} failed: ${detail}`,
      ...(vendorCode ? { vendorCode } : {}),
      cause: err,
    });
    // ElevenLabs reports a missing voice with 400 or 404 depending on the endpoint; make it one code.
    if (vendorCode === 'voice_not_found' && mapped.code !== 'not_found') {
      return new ConnectorError({ connector: ELEVENLABS, code: 'not_found', message: mapped.message, status: mapped.status ?? 400, vendorCode, cause: err });
    }
    return mapped;
  }
  // The SDK validates response bodies against its schema; a mismatch lands here.
  return new ConnectorError({
    connector: ELEVENLABS,
    code: 'invalid_response',
    message: `elevenlabs: ${action} failed: ${(err as Error)?.message ?? String(err)}`,
    cause: err,
  });
}
