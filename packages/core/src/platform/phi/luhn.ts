import { isDigit } from './chars.ts';

const allDigits = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return s.length > 0;
};

/** The Luhn (mod 10) check every payment card number passes; ~90% of random digit strings fail it. */
export function luhnValid(digits: string): boolean {
  if (!allDigits(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Luhn over a string growing at its right end, one digit at a time, in O(1) per digit: the doubled
 * positions depend on the final length, so both parities are kept.
 */
export class RunningLuhn {
  private oddDoubled = 0; // doubling the 1st, 3rd, ... digit from the left
  private evenDoubled = 0; // doubling the 2nd, 4th, ...
  length = 0;

  reset(): void {
    this.oddDoubled = 0;
    this.evenDoubled = 0;
    this.length = 0;
  }

  push(d: number): void {
    const twice = d * 2 > 9 ? d * 2 - 9 : d * 2;
    this.length++;
    if (this.length % 2 === 1) {
      this.oddDoubled += twice;
      this.evenDoubled += d;
    } else {
      this.oddDoubled += d;
      this.evenDoubled += twice;
    }
  }

  /** The rightmost digit is never doubled, so an even length doubles the odd positions. */
  valid(): boolean {
    return (this.length % 2 === 0 ? this.oddDoubled : this.evenDoubled) % 10 === 0;
  }
}

/** SSA rules: area 000, 666 and 900-999 are never issued, nor group 00 or serial 0000. */
export function ssnValid(digits: string): boolean {
  if (digits.length !== 9 || !allDigits(digits)) return false;
  const area = digits.slice(0, 3);
  return area !== '000' && area !== '666' && area[0] !== '9' && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}
