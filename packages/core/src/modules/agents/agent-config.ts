/**
 * An agent's configuration: the part that is versioned (every change is a revision). The contract checks
 * shapes; this file checks what a schema cannot say (a real IANA zone, non-overlapping hours, a transfer
 * destination exactly where a transfer needs one) and fills defaults.
 */
import { realtimeVoiceConflict } from '@voxanne/connector-kit';
import type { components } from '../../generated/api.ts';
import { ApiError, badRequest } from '../../platform/errors.ts';

export type AgentConfig = components['schemas']['AgentConfig'];
type Interval = components['schemas']['BusinessHoursInterval'];

export type AgentCreateInput = Pick<AgentConfig, 'kind' | 'name' | 'system_prompt' | 'timezone'> & Partial<AgentConfig>;
export type AgentPatch = Partial<Omit<AgentConfig, 'kind'>>;

export const DEFAULTS = {
  first_message: null,
  voice: { provider: 'local', voice_id: 'local-aria' },
  model: { provider: 'openai', model: 'gpt-4o' },
  tools: [],
  business_hours: [],
  language: 'en',
  max_duration_seconds: 600,
  voicemail_message: null,
  after_hours: { behavior: 'take_message' },
} satisfies Omit<AgentConfig, 'kind' | 'name' | 'system_prompt' | 'timezone'>;

/** Builds the full configuration in one fixed key order, so equal configurations serialise equally. */
export function normalize(c: AgentConfig): AgentConfig {
  return {
    kind: c.kind,
    name: c.name,
    system_prompt: c.system_prompt,
    first_message: c.first_message,
    voice: { provider: c.voice.provider, voice_id: c.voice.voice_id },
    model: { provider: c.model.provider, model: c.model.model },
    tools: c.tools.map((t) => (t.destination ? { type: t.type, destination: t.destination } : { type: t.type })),
    business_hours: c.business_hours.map((h) => ({ day: h.day, start: h.start, end: h.end })),
    timezone: c.timezone,
    language: c.language,
    max_duration_seconds: c.max_duration_seconds,
    voicemail_message: c.voicemail_message,
    after_hours: {
      behavior: c.after_hours.behavior,
      ...(c.after_hours.message ? { message: c.after_hours.message } : {}),
      ...(c.after_hours.transfer_to ? { transfer_to: c.after_hours.transfer_to } : {}),
    },
  };
}

export function withDefaults(input: AgentCreateInput): AgentConfig {
  return normalize({ ...structuredClone(DEFAULTS), ...input } as AgentConfig);
}

export function applyPatch(current: AgentConfig, patch: AgentPatch): AgentConfig {
  return normalize({ ...current, ...patch });
}

/** Key-order-independent equality (jsonb does not keep the order we wrote). */
export function sameConfig(a: AgentConfig, b: AgentConfig): boolean {
  return stable(normalize(a)) === stable(normalize(b));
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const IANA_SHAPE = /^(UTC|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/;

export function isIanaTimezone(tz: string): boolean {
  if (!IANA_SHAPE.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Every rule the schema cannot express; all problems are reported at once, as the validator does. */
export function validateConfig(c: AgentConfig): void {
  const errors: { path: string; message: string }[] = [];
  if (!isIanaTimezone(c.timezone)) errors.push({ path: '/body/timezone', message: 'must be an IANA time zone such as America/New_York' });

  const seen = new Set<string>();
  c.tools.forEach((t, i) => {
    if (seen.has(t.type)) errors.push({ path: `/body/tools/${i}/type`, message: `${t.type} is listed twice` });
    seen.add(t.type);
    if (t.type === 'transfer_call' && !t.destination) errors.push({ path: `/body/tools/${i}/destination`, message: 'is required for transfer_call' });
    if (t.type !== 'transfer_call' && t.destination) errors.push({ path: `/body/tools/${i}/destination`, message: 'is only for transfer_call' });
  });

  const byDay = new Map<string, { i: number; from: number; to: number }[]>();
  c.business_hours.forEach((h: Interval, i) => {
    const from = minutes(h.start);
    const to = minutes(h.end);
    if (to <= from) errors.push({ path: `/body/business_hours/${i}`, message: 'end must be after start' });
    const list = byDay.get(h.day) ?? [];
    for (const o of list) {
      if (from < o.to && o.from < to) errors.push({ path: `/body/business_hours/${i}`, message: `overlaps business_hours/${o.i}` });
    }
    list.push({ i, from, to });
    byDay.set(h.day, list);
  });

  const ah = c.after_hours;
  if (ah.behavior === 'transfer' && !ah.transfer_to) errors.push({ path: '/body/after_hours/transfer_to', message: 'is required when behavior is transfer' });
  if (ah.behavior !== 'transfer' && ah.transfer_to) errors.push({ path: '/body/after_hours/transfer_to', message: 'is only for behavior transfer' });

  if (errors.length) throw badRequest('validation_failed', 'The agent configuration is invalid.', { errors });
  assertVoiceFitsModel(c);
}

/**
 * Each part is valid alone, but the pair cannot be deployed: Vapi plays some OpenAI voices only with a
 * realtime model. A 422 (not 400): the request is well-formed, the combination is what cannot work.
 */
export function assertVoiceFitsModel(c: Pick<AgentConfig, 'voice' | 'model'>): void {
  const conflict = realtimeVoiceConflict({ provider: c.voice.provider, voiceId: c.voice.voice_id }, c.model);
  if (conflict) throw new ApiError(422, 'voice_needs_realtime_model', conflict, { voice_id: c.voice.voice_id, model: c.model.model });
}
