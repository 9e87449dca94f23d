/**
 * Crafted inputs that target each PHI detector's worst case: long runs of the characters a detector
 * extends a match over, broken just before the match would complete, repeated so that a scanner which
 * restarts from every position does quadratic work. Shared by the linearity tests and `bench/phi.ts`.
 */

/** 100 KB, the size issue #10 names. */
export const ADVERSARIAL_SIZE = 100 * 1024;

/** `unit` repeated to exactly `size` characters (a prefix and suffix may wrap it). */
export function fill(unit: string, size: number, prefix = '', suffix = ''): string {
  const body = size - prefix.length - suffix.length;
  return prefix + unit.repeat(Math.ceil(body / unit.length)).slice(0, body) + suffix;
}

export interface AdversarialCase {
  name: string;
  /** Builds the input at a given size, so tests can compare the work at n and at 2n. */
  make: (size: number) => string;
}

const rep = (name: string, unit: string, prefix = '', suffix = ''): AdversarialCase => ({ name, make: (n) => fill(unit, n, prefix, suffix) });

export const ADVERSARIAL: AdversarialCase[] = [
  // Digit runs with separators (typed numbers, cards, phones, SSNs).
  rep('digits joined by spaces', '1 ', '', 'x'),
  rep('digits joined by dashes', '1-', '', 'x'),
  rep('digits joined by dots', '1.', '', 'x'),
  rep('digits, mixed separators', '12 3-45.6 '),
  rep('one long digit string', '1'),
  rep('labelled long digit string', '1', 'my mrn is '),
  rep('card-like groups, one run', '4111 1111 1111 1111 '),
  rep('card-like groups behind a card label', '4111 1111 1111 1112 ', 'card number '),
  rep('Luhn cards back to back', '4111111111111111 '),
  rep('SSN-like, dashed, chained', '123-45-6789-'),
  rep('SSN-like, spaced, chained', '123 45 6789 '),
  rep('SSN-like behind labels', 'ssn 123-45-678 '),
  rep('labelled bare SSN-likes', 'social 12345678 '),
  rep('phone-like, dashed, chained', '555-123-4567-'),
  rep('phone-like, parens', '(555) 123-4567('),
  rep('phone-like, plus and digits', '+1 555 123 4567 +'),
  rep('phone-like, plus with parens', '+1(2)3(4)5(6)'),
  rep('plus followed by a long digit run', '1', '+'),
  rep('phone labels and short numbers', 'call me 12 '),
  rep('prices', '1,200.50 $1,2,3,'),
  rep('digits behind letters', 'a1 _2 $3 '),
  // Emails, typed and spoken.
  rep('email-like, dotted local part', 'a.', '', '@'),
  rep('email-like, many @', 'ab@'),
  rep('email-like, dotted domain without a TLD', 'a.1', 'x@'),
  rep('email-like, domain of dashes', 'a-', 'x@'),
  rep('email-like, alternating @ and dots', 'a@b.c'),
  rep('email-like, repeated short addresses', 'a@b.co '),
  rep('spoken email, dot chain without at', 'a dot '),
  rep('spoken email, dot chain without a TLD', 'a dot ', 'x at '),
  rep('spoken email, at chains', 'at dot x '),
  rep('spoken email, repeated at', 'a at '),
  rep('spoken email, underscore chain', 'x underscore ', '', 'at gmail dot'),
  // Street addresses.
  rep('address-like, house numbers and words', '1 a b c d '),
  rep('address-like, no suffix', '12 Main Elm Oak '),
  rep('address-like, suffixes and units', '123 Main Street Apt '),
  rep('address-like, city tails', '1 Oak St, Springfield, IL '),
  rep('address-like, long street word', 'a', '1 '),
  rep('address-like, long whitespace', ' ', '1 Main', 'x'),
  rep('address-like, dotted words', '1 a. '),
  // Spoken numbers and dates.
  rep('spoken digits, one run', 'one two three '),
  rep('spoken digits, comma separated', 'five, '),
  rep('spoken digits, dashed', 'one-two-'),
  rep('spoken hundreds', 'one hundred '),
  rep('spoken repeats', 'double '),
  rep('spoken oh', 'oh '),
  rep('spoken tens', 'twenty one thirty '),
  rep('spoken digits between dots', 'one.'),
  rep('dates, numeric', '1/1/1'),
  rep('dates behind labels', 'dob 1/1/85 '),
  rep('dates before labels', '1/1/85 born '),
  rep('month names', 'march '),
  rep('month and day chains', 'march 3rd '),
  rep('day of month chains', 'the 3rd of march, '),
  rep('spoken years', 'nineteen eighty five '),
  // Labels (cues) and labelled ids.
  rep('label words', 'ssn card dob number '),
  rep('policy labels', 'policy '),
  rep('member id labels and ids', 'member id XYZ 1 '),
  rep('label, then a token of dots', '.', 'policy ', 'a'),
  rep('label, then one long id', 'A1', 'policy '),
  rep('label, then punctuation-ended ids', 'policy 1.?!.?! '),
  // Whitespace, punctuation and other text.
  rep('spaces', ' '),
  rep('newlines', '\n'),
  rep('letters', 'a'),
  rep('emoji', '🙂'),
  rep('word soup', 'the quick brown fox 3 jumps '),
];
