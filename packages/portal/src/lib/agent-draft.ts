/**
 * The agent editor works on a draft: strings where the form has text boxes, a checkbox per tool, hours as
 * rows. This module converts between the draft and the API's AgentConfig, checks what can be checked
 * before a round trip, and builds the PATCH of only what changed (so a save writes the revision you meant).
 */
import type { Agent, AgentConfig, AgentPatch, AgentTool, BusinessHoursInterval, VoiceProvider } from '../api.ts';
import { e164Error } from './e164.ts';
import { browserTimezone } from './timezones.ts';

export type ToolType = AgentTool['type'];
export type Day = BusinessHoursInterval['day'];
export type AfterHoursBehavior = AgentConfig['after_hours']['behavior'];

export const TOOLS: { type: ToolType; label: string; hint: string }[] = [
  { type: 'check_availability', label: 'Check availability', hint: 'Looks up open appointment times' },
  { type: 'book_appointment', label: 'Book appointments', hint: 'Books a slot for the caller' },
  { type: 'cancel_appointment', label: 'Cancel appointments', hint: 'Cancels a caller’s booking' },
  { type: 'lookup_knowledge', label: 'Answer from knowledge', hint: 'Searches your documents and FAQs' },
  { type: 'send_sms', label: 'Send text messages', hint: 'Texts confirmations and links' },
  { type: 'transfer_call', label: 'Transfer calls', hint: 'Hands the call to a person' },
];

export const DAYS: { day: Day; label: string }[] = [
  { day: 'mon', label: 'Monday' },
  { day: 'tue', label: 'Tuesday' },
  { day: 'wed', label: 'Wednesday' },
  { day: 'thu', label: 'Thursday' },
  { day: 'fri', label: 'Friday' },
  { day: 'sat', label: 'Saturday' },
  { day: 'sun', label: 'Sunday' },
];

export interface HoursRow {
  key: number;
  day: Day;
  start: string;
  /** As the time input shows it: `00:00` stands for the API's `24:00` (midnight at the end of the day). */
  end: string;
}

export interface AgentDraft {
  kind: AgentConfig['kind'];
  name: string;
  system_prompt: string;
  first_message: string;
  voice: { provider: VoiceProvider; voice_id: string };
  model_provider: string;
  model: string;
  tools: Record<ToolType, boolean>;
  transfer_destination: string;
  hours: HoursRow[];
  timezone: string;
  language: string;
  max_duration_seconds: string;
  voicemail_message: string;
  after_hours: AfterHoursBehavior;
  after_hours_message: string;
  after_hours_transfer_to: string;
}

let nextKey = 1;
export const hoursRow = (day: Day, start = '09:00', end = '17:00'): HoursRow => ({ key: nextKey++, day, start, end });

/** What a new agent starts with: the API's own defaults, in the browser's timezone. */
const NEW_AGENT: AgentConfig = {
  kind: 'inbound',
  name: '',
  system_prompt: '',
  first_message: null,
  voice: { provider: 'local', voice_id: 'local-aria' },
  model: { provider: 'openai', model: 'gpt-4o' },
  tools: [],
  business_hours: [],
  timezone: browserTimezone(),
  language: 'en',
  max_duration_seconds: 600,
  voicemail_message: null,
  after_hours: { behavior: 'take_message' },
};

export function draftFrom(agent: AgentConfig | null): AgentDraft {
  const c = agent ?? NEW_AGENT;
  const on = new Set(c.tools.map((t) => t.type));
  return {
    kind: c.kind,
    name: c.name,
    system_prompt: c.system_prompt,
    first_message: c.first_message ?? '',
    voice: { ...c.voice },
    model_provider: c.model.provider,
    model: c.model.model,
    tools: Object.fromEntries(TOOLS.map((t) => [t.type, on.has(t.type)])) as Record<ToolType, boolean>,
    transfer_destination: c.tools.find((t) => t.type === 'transfer_call')?.destination ?? '',
    hours: c.business_hours.map((h) => hoursRow(h.day, h.start, h.end === '24:00' ? '00:00' : h.end)),
    timezone: c.timezone,
    language: c.language,
    max_duration_seconds: String(c.max_duration_seconds),
    voicemail_message: c.voicemail_message ?? '',
    after_hours: c.after_hours.behavior,
    after_hours_message: c.after_hours.message ?? '',
    after_hours_transfer_to: c.after_hours.transfer_to ?? '',
  };
}

