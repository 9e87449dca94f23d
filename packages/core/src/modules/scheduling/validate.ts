import { ApiError } from '../../platform/errors.ts';
import { isValidTimezone } from './time.ts';

/** IANA zones only: the spec can bound the length, only the runtime knows which names exist. */
export function assertTimezone(tz: string, path: string): void {
  if (!isValidTimezone(tz)) {
    throw new ApiError(422, 'invalid_timezone', `"${tz}" is not an IANA time zone such as America/New_York.`, {
      errors: [{ path, message: 'must be an IANA time zone' }],
    });
  }
}

/** Keeps only the keys a PATCH actually sent, so absent fields are left alone and null clears. */
export function pick<T extends object, K extends keyof T>(input: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (input[k] !== undefined) out[k] = input[k];
  return out;
}
