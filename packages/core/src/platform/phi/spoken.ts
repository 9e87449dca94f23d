/**
 * Numbers spoken as words, as speech-to-text writes them: "one two three four five six seven
 * eight nine", "five five five, oh one two three", "nineteen eighty five", "double seven".
 * Finds each run of number words (optionally mixed with digit groups) and the digits it spells, so
 * the same SSN / card / phone rules apply to spoken and typed numbers.
 */

const UNITS: Record<string, number> = { zero: 0, oh: 0, o: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
const TEENS: Record<string, number> = { ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 };
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const REPEAT: Record<string, number> = { double: 2, triple: 3 };

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

const isNumberToken = (w: string) => w in UNITS || w in TEENS || w in TENS || w in REPEAT || w === 'hundred' || w === 'thousand' || /^\d+$/.test(w);

/** Runs with at least one number *word* and at least `minDigits` digits. Pure-digit runs are left to the typed-number rules. */
export function findSpokenNumbers(text: string, minDigits = 4): NumberRun[] {
  const toks: Tok[] = [...text.matchAll(/[A-Za-z]+|\d+/g)].map((m) => ({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
  const runs: NumberRun[] = [];
  let i = 0;
  while (i < toks.length) {
    if (!isNumberToken(toks[i]!.word) || !startsRun(toks[i]!.word)) {
      i++;
      continue;
    }
    let j = i + 1;
    // Tokens join a run only across spaces, commas, dashes or a bare dot ("555-oh-one"); a sentence end splits runs.
    while (j < toks.length && isNumberToken(toks[j]!.word) && /^(?:[\s,-]*|\.)$/.test(text.slice(toks[j - 1]!.end, toks[j]!.start))) j++;
    const run = toks.slice(i, j);
    // "o"/"oh" at the end of a run is the interjection, not a zero ("five, oh").
    while (run.length && (run.at(-1)!.word === 'oh' || run.at(-1)!.word === 'o' || run.at(-1)!.word in REPEAT)) run.pop();
    if (run.length >= 2 && run.some((t) => !/^\d+$/.test(t.word))) {
      const digits = spell(run.map((t) => t.word));
      if (digits.length >= minDigits) runs.push({ start: run[0]!.start, end: run.at(-1)!.end, digits });
    }
    i = j;
  }
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
    if (w in REPEAT) {
      repeat = REPEAT[w]!;
      continue;
    } else if (/^\d+$/.test(w)) group = w;
    else if (w in UNITS) group = String(UNITS[w]);
    else if (w in TEENS) group = String(TEENS[w]);
    else if (w in TENS) {
      // "forty five" is 45, but "forty oh" / "forty" alone is 40.
      if (next && next in UNITS && UNITS[next]! > 0 && next !== 'o' && next !== 'oh') {
        group = String(TENS[w]! + UNITS[next]!);
        k++;
      } else group = String(TENS[w]);
    } else if (w === 'hundred' || w === 'thousand') {
      const scale = w === 'hundred' ? 100 : 1000;
      const base = Number(groups.pop() ?? '1') * scale;
      // Absorb a following smaller number: "two thousand three" -> 2003, "one hundred twelve" -> 112.
      const after = words[k + 2];
      const take = next === undefined ? [] : next in TENS && after !== undefined && after in UNITS ? [next, after] : [next];
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
