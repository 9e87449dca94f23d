/** Character classes of the hand-written scanners, matching the regex classes they replace. */

/** `\d` */
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `[A-Za-z]` */
export const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `[A-Za-z0-9]` */
export const isAlnum = (c: number): boolean => isDigit(c) || isLetter(c);
/** `\w`, the class `\b` is defined by. */
export const isWord = (c: number): boolean => isAlnum(c) || c === 95;

/** `\s`: ASCII whitespace plus the Unicode spaces JavaScript regexes count. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Char code at `i`, or -1 outside the text (so look-arounds at the edges read "no character"). */
export const at = (text: string, i: number): number => (i >= 0 && i < text.length ? text.charCodeAt(i) : -1);

/** ASCII lower case of a short slice, or '' when it is longer than `max` (too long to be any keyword). */
export function lowerWord(text: string, start: number, end: number, max: number): string {
  return end - start > max ? '' : text.slice(start, end).toLowerCase();
}
