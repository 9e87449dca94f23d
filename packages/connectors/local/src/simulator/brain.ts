/**
 * The simulator's "agent side": picks tools from the caller's words with fixed rules instead of an
 * LLM, so a scripted call is repeatable and can run in CI. Pure: no clock, no randomness, no I/O;
 * `now` and the clinic time zone come in as input.
 *
 * Rules, first match wins (only tools the assistant enables are used; otherwise the reply says the
 * line cannot do that):
 *  1. person / human / receptionist / front desk / speak to someone / emergency / urgent
 *     -> transfer_call {reason}
 *  2. cancel / can't make it -> cancel_appointment {patient_phone: caller, confirmation_code?}
 *     (a code is 6-12 letters and digits mixed, or all capitals, or 6+ spelled single characters)
 *  3. while slots are offered (the ISO datetimes of the last check_availability result):
 *     - a day is named and no offered slot is on it -> check_availability for that day
 *     - acceptance (yes, sure, works, that one, first/second/last, a time like "9:30" or "nine
 *       thirty", morning/afternoon/evening, book) -> book_appointment with the slot whose local
 *       time (as written in the ISO string) matches the spoken time, else the ordinal, else the
 *       first in the wanted part of the day (said now, or before the slots were offered), else the
 *       first; patient_name from "my name is X" / "this is X" / "I'm X" (default "Test Caller")
 *     - a plain "no" -> ask for another day
 *  4. booking words (book, appointment, schedule, available, opening...) or a service word that is
 *     not part of a price/insurance/hours question -> check_availability {date_from, date_to, service?}
 *     A named day (today, tomorrow, Tuesday, next Tuesday, December 3, 12/03) searches that day; "next
 *     week" searches Monday to Sunday of next week; otherwise today plus 13 days. Never books in the
 *     same turn, even when the caller already gave a time: the caller must accept an offered slot.
 *  5. text me / send me a text / sms -> send_sms {to: caller, message}
 *  6. a question (?, what, how much, do you, where, insurance, hours...) -> lookup_knowledge {question}
 *  7. goodbye / that's all -> end (also after the tools of rules 1-6 when the caller says bye there)
 *  8. otherwise a generic reply.
 */
import { hasPhrase } from '../analyzer/text.ts';

export const SIMULATOR_TOOLS = ['check_availability', 'book_appointment', 'cancel_appointment', 'lookup_knowledge', 'send_sms', 'transfer_call'] as const;
export type SimulatorToolName = (typeof SIMULATOR_TOOLS)[number];

export type DayPart = 'morning' | 'afternoon' | 'evening';

/** A clock time as spoken: "9" is {hour: 9, minute: null, meridiem: null}. */
export interface SpokenTime {
  hour: number;
  minute: number | null;
  meridiem: 'am' | 'pm' | null;
}

export interface TimePreference {
  time: SpokenTime | null;
  dayPart: DayPart | null;
}

export interface BrainState {
  /** Start times (ISO 8601 with offset) from the last availability result, in the order offered. */
  offeredSlots: string[];
  patientName: string | null;
  service: string | null;
  /** A time the caller wanted before slots were offered ("next Tuesday morning"), used on a bare "yes". */
  preference: TimePreference | null;
  /** The spoken line of a successful booking, so a later "text me" can carry it. */
  bookedLine: string | null;
}

export function initialBrainState(): BrainState {
  return { offeredSlots: [], patientName: null, service: null, preference: null, bookedLine: null };
}

export interface BrainInput {
  utterance: string;
  state: BrainState;
  enabledTools: readonly string[];
  /** The caller's (or callee's) number, E.164. */
  callerNumber: string | null;
  now: Date;
  /** IANA zone of the clinic; relative dates are resolved in it. UTC when unknown or invalid. */
  timeZone?: string | null;
}

export interface BrainToolCall {
  name: SimulatorToolName;
  arguments: Record<string, unknown>;
}

export interface BrainTurn {
  toolCalls: BrainToolCall[];
  /**
   * What to say now; null when tools were called (the reply then comes from their results) or when
   * the turn only ends the call (the goodbye line is the caller of the brain's choice).
   */
  reply: string | null;
  /** The assistant ends the call after this turn (after the tools, if any). */
  end: boolean;
  state: BrainState;
}

export interface ToolOutcome {
  name: string;
  arguments: Record<string, unknown>;
  result: string | null;
  error: string | null;
}

export const DEFAULT_PATIENT_NAME = 'Test Caller';

