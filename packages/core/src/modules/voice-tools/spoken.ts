/** What the scheduling tools say: times as spoken, lists with "or", known problems as one sentence, and which service a caller means. */
import { ApiError } from '../../platform/errors.ts';
import { catalogOf, type Catalog } from '../availability/index.ts';
import type { VoiceToolContext } from './tool.ts';

// Building an Intl formatter costs far more than formatting with one; live tool calls format on every answer.
const spokenFormats = new Map<string, Intl.DateTimeFormat>();

export function spokenTime(iso: string | Date, tz: string, withDay = true): string {
  const key = `${tz}|${withDay}`;
  let f = spokenFormats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = withDay
      ? { timeZone: tz, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' }
      : { timeZone: tz, hour: 'numeric', minute: '2-digit' };
    if (spokenFormats.size > 500) spokenFormats.clear();
    spokenFormats.set(key, (f = new Intl.DateTimeFormat('en-US', opts)));
  }
  return f.format(typeof iso === 'string' ? new Date(iso) : iso);
}

export const orList = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? ''));

export const problemLine = (err: unknown): string | null => {
  if (!(err instanceof ApiError)) return null;
  const lines: Record<string, string> = {
    outside_hours: "That time is outside the clinic's hours.",
    slot_in_past: 'That time has already passed.',
    service_has_no_resources: "That service can't be booked by phone yet.",
    recipient_opted_out: 'That number has opted out of text messages, so I can’t text it.',
    not_found: "I couldn't find that.",
  };
  return lines[err.code] ?? null;
};

export type ServiceChoice = { id: string; name: string } | { ask: string };

const SERVICE_ID = /^svc_[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The service a caller means: an id, its name (case-insensitive), a word of exactly one service's name
 * ("cleaning" for "Teeth Cleaning"), or, when the caller named none, the org's only service. Decided on
 * the org's cached catalog (live services, by name), so it costs no round trip.
 */
export function chooseService(catalog: Catalog, service: string | undefined): ServiceChoice {
  const pick = (s: { id: string; name: string }) => ({ id: s.id, name: s.name });
  const said = service?.trim();
  if (said) {
    if (SERVICE_ID.test(said)) {
      const byId = catalog.service.get(said);
      return byId ? pick(byId) : { ask: "I couldn't find that service." };
    }
    const lower = said.toLowerCase();
    const exact = catalog.services.find((s) => s.name.toLowerCase() === lower);
    if (exact) return pick(exact);
    const partial = catalog.services.filter((s) => s.name.toLowerCase().includes(lower)).slice(0, 4);
    if (partial.length === 1) return pick(partial[0]!);
    if (partial.length > 1) return { ask: `Which service do you mean: ${orList(partial.map((p) => p.name))}?` };
    return { ask: "I couldn't find that service." };
  }
  const all = catalog.services.slice(0, 6);
  if (all.length === 1) return pick(all[0]!);
  if (!all.length) return { ask: "I can't book appointments by phone yet." };
  return { ask: `What kind of visit is it: ${orList(all.slice(0, 5).map((p) => p.name))}?` };
}

/** Accepts a service id or its name (what a caller says), case-insensitively. */
export async function resolveService(ctx: VoiceToolContext, service: string | undefined): Promise<ServiceChoice> {
  return chooseService(await catalogOf(ctx.deps, ctx.orgId), service);
}