const DAY_ORDER = new Map(DAYS.map((d, i) => [d.day, i]));
const sortHours = (hours: BusinessHoursInterval[]) =>
  [...hours].sort((a, b) => DAY_ORDER.get(a.day)! - DAY_ORDER.get(b.day)! || a.start.localeCompare(b.start)).map((h) => ({ day: h.day, start: h.start, end: h.end }));

const orNull = (s: string) => (s.trim() ? s.trim() : null);
export const endOf = (end: string) => (end === '00:00' ? '24:00' : end);

export function configFrom(d: AgentDraft): AgentConfig {
  return {
    kind: d.kind,
    name: d.name.trim(),
    system_prompt: d.system_prompt.trim(),
    first_message: orNull(d.first_message),
    voice: { ...d.voice },
    model: { provider: d.model_provider.trim(), model: d.model.trim() },
    tools: TOOLS.filter((t) => d.tools[t.type]).map((t) =>
      t.type === 'transfer_call' ? { type: t.type, destination: d.transfer_destination.trim() } : { type: t.type },
    ),
    business_hours: sortHours(d.hours.map((h) => ({ day: h.day, start: h.start, end: endOf(h.end) }))),
    timezone: d.timezone,
    language: d.language.trim(),
    max_duration_seconds: Number(d.max_duration_seconds),
    voicemail_message: orNull(d.voicemail_message),
    after_hours: {
      behavior: d.after_hours,
      ...(orNull(d.after_hours_message) ? { message: d.after_hours_message.trim() } : {}),
      ...(d.after_hours === 'transfer' ? { transfer_to: d.after_hours_transfer_to.trim() } : {}),
    },
  };
}

export type DraftErrors = Partial<Record<'transfer_destination' | 'after_hours_transfer_to' | 'hours' | 'max_duration_seconds' | 'language' | 'voice', string>>;

/** What the form can tell before sending; the server checks everything again and its problems are shown too. */
export function validate(d: AgentDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (d.tools.transfer_call) {
    errors.transfer_destination = d.transfer_destination.trim() ? (e164Error(d.transfer_destination) ?? undefined) : 'Enter the number calls are transferred to.';
  }
  if (d.after_hours === 'transfer') {
    errors.after_hours_transfer_to = d.after_hours_transfer_to.trim()
      ? (e164Error(d.after_hours_transfer_to) ?? undefined)
      : 'Enter the number after-hours calls go to.';
  }
  errors.hours = hoursError(d.hours);
  const seconds = Number(d.max_duration_seconds);
  if (!Number.isInteger(seconds) || seconds < 30 || seconds > 7200) errors.max_duration_seconds = 'A whole number of seconds from 30 to 7200.';
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(d.language.trim())) errors.language = 'A language tag such as en, es or es-US.';
  if (!d.voice.voice_id) errors.voice = 'Choose a voice.';
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as DraftErrors;
}

export function hoursError(rows: HoursRow[]): string | undefined {
  for (const { day, label } of DAYS) {
    const spans = rows.filter((r) => r.day === day).map((r) => ({ start: r.start, end: endOf(r.end) }));
    if (spans.some((s) => !s.start || !s.end)) return `${label}: fill in both times.`;
    if (spans.some((s) => s.end <= s.start)) return `${label}: closing time must be after opening time.`;
    spans.sort((a, b) => a.start.localeCompare(b.start));
    if (spans.some((s, i) => i > 0 && s.start < spans[i - 1]!.end)) return `${label}: opening hours overlap.`;
  }
  return undefined;
}

/** Only the fields that differ from the saved agent (`kind` cannot change after creation). */
export function patchFrom(saved: Agent, next: AgentConfig): AgentPatch {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (key === 'kind') continue;
    // Hours are compared in day order, so hours the API stored in another order do not count as a change.
    const before = key === 'business_hours' ? sortHours(saved.business_hours) : saved[key as keyof Agent];
    if (JSON.stringify(value) !== JSON.stringify(before)) patch[key] = value;
  }
  return patch as AgentPatch;
}