// ---------------------------------------------------------------- lexicon

const TRANSFER = ['a person', 'real person', 'human', 'receptionist', 'front desk', 'operator', 'speak to someone', 'speak with someone', 'talk to someone', 'speak to somebody', 'talk to somebody', 'speak to a', 'talk to a', 'speak with a', 'emergency', 'urgent'];
const EMERGENCY = ['emergency', 'urgent'];
const CANCEL = ['cancel', 'cancellation', "can't make it", 'cannot make it', "won't make it", "can't come", 'call off'];
const BOOKING = ['book', 'booking', 'appointment', 'appointments', 'schedule', 'available', 'availability', 'opening', 'openings', 'slot', 'slots', 'come in', 'get in', 'reschedule'];
/** Canonical service name first, then the ways callers say it. */
const SERVICES: readonly (readonly string[])[] = [
  ['cleaning', 'cleaning', 'clean'],
  ['consultation', 'consultation', 'consult'],
  ['whitening', 'whitening'],
  ['botox', 'botox'],
  ['filler', 'filler', 'fillers'],
  ['facial', 'facial', 'hydrafacial'],
  ['exam', 'exam', 'examination'],
  ['checkup', 'checkup', 'check-up', 'check up'],
  ['filling', 'filling'],
  ['crown', 'crown'],
  ['implant', 'implant', 'implants'],
  ['peel', 'peel', 'chemical peel'],
  ['laser', 'laser'],
  ['microneedling', 'microneedling'],
];
const KNOWLEDGE = ['how much', 'cost', 'costs', 'price', 'prices', 'pricing', 'insurance', 'do you take', 'do you accept', 'where', 'address', 'parking', 'directions', 'hours', 'open', 'located'];
const QUESTION_START = /^(what|how|when|where|why|which|who|do you|does|are you|is there|is it|can i|can you|could you|will you|would you)\b/;
const SMS = ['text me', 'send me a text', 'sms', 'text it', 'text that', 'text the', 'send me a message', 'message me'];
const GOODBYE = ['bye', 'goodbye', 'bye bye', "that's all", 'that is all', "that's it", 'nothing else', 'have a good day', 'have a nice day', 'talk to you later'];
const THANKS = ['thanks', 'thank you'];
const ACCEPT = ['yes', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'works', 'work', 'that one', 'sounds good', 'perfect', 'great', 'fine', "let's do", "i'll take", 'book', 'please', 'go ahead', 'absolutely', 'definitely'];
const DECLINE = ['no', 'nope', 'none', 'neither', "doesn't work", "don't", "can't do", 'not'];
const ORDINALS: readonly [string, number][] = [
  ['first', 0], ['1st', 0], ['earliest', 0], ['earlier', 0],
  ['second', 1], ['2nd', 1], ['third', 2], ['3rd', 2],
  ['last', -1], ['latest', -1], ['later', -1],
];

const CANNOT: Record<SimulatorToolName, string> = {
  check_availability: "Sorry, I can't book appointments on this line.",
  book_appointment: "Sorry, I can't book appointments on this line.",
  cancel_appointment: "Sorry, I can't cancel appointments on this line.",
  lookup_knowledge: "Sorry, I can't answer that on this line.",
  send_sms: "Sorry, I can't send text messages on this line.",
  transfer_call: "Sorry, I can't transfer calls on this line.",
};

// ---------------------------------------------------------------- dates

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

export interface DateRange {
  from: string;
  to: string;
  /** A single named day (as opposed to a search window). */
  named: boolean;
}

const DAY_MS = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const addDays = (date: string, n: number) => ymd(msOf(date) + n * DAY_MS);
const weekdayOf = (date: string) => new Date(msOf(date)).getUTCDay();

/** Today's calendar date where the clinic is. */
export function localDate(now: Date, timeZone?: string | null): string {
  try {
    // en-CA formats as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return ymd(now.getTime());
  }
}

/** The next month/day on or after today (a caller never means a past date). */
function upcoming(today: string, month: number, day: number, year?: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const build = (y: number) => {
    const d = new Date(Date.UTC(y, month - 1, day));
    return d.getUTCMonth() === month - 1 ? ymd(d.getTime()) : null;
  };
  const thisYear = Number(today.slice(0, 4));
  if (year !== undefined) return build(year < 100 ? 2000 + year : year);
  const candidate = build(thisYear);
  return candidate && candidate >= today ? candidate : build(thisYear + 1);
}

