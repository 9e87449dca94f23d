/**
 * The arguments of our six tools (as modules/agents/tools.ts declares them to the model), checked. The
 * model writes them, so anything may arrive: a bad argument becomes an error result that names it, which
 * the model can correct on its next try. Unknown extra arguments are ignored.
 */
import { isE164 } from '../../platform/phone.ts';

export const TOOL_NAMES = ['check_availability', 'book_appointment', 'cancel_appointment', 'lookup_knowledge', 'send_sms', 'transfer_call'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Tools with effects outside the conversation: a retried call must not run them twice. */
export const WRITE_TOOLS: ReadonlySet<string> = new Set<ToolName>(['book_appointment', 'cancel_appointment', 'send_sms']);

export interface ToolArgs {
  check_availability: { date_from?: string; date_to?: string; service?: string };
  book_appointment: { start: string; patient_name: string; patient_phone?: string; service?: string; notes?: string };
  cancel_appointment: { patient_phone?: string; confirmation_code?: string; start?: string };
  lookup_knowledge: { question: string };
  send_sms: { message: string; to?: string };
  transfer_call: { reason?: string };
}

export type ParsedTool = { [K in ToolName]: { name: K; args: ToolArgs[K] } }[ToolName];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

class ArgError extends Error {}

type Raw = Record<string, unknown>;

function text(raw: Raw, key: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null || (typeof v === 'string' && !v.trim() && !opts.required)) {
    if (opts.required) throw new ArgError(`${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || !v.trim()) throw new ArgError(`${key} must be a non-empty string`);
  if (v.length > (opts.max ?? 500)) throw new ArgError(`${key} is too long (at most ${opts.max ?? 500} characters)`);
  return v.trim();
}

function matching(raw: Raw, key: string, valid: (v: string) => boolean, shape: string, required = false): string | undefined {
  const v = text(raw, key, { required, max: 64 });
  if (v !== undefined && !valid(v)) throw new ArgError(`${key} must be ${shape}`);
  return v;
}

const isTime = (v: string) => !Number.isNaN(Date.parse(v));
const phone = (raw: Raw, key: string) => matching(raw, key, isE164, 'a phone number in E.164 form, e.g. +15551234567');
const day = (raw: Raw, key: string) => matching(raw, key, (v) => (DATE.test(v) || DATETIME.test(v)) && isTime(v), 'a date like 2026-12-01');
const instant = (raw: Raw, key: string, required = false) =>
  matching(raw, key, (v) => DATETIME.test(v) && isTime(v), 'a time in ISO 8601 with offset, e.g. 2026-12-01T09:00:00-05:00', required);

/** Drops undefined values so optional arguments stay absent (exactOptionalPropertyTypes). */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

function parse(name: ToolName, raw: Raw): ParsedTool {
  switch (name) {
    case 'check_availability':
      return { name, args: defined({ date_from: day(raw, 'date_from'), date_to: day(raw, 'date_to'), service: text(raw, 'service', { max: 200 }) }) };
    case 'book_appointment':
      return {
        name,
        args: {
          start: instant(raw, 'start', true)!,
          patient_name: text(raw, 'patient_name', { required: true, max: 200 })!,
          ...defined({ patient_phone: phone(raw, 'patient_phone'), service: text(raw, 'service', { max: 200 }), notes: text(raw, 'notes', { max: 1000 }) }),
        },
      };
    case 'cancel_appointment':
      return { name, args: defined({ patient_phone: phone(raw, 'patient_phone'), confirmation_code: text(raw, 'confirmation_code', { max: 40 }), start: instant(raw, 'start') }) };
    case 'lookup_knowledge':
      return { name, args: { question: text(raw, 'question', { required: true, max: 1000 })! } };
    case 'send_sms':
      return { name, args: { message: text(raw, 'message', { required: true, max: 1000 })!, ...defined({ to: phone(raw, 'to') }) } };
    case 'transfer_call':
      return { name, args: defined({ reason: text(raw, 'reason', { max: 500 }) }) };
  }
}

export function parseToolCall(name: string, raw: Record<string, unknown>): { ok: true; tool: ParsedTool } | { ok: false; error: string } {
  if (!(TOOL_NAMES as readonly string[]).includes(name)) return { ok: false, error: `Unknown tool "${name.slice(0, 60)}". Available tools: ${TOOL_NAMES.join(', ')}.` };
  try {
    return { ok: true, tool: parse(name as ToolName, raw) };
  } catch (err) {
    if (err instanceof ArgError) return { ok: false, error: `Invalid arguments for ${name}: ${err.message}.` };
    throw err;
  }
}
