import { pino, type Logger } from 'pino';

/**
 * Paths that may carry secrets or PHI. Redaction is the last line of defence: handlers also avoid
 * logging bodies at all.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.mfa_code',
  '*.recovery_code',
  '*.email',
  '*.phone',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'voxanne' } }, destination);
}

export type { Logger };