interface DateMatch extends DateRange {
  /** The words that expressed the date, removed before looking for a spoken time. */
  text: string;
}

function findDate(lower: string, today: string): DateMatch | null {
  const single = (date: string | null, text: string): DateMatch | null => (date ? { from: date, to: date, named: true, text } : null);
  let m = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(lower);
  if (m) return single(upcoming(today, Number(m[2]), Number(m[3]), Number(m[1])), m[0]);
  // US order, as American clinics' callers say it.
  m = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/.exec(lower);
  if (m) return single(upcoming(today, Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined), m[0]);
  m = new RegExp(`\\b${MONTH_RE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`).exec(lower);
  if (m) return single(upcoming(today, monthNumber(m[1]!), Number(m[2])), m[0]);
  m = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}\\b`).exec(lower);
  if (m) return single(upcoming(today, monthNumber(m[2]!), Number(m[1])), m[0]);
  m = /\bday after tomorrow\b/.exec(lower);
  if (m) return single(addDays(today, 2), m[0]);
  m = /\b(today|tonight|this (?:morning|afternoon|evening))\b/.exec(lower);
  if (m) return single(today, m[0]);
  m = /\btomorrow\b/.exec(lower);
  if (m) return single(addDays(today, 1), m[0]);
  m = /\bnext week\b/.exec(lower);
  if (m) {
    const monday = addDays(today, ((8 - weekdayOf(today)) % 7) || 7);
    return { from: monday, to: addDays(monday, 6), named: false, text: m[0] };
  }
  m = /\b(?:(next|this|coming)\s+)?(sunday|monday|tuesday|tues|wednesday|thursday|thurs|friday|saturday)s?\b/.exec(lower);
  if (m) {
    const target = WEEKDAYS.findIndex((w) => w.startsWith(m![2]!));
    const today_ = weekdayOf(today);
    // The next occurrence after today; "next X" skips to next week's X when that one is still this week.
    let delta = (target - today_ + 7) % 7 || 7;
    const daysToSunday = (7 - today_) % 7;
    if (m[1] === 'next' && delta <= daysToSunday) delta += 7;
    return single(addDays(today, delta), m[0]);
  }
  return null;
}

function monthNumber(word: string): number {
  return MONTHS.findIndex((name) => name.startsWith(word.slice(0, 3))) + 1;
}

/** The days a caller's words ask about; null when they name none. */
export function parseDateRange(utterance: string, now: Date, timeZone?: string | null): DateRange | null {
  const found = findDate(normalize(utterance), localDate(now, timeZone));
  return found && { from: found.from, to: found.to, named: found.named };
}

// ---------------------------------------------------------------- times

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const HOUR_WORD = `(\\d{1,2}|${NUMBER_WORDS.join('|')})`;
const MERIDIEM = '(a\\.?m\\.?|p\\.?m\\.?)';
const MINUTE_WORDS: Record<string, number> = { "o'clock": 0, oclock: 0, 'oh five': 5, fifteen: 15, thirty: 30, 'forty five': 45, 'forty-five': 45 };

const hourOf = (w: string) => (/^\d+$/.test(w) ? Number(w) : NUMBER_WORDS.indexOf(w) + 1);
const meridiemOf = (w: string | undefined): 'am' | 'pm' | null => (w ? (w.startsWith('a') ? 'am' : 'pm') : null);

/** The first clock time in the words, e.g. "9", "9:30", "2 pm", "nine thirty", "half past nine", "noon". */
export function parseSpokenTime(utterance: string): SpokenTime | null {
  // Dates and long numbers (phones, codes) contain digits that are not times.
  const today = '2000-01-01';
  let lower = normalize(utterance);
  const date = findDate(lower, today);
  if (date) lower = lower.replace(date.text, ' ');
  lower = lower.replace(/\+?\d{5,}/g, ' ');
  return findTime(lower);
}

function findTime(lower: string): SpokenTime | null {
  const valid = (t: SpokenTime): SpokenTime | null => (t.hour >= 1 && t.hour <= 23 && (t.minute === null || t.minute < 60) ? t : null);
  if (/\bnoon\b/.test(lower)) return { hour: 12, minute: 0, meridiem: 'pm' };
  let m = new RegExp(`\\b(\\d{1,2}):(\\d{2})\\s*${MERIDIEM}?`).exec(lower);
  if (m) return valid({ hour: Number(m[1]), minute: Number(m[2]), meridiem: meridiemOf(m[3]) });
  m = new RegExp(`\\bhalf past ${HOUR_WORD}\\b`).exec(lower);
  if (m) return valid({ hour: hourOf(m[1]!), minute: 30, meridiem: null });
  const minuteWords = Object.keys(MINUTE_WORDS).join('|');
  m = new RegExp(`\\b${HOUR_WORD}\\s+(${minuteWords})(?:\\s*${MERIDIEM})?`).exec(lower);
  if (m) return valid({ hour: hourOf(m[1]!), minute: MINUTE_WORDS[m[2]!] ?? 0, meridiem: meridiemOf(m[3]) });
  m = new RegExp(`\\b${HOUR_WORD}\\s*${MERIDIEM}(?![a-z])`).exec(lower);
  if (m) return valid({ hour: hourOf(m[1]!), minute: null, meridiem: meridiemOf(m[2]) });
  m = new RegExp(`\\bat ${HOUR_WORD}\\b`).exec(lower);
  if (m) return valid({ hour: hourOf(m[1]!), minute: null, meridiem: null });
  // A bare number; "one" alone is left out because "that one" / "the first one" is not a time.
  m = new RegExp(`(?<![\\d:/.])\\b(\\d{1,2}|${NUMBER_WORDS.slice(1).join('|')})\\b(?![\\d:/])`).exec(lower);
  if (m) return valid({ hour: hourOf(m[1]!), minute: null, meridiem: null });
  return null;
}

function findDayPart(lower: string): DayPart | null {
  if (/\bmorning\b/.test(lower)) return 'morning';
  if (/\bafternoon\b/.test(lower)) return 'afternoon';
  if (/\b(evening|tonight|after work)\b/.test(lower)) return 'evening';
  return null;
}

/** Local hour and minute as written in an ISO string, i.e. in the offset the server gave. */
function clockOf(iso: string): { hour: number; minute: number } {
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return { hour: Number(m?.[1] ?? 0), minute: Number(m?.[2] ?? 0) };
}

function timeMatches(slot: string, t: SpokenTime): boolean {
  const { hour, minute } = clockOf(slot);
  if (t.meridiem) {
    if (hour !== (t.hour % 12) + (t.meridiem === 'pm' ? 12 : 0)) return false;
  } else if (t.hour > 12) {
    if (hour !== t.hour) return false;
  } else if ((hour % 12 || 12) !== t.hour) return false;
  return t.minute === null || minute === t.minute;
}

function partOf(slot: string): DayPart {
  const { hour } = clockOf(slot);
  return hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
}

interface SlotCues {
  ordinal: number | null;
  time: SpokenTime | null;
  dayPart: DayPart | null;
}

function pickSlot(slots: readonly string[], cues: SlotCues, preference: TimePreference | null): string {
  const time = cues.time ?? (cues.ordinal === null ? preference?.time ?? null : null);
  if (time) {
    const hits = slots.filter((s) => timeMatches(s, time));
    // "9" means 9:00 before 9:30 when both are offered.
    const onHour = time.minute === null ? hits.find((s) => clockOf(s).minute === 0) : undefined;
    if (onHour ?? hits[0]) return (onHour ?? hits[0])!;
  }
  if (cues.ordinal !== null) {
    const s = cues.ordinal < 0 ? slots.at(-1) : slots[cues.ordinal];
    if (s) return s;
  }
  const part = cues.dayPart ?? (cues.ordinal === null ? preference?.dayPart ?? null : null);
  return (part ? slots.find((s) => partOf(s) === part) : undefined) ?? slots[0]!;
}

// ---------------------------------------------------------------- extraction

function normalize(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim();
}

const NAME_STOP = new Set(['and', 'i', 'im', 'calling', 'from', 'here', 'the', 'a', 'an', 'my', 'to', 'with', 'about', 'looking', 'just', 'so', 'but', 'new', 'patient', 'not', 'very']);
const titleCase = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** "my name is jane doe" in any case; "this is Sam" / "I'm Sam" only capitalised (else "I'm looking..."). */
export function extractName(utterance: string): string | null {
  const text = utterance.replace(/[\u2018\u2019]/g, "'");
  const take = (raw: string, anyCase: boolean) => {
    const out: string[] = [];
    for (const w of raw.split(/\s+/)) {
      const word = w.replace(/[^A-Za-z'-]/g, '');
      const key = word.toLowerCase();
      if (!word || NAME_STOP.has(key) || WEEKDAYS.includes(key) || MONTHS.includes(key) || (!anyCase && !/^[A-Z]/.test(word))) break;
      out.push(titleCase(word));
      if (/[.,!?;]$/.test(w) || out.length === 3) break;
    }
    return out.length ? out.join(' ') : null;
  };
  const named = /\bmy name is\s+([^.,!?;]+)/i.exec(text) ?? /\bname's\s+([^.,!?;]+)/i.exec(text);
  if (named) return take(named[1]!, true);
  const intro = /(?:\b[Tt]his is|\bI'm|\bI am)\s+([^.,!?;]+)/.exec(text);
  return intro ? take(intro[1]!, false) : null;
}

/**
 * A confirmation code: 6-12 letters and digits mixed ("K7P2QX"), 6-8 digits, capitals in a sentence
 * that is not all capitals ("KQPXZT"), or 6-12 characters spelled out ("K 7 P 2 Q X", "k-7-p-2-q-x").
 * Longer digit runs are phone numbers.
 */
export function extractConfirmationCode(utterance: string): string | null {
  const spelled = /(?<![A-Za-z0-9])(?:[A-Za-z0-9][\s.-]+){5,11}[A-Za-z0-9](?![A-Za-z0-9])/.exec(utterance);
  if (spelled) return spelled[0].replace(/[\s.-]/g, '').toUpperCase();
  const shouting = !/[a-z]/.test(utterance);
  for (const token of utterance.match(/(?<![A-Za-z0-9])[A-Za-z0-9]{6,12}(?![A-Za-z0-9])/g) ?? []) {
    const mixed = /\d/.test(token) && /[A-Za-z]/.test(token);
    if (mixed || /^\d{6,8}$/.test(token) || (!shouting && /^[A-Z]+$/.test(token))) return token.toUpperCase();
  }
  return null;
}

function findService(lower: string): string | null {
  for (const [canonical, ...ways] of SERVICES) if (hasPhrase(lower, ways)) return canonical!;
  return null;
}

function findOrdinal(lower: string): number | null {
  for (const [word, index] of ORDINALS) if (hasPhrase(lower, [word])) return index;
  return null;
}

const ISO_RE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** Every ISO 8601 datetime in a tool result, in order, without repeats. */
export function offeredSlotsIn(text: string): string[] {
  return [...new Set(text.match(ISO_RE) ?? [])];
}

/**
 * Where the "Times: ..." hint meant for machines starts: at the whitespace before the first "Times:"
 * that opens a word. Found with indexOf, not `\s*\bTimes:`, which retried a long run of spaces from
 * each of its positions (issue #10).
 */
function hintStart(text: string): number {
  for (let i = text.indexOf('Times:'); i >= 0; i = text.indexOf('Times:', i + 1)) {
    if (i > 0 && /\w/.test(text[i - 1]!)) continue;
    let start = i;
    while (start > 0 && /\s/.test(text[start - 1]!)) start--;
    return start;
  }
  return -1;
}

/** A tool result as the assistant says it: without the machine hint, on one line. */
export function spokenResult(text: string): string {
  const hint = hintStart(text);
  return (hint < 0 ? text : text.slice(0, hint)).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------- decisions

export function decideTurn(input: BrainInput): BrainTurn {
  const { utterance, enabledTools, callerNumber } = input;
  const lower = normalize(utterance);
  const today = localDate(input.now, input.timeZone);
  const state: BrainState = {
    ...input.state,
    offeredSlots: [...input.state.offeredSlots],
    patientName: extractName(utterance) ?? input.state.patientName,
    service: findService(lower) ?? input.state.service,
  };
  const end = hasPhrase(lower, GOODBYE);
  const say = (reply: string | null, s: BrainState = state): BrainTurn => ({ toolCalls: [], reply, end, state: s });
  const call = (name: SimulatorToolName, args: Record<string, unknown>, s: BrainState = state): BrainTurn =>
    enabledTools.includes(name) ? { toolCalls: [{ name, arguments: args }], reply: null, end, state: s } : say(CANNOT[name], s);
  const phone = callerNumber ? { patient_phone: callerNumber } : {};

  if (hasPhrase(lower, TRANSFER)) {
    return call('transfer_call', { reason: hasPhrase(lower, EMERGENCY) ? 'Emergency' : 'Caller asked to speak to a person' });
  }
  if (hasPhrase(lower, CANCEL)) {
    const code = extractConfirmationCode(utterance);
    return call('cancel_appointment', { ...phone, ...(code ? { confirmation_code: code } : {}) });
  }

  const date = findDate(lower, today);
  const rest = date ? lower.replace(date.text, ' ') : lower;
  const cues: SlotCues = { ordinal: findOrdinal(rest), time: findTime(rest.replace(/\+?\d{5,}/g, ' ')), dayPart: findDayPart(lower) };
  const checkFor = (range: DateRange | null) => {
    const from = range?.from ?? today;
    const to = range ? range.to : addDays(today, 13);
    const preference = cues.time || cues.dayPart ? { time: cues.time, dayPart: cues.dayPart } : state.preference;
    return call('check_availability', { date_from: from, date_to: to, ...(state.service ? { service: state.service } : {}) }, { ...state, preference });
  };

  if (state.offeredSlots.length) {
    const inRange = date ? state.offeredSlots.filter((s) => s.slice(0, 10) >= date.from && s.slice(0, 10) <= date.to) : state.offeredSlots;
    // A time, an ordinal or a part of the day is a choice even after "no" ("no, the second one").
    const declines = hasPhrase(rest, DECLINE);
    const accepts = cues.ordinal !== null || cues.time !== null || cues.dayPart !== null || (!declines && hasPhrase(rest, ACCEPT));
    // A day alone ("what about Friday?") asks about that day rather than choosing.
    if (date && (!inRange.length || !accepts)) return checkFor(date);
    if (accepts) {
      const start = pickSlot(inRange, cues, state.preference);
      return call('book_appointment', {
        start,
        patient_name: state.patientName ?? DEFAULT_PATIENT_NAME,
        ...phone,
        ...(state.service ? { service: state.service } : {}),
      });
    }
    if (declines && !end) return say('No problem. Is there another day that works better for you?');
  }

  const knowledgeCue = hasPhrase(lower, KNOWLEDGE);
  if (hasPhrase(lower, BOOKING) || (findService(lower) && !knowledgeCue)) return checkFor(date);
  if (hasPhrase(lower, SMS)) {
    const message = state.bookedLine
      ? `Thanks for booking with us. ${state.bookedLine}`
      : 'Thanks for calling! Reply to this text or call us back any time if you have questions.';
    return call('send_sms', { ...(callerNumber ? { to: callerNumber } : {}), message });
  }
  if (!end && (lower.includes('?') || QUESTION_START.test(lower) || knowledgeCue)) {
    return call('lookup_knowledge', { question: utterance.trim() });
  }
  if (end) return say(null);
  if (hasPhrase(lower, THANKS)) return say("You're welcome. Is there anything else I can help you with?");
  const introduced = extractName(utterance);
  if (introduced) return say(`Nice to meet you, ${introduced.split(' ')[0]}. How can I help you today?`);
  if (hasPhrase(lower, ['yes', 'yeah', 'sure', 'okay', 'ok'])) return say('Great. What day would you like to come in?');
  return say('I can help you book or cancel an appointment, or answer questions about the clinic. What would you like to do?');
}

/**
 * Folds tool results into the state and gives the line the assistant says next. An availability
 * result offers every ISO datetime in it. A booking result is a success unless it carries a
 * "Times: ..." hint (the slot was taken and those are the alternatives); a booking error offers the
 * datetimes it names, or else just withdraws the slot that failed.
 */
export function afterToolResults(state: BrainState, outcomes: readonly ToolOutcome[]): { reply: string; state: BrainState } {
  let next: BrainState = { ...state, offeredSlots: [...state.offeredSlots] };
  for (const o of outcomes) {
    if (o.name === 'check_availability') next = { ...next, offeredSlots: o.result === null ? [] : offeredSlotsIn(o.result) };
    else if (o.name === 'book_appointment') {
      const alternatives = o.result !== null ? offeredSlotsIn(/\bTimes:(.*)$/s.exec(o.result)?.[1] ?? '') : offeredSlotsIn(o.error ?? '');
      if (alternatives.length) next = { ...next, offeredSlots: alternatives };
      else if (o.result !== null) next = { ...next, offeredSlots: [], preference: null, bookedLine: spokenResult(o.result) };
      else next = { ...next, offeredSlots: next.offeredSlots.filter((s) => s !== o.arguments.start) };
    }
  }
  const reply = outcomes.map((o) => spokenResult(o.result ?? o.error ?? '')).filter(Boolean).join(' ');
  return { reply: reply || 'Sorry, something went wrong on my side.', state: next };
}
