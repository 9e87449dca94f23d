/**
 * Checks for the arguments the model writes. A bad argument throws an ArgError that names it; the
 * registry turns it into an error result the model can correct on its next try.
 */
import { isE164 } from '../../platform/phone.ts';
import type { RawArgs } from './tool.ts';

export class ArgError extends Error {}

/** The JSON Schema of a phone number argument, as the model is given it. */
export const E164_ARG = { type: 'string', description: 'Phone number in E.164 form, e.g. +15551234567' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function text(raw: RawArgs, key: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null || (typeof v === 'string' && !v.trim() && !opts.required)) {
    if (opts.required) throw new ArgError(`${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || !v.trim()) throw new ArgError(`${key} must be a non-empty string`);
  if (v.length > (opts.max ?? 500)) throw new ArgError(`${key} is too long (at most ${opts.max ?? 500} characters)`);
  return v.trim();
}

function matching(raw: RawArgs, key: string, valid: (v: string) => boolean, shape: string, required = false): string | undefined {
  const v = text(raw, key, { required, max: 64 });
  if (v !== undefined && !valid(v)) throw new ArgError(`${key} must be ${shape}`);
  return v;
}

const isTime = (v: string) => !Number.isNaN(Date.parse(v));
export const phone = (raw: RawArgs, key: string) => matching(raw, key, isE164, 'a phone number in E.164 form, e.g. +15551234567');
export const day = (raw: RawArgs, key: string) => matching(raw, key, (v) => (DATE.test(v) || DATETIME.test(v)) && isTime(v), 'a date like 2026-12-01');
export const instant = (raw: RawArgs, key: string, required = false) =>
  matching(raw, key, (v) => DATETIME.test(v) && isTime(v), 'a time in ISO 8601 with offset, e.g. 2026-12-01T09:00:00-05:00', required);

/** Drops undefined values so optional arguments stay absent (exactOptionalPropertyTypes). */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
