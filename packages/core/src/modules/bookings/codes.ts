import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: a patient reads this out over a phone line.
const ALPHABET = 'ACDEFHJKMNPRTUVWXY3479';
export const CODE_LENGTH = 6;

/** 22^6 ≈ 113 million codes; uniqueness per org is enforced by an index and a retry. */
export function confirmationCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** How a voice agent should read it: letter by letter, in groups of three. */
export function spokenCode(code: string): string {
  return `${code.slice(0, 3).split('').join(' ')}, ${code.slice(3).split('').join(' ')}`;
}
