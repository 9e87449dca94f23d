/** Tokenising shared by the heuristic analyzer's parts. Lower-case words keep apostrophes ("don't"). */

export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** Sentences split on . ! ? followed by space; good enough for ASR output, which is punctuated that way. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whole-word / whole-phrase test, case-insensitive. */
export function hasPhrase(text: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => phraseRegex(p).test(text));
}

const cache = new Map<string, RegExp>();
export function phraseRegex(phrase: string): RegExp {
  let r = cache.get(phrase);
  if (!r) {
    const body = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    r = new RegExp(`(?<![a-z0-9])${body}(?![a-z0-9])`, 'i');
    cache.set(phrase, r);
  }
  return r;
}
