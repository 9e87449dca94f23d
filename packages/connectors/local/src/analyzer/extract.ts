/** Structured fields pulled from the caller's words by pattern. Caller turns first: the agent repeats options the caller never chose. */
import type { AnalyzeCallContext, CallStructuredData, TranscriptTurn } from '@voxanne/connector-kit';
import { COMMON_SERVICES, INSURANCE_WORDS, INSURERS, NEW_PATIENT_NO, NEW_PATIENT_YES } from './lexicon.ts';
import { hasPhrase, phraseRegex } from './text.ts';

const DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|weekend|week)';
const PART = '(?:morning|afternoon|evening|night)';
const CLOCK = '(?:\\d{1,2}(?::\\d{2})?\\s*(?:am|pm|a\\.m\\.|p\\.m\\.)|noon)';
/** "next Tuesday morning", "this Friday at 3 pm", "tomorrow afternoon", "Monday". */
const DAY_TIME = new RegExp(`\\b(?:(?:next|this|on|coming)\\s+)?${DAY}(?:\\s+(?:${PART}|at\\s+${CLOCK}|${CLOCK}))?(?:\\s+(?:${PART}|at\\s+${CLOCK}))?`, 'i');
/** A time alone: "at 3 pm", "in the morning". */
const TIME_ONLY = new RegExp(`\\b(?:at\\s+)?${CLOCK}|\\b(?:in the|early|late)\\s+${PART}`, 'i');

export function extractStructured(turns: TranscriptTurn[], context: AnalyzeCallContext = {}): CallStructuredData {
  const caller = turns.filter((t) => t.role === 'caller').map((t) => t.text).join(' \n ');
  const insurer = findInsurer(caller);
  return {
    requestedService: findService(caller, context.services ?? []),
    preferredTime: firstMatch(caller, DAY_TIME) ?? firstMatch(caller, TIME_ONLY),
    insuranceMentioned: insurer !== null || hasPhrase(caller, INSURANCE_WORDS),
    insuranceProvider: insurer,
    isNewPatient: hasPhrase(caller, NEW_PATIENT_YES) ? true : hasPhrase(caller, NEW_PATIENT_NO) ? false : null,
  };
}

/**
 * The clinic's own service names win (so the dashboard shows "Teeth Cleaning", the name it knows);
 * a clinic service also matches on its last word ("a cleaning" -> "Teeth Cleaning"). Otherwise the
 * earliest generic service the caller said.
 */
function findService(text: string, services: string[]): string | null {
  const exact = earliest(text, services, (s) => s);
  if (exact) return exact;
  const byHead = earliest(text, services.filter((s) => s.trim().includes(' ')), (s) => s.trim().split(/\s+/).at(-1)!);
  if (byHead) return byHead;
  return earliest(text, COMMON_SERVICES, (s) => s);
}

function earliest(text: string, candidates: readonly string[], key: (s: string) => string): string | null {
  let best: { name: string; at: number; len: number } | null = null;
  for (const name of candidates) {
    const k = key(name);
    if (!k.trim()) continue;
    const m = phraseRegex(k).exec(text);
    // Earliest mention wins; at the same spot the longer phrase ("teeth cleaning" over "cleaning").
    if (m && (!best || m.index < best.at || (m.index === best.at && k.length > best.len))) best = { name, at: m.index, len: k.length };
  }
  return best?.name ?? null;
}

function findInsurer(text: string): string | null {
  const hit = earliest(text, INSURERS, (s) => s);
  if (hit) return hit === 'United Healthcare' ? 'UnitedHealthcare' : hit;
  // "I have Ambetter insurance" / "insurance is through Ambetter": capitalised names next to the word.
  // Words are bounded (40 characters): with `[\w&'-]+`, "A-A-A-..." was rescanned from every capital (issue #10).
  const m = /\b((?:[A-Z][\w&'-]{1,39}\s){1,3})insurance\b/.exec(text) ?? /\binsurance (?:is|is with|is through|through|with)\s+((?:[A-Z][\w&'-]+\s?){1,3})/.exec(text);
  const name = m?.[1]?.trim();
  return name && !/^(I|My|The|Yes|No|Do|Does|Is)$/.test(name) ? name : null;
}

function firstMatch(text: string, re: RegExp): string | null {
  return re.exec(text)?.[0].trim() ?? null;
}
