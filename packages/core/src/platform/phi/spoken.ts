/**
 * Numbers spoken as words, as speech-to-text writes them: "one two three four five six seven
 * eight nine", "five five five, oh one two three", "nineteen eighty five", "double seven".
 * Finds each run of number words (optionally mixed with digit groups) and the digits it spells, so
 * the same SSN / card / phone rules apply to spoken and typed numbers.
 */
import { bounded } from './bounded.ts';
import { isDigit, isLetter, isSpace } from './chars.ts';
import { charge } from './work.ts';

// Maps, not object literals: `"constructor" in {}` is true.
const UNITS = new Map(Object.entries({ zero: 0, oh: 0, o: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 }));
const TEENS = new Map(Object.entries({ ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 }));
const TENS = new Map(Object.entries({ twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }));
const REPEAT = new Map(Object.entries({ double: 2, triple: 3 }));
/** The longest number word ("seventeen"): longer letter runs are never number words. */
const MAX_WORD = 9;

export interface NumberRun {
  start: number;
  end: number;
  digits: string;
}

interface Tok {
  word: string;
  start: number;
  end: number;
}

const allDigits = (w: string) => w.length > 0 && isDigit(w.charCodeAt(0));
const isNumberWord = (w: string) => UNITS.has(w) || TEENS.has(w) || TENS.has(w) || REPEAT.has(w) || w === 'hundred' || w === 'thousand' || allDigits(w);

/** Any number word: without one there is no spoken number to look for. */
const ANY_NUMBER_WORD = bounded(
  /(?<![A-Za-z])(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|double|triple|hundred|thousand)(?![A-Za-z])/i,
);
/** The first letters of number words: other words are not even sliced. */
const FIRST_LETTERS = new Set([...'zotfsenhd'].map((l) => l.charCodeAt(0)));

/** Tokens join a run only across spaces, commas, dashes or a bare dot ("555-oh-one"); a sentence end splits runs. */
function joins(text: string, from: number, to: number): boolean {
  charge(to - from);
  if (to - from === 1 && text.charCodeAt(from) === 46) return true;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 44 && c !== 45 && !isSpace(c)) return false;
  }
  return true;
}

/**
 * Runs with at least one number *word* and at least `minDigits` digits. Pure-digit runs are left to
 * the typed-number rules. One pass over the tokens of `[A-Za-z]+|\d+`: a run grows while its tokens
 * are number words joined by the separators above, and is spelled out once when it ends.
 */
export function findSpokenNumbers(text: string, minDigits = 4): NumberRun[] {
  const runs: NumberRun[] = [];
  charge(text.length);
  if (!ANY_NUMBER_WORD.test(text)) return runs;
  let run: Tok[] = [];
  const flush = () => {
    // "o"/"oh" at the end of a run is the interjection, not a zero ("five, oh").
    while (run.length && (run.at(-1)!.word === 'oh' || run.at(-1)!.word === 'o' || REPEAT.has(run.at(-1)!.word))) run.pop();
    if (run.length >= 2 && run.some((t) => !allDigits(t.word))) {
      const digits = spell(run.map((t) => t.word));
      charge(run.length + digits.length);
      if (digits.length >= minDigits) runs.push({ start: run[0]!.start, end: run.at(-1)!.end, digits });
    }
    run = [];
  };
  const n = text.length;
  charge(n);
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    const digit = isDigit(c);
    if (!digit && !isLetter(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && (digit ? isDigit(text.charCodeAt(j)) : isLetter(text.charCodeAt(j)))) j++;
    const word = digit ? text.slice(i, j) : j - i <= MAX_WORD && FIRST_LETTERS.has(c | 32) ? text.slice(i, j).toLowerCase() : '';
    if (!isNumberWord(word)) flush();
    else if (run.length && joins(text, run.at(-1)!.end, i)) run.push({ word, start: i, end: j });
    else {
      flush();
      if (startsRun(word)) run = [{ word, start: i, end: j }];
    }
    i = j;
  }
  flush();
  return runs;
}

/** "oh"/"o" cannot open a run: "oh, one more thing" is not a number. */
function startsRun(w: string): boolean {
  return w !== 'oh' && w !== 'o' && w !== 'hundred' && w !== 'thousand';
}

/** Words -> digit string. Digit-by-digit speech concatenates; "hundred"/"thousand" multiply, as in "two thousand three". */
export function spell(words: string[]): string {
  const groups: string[] = [];
  let repeat = 1;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const next = words[k + 1];
    let group: string | undefined;
    if (REPEAT.has(w)) {
      repeat = REPEAT.get(w)!;
      continue;
    } else if (allDigits(w)) group = w;
    else if (UNITS.has(w)) group = String(UNITS.get(w));
    else if (TEENS.has(w)) group = String(TEENS.get(w));
    else if (TENS.has(w)) {
      // "forty five" is 45, but "forty oh" / "forty" alone is 40.
      if (next && UNITS.has(next) && UNITS.get(next)! > 0 && next !== 'o' && next !== 'oh') {
        group = String(TENS.get(w)! + UNITS.get(next)!);
        k++;
      } else group = String(TENS.get(w));
    } else if (w === 'hundred' || w === 'thousand') {
      const scale = w === 'hundred' ? 100 : 1000;
      const base = Number(groups.pop() ?? '1') * scale;
      // Absorb a following smaller number: "two thousand three" -> 2003, "one hundred twelve" -> 112.
      const after = words[k + 2];
      const take = next === undefined ? [] : TENS.has(next) && after !== undefined && UNITS.has(after) ? [next, after] : [next];
      const rest = take.length ? spell(take) : '';
      if (rest && Number(rest) < scale) {
        group = String(base + Number(rest));
        k += take.length;
      } else group = String(base);
    }
    if (group !== undefined) {
      groups.push(group.repeat(repeat));
      repeat = 1;
    }
  }
  return groups.join('');
}
