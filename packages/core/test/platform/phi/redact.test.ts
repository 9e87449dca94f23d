import { describe, expect, it } from 'vitest';
import { findPhi, luhnValid, measurePhiWork, redactText, ssnValid, type PhiKind } from '../../../src/platform/phi/index.ts';

/** [input, expected output]: the exact redacted text, so both missed PHI and over-redaction fail. */
const POSITIVE: [string, string, string][] = [
  // SSN
  ['dashed SSN', 'My SSN is 123-45-6789.', 'My SSN is [SSN].'],
  ['spaced SSN', 'it is 123 45 6789 ok', 'it is [SSN] ok'],
  ['labelled bare SSN', 'social security number 123456789', 'social security number [SSN]'],
  ['spoken SSN', 'my social is one two three four five six seven eight nine', 'my social is [SSN]'],
  ['spoken SSN with tens', 'my social is one two three, forty five, six seven eight nine', 'my social is [SSN]'],
  ['mixed spoken/typed SSN', 'SSN is 123 45 six seven eight nine', 'SSN is [SSN]'],
  // cards
  ['spaced card', 'card 4111 1111 1111 1111 thanks', 'card [CARD] thanks'],
  ['dashed card', 'use 5500-0000-0000-0004 please', 'use [CARD] please'],
  ['bare card', 'number 4012888888881881', 'number [CARD]'],
  ['15-digit amex', 'amex 3782 822463 10005', 'amex [CARD]'],
  ['card followed by a time', 'visa 4111 1111 1111 1111 2 pm', 'visa [CARD] 2 pm'],
  ['spoken card', 'card is four one one one one one one one one one one one one one one one', 'card is [CARD]'],
  // DOB
  ['born + spelled month', 'I was born March 3rd 1985.', 'I was born [DOB].'],
  ['DOB numeric', 'DOB: 03/15/1985', 'DOB: [DOB]'],
  ['DOB two-digit year, sentence end', 'date of birth is 3/15/85.', 'date of birth is [DOB].'],
  ['DOB ISO', 'birthdate 1985-03-15', 'birthdate [DOB]'],
  ['day-first DOB', 'my birthday is the 3rd of March, 1985', 'my birthday is [DOB]'],
  ['spoken DOB', 'my date of birth is march third nineteen eighty five', 'my date of birth is [DOB]'],
  ['spoken DOB, 2000s', 'born on June twenty-first two thousand three', 'born on [DOB]'],
  ['label after the date', '03/15/1985 is my date of birth', '[DOB] is my date of birth'],
  ['spoken digit DOB', 'date of birth one two one five one nine eight five', 'date of birth [DOB]'],
  // phone
  ['parens phone', 'call me at (555) 123-4567', 'call me at [PHONE]'],
  ['dashed phone', 'reach me on 555-123-4567 anytime', 'reach me on [PHONE] anytime'],
  ['dotted phone', 'it is 555.123.4567', 'it is [PHONE]'],
  ['+1 phone', 'text +1 (555) 123-4567', 'text [PHONE]'],
  ['E.164', 'my number is +14155550123', 'my number is [PHONE]'],
  ['international', 'or +44 20 7946 0958', 'or [PHONE]'],
  ['labelled bare phone', 'my cell is 5551234567, thanks', 'my cell is [PHONE], thanks'],
  ['seven digits', 'call 555-1234', 'call [PHONE]'],
  ['spoken phone', 'my number is five five five, one two three, four five six seven', 'my number is [PHONE]'],
  ['spoken phone with oh and double', 'call me on five five five oh one double two three four five', 'call me on [PHONE]'],
  // email
  ['email', 'email john.doe+x@example.co.uk now', 'email [EMAIL] now'],
  ['spoken email', 'it is john dot doe at gmail dot com', 'it is [EMAIL]'],
  ['emails sharing a dotted stretch', 'mail a@b.com.x@y.org', 'mail [EMAIL]'],
  // address
  ['street address', 'I live at 123 Main Street.', 'I live at [ADDRESS].'],
  ['address with unit and city', 'send it to 4500 N. Oak Ave, Apt 4B, Springfield, IL 62704 please', 'send it to [ADDRESS] please'],
  ['abbreviated suffix', 'at 77 Sunset Blvd', 'at [ADDRESS]'],
  ['drive', 'its 9 Elm Dr', 'its [ADDRESS]'],
  ['lane with ordinal', 'we are at 12 West 5th Lane', 'we are at [ADDRESS]'],
  // ids
  ['MRN', 'my MRN is A1234567', 'my MRN is [MRN]'],
  ['medical record number', 'medical record number: 00482193', 'medical record number: [MRN]'],
  ['member id with series', 'member id is XYZ 123456789', 'member id is [MEMBER_ID]'],
  ['policy number', 'policy number 88-123-456', 'policy number [MEMBER_ID]'],
  ['subscriber id', 'subscriber ID W2939 4455', 'subscriber ID [MEMBER_ID]'],
  ['group number', 'group number is 7712345', 'group number is [MEMBER_ID]'],
  ['spoken member id', 'member number four eight two one three three seven seven', 'member number [MEMBER_ID]'],
];

/** Text that must come back unchanged. */
const NEGATIVE: [string, string][] = [
  ['appointment time', 'See you at 2 pm on Tuesday.'],
  ['time and street', 'See you at 2 pm on Main Street.'],
  ['appointment date', 'Your appointment is on March 3rd 2025 at 10:30.'],
  ['numeric appointment date', 'We have 3/15/2025 open.'],
  ['price', 'A cleaning costs $1,200 without insurance, or 1,200 dollars.'],
  ['decimal price', 'Your copay is $45.50.'],
  ['year alone', 'I was born in 1985.'],
  ['spoken year alone', 'I moved here in twenty twenty five.'],
  ['order number failing Luhn', 'My order number is 4829105736.'],
  ['16 digits failing Luhn', 'Reference 4111 1111 1111 1112 please.'],
  ['unlabelled 9 digits', 'Item 123456789 is back in stock.'],
  ['invalid SSN area 000', 'code 000-12-3456'],
  ['invalid SSN area 666', 'code 666-12-3456'],
  ['invalid SSN area 9xx', 'code 912-34-5678'],
  ['small spoken numbers', 'I need two fillings and one crown, at two thirty.'],
  ['durations', 'Our cancellation policy is 24 hours and the visit takes 45 minutes.'],
  ['policy without id', 'What is your policy number? It is pending.'],
  ['counts', 'There are 3 kids and 2 adults, 5 people in total.'],
  ['email-like prose', 'I am at home, meet me at noon.'],
  ['empty', ''],
];

describe('redactText', () => {
  it.each(POSITIVE)('redacts %s', (_name, input, expected) => {
    expect(redactText(input).text).toBe(expected);
  });

  it.each(NEGATIVE)('keeps %s', (_name, input) => {
    const r = redactText(input);
    expect(r.text).toBe(input);
    expect(r.findings).toEqual([]);
  });

  it('reports findings as spans of the original text', () => {
    const input = 'SSN 123-45-6789, email a@b.co, card 4111111111111111';
    const r = redactText(input);
    expect(r.findings.map((f) => [f.kind, input.slice(f.start, f.end)])).toEqual([
      ['SSN', '123-45-6789'],
      ['EMAIL', 'a@b.co'],
      ['CARD', '4111111111111111'],
    ]);
    expect(r.text).toBe('SSN [SSN], email [EMAIL], card [CARD]');
  });

  it('reads labels from the context without returning or redacting it', () => {
    expect(redactText('It is 3/15/85.', { context: "What's your date of birth?" }).text).toBe('It is [DOB].');
    expect(redactText('48213377', { context: 'And your member ID?' }).text).toBe('[MEMBER_ID]');
    expect(redactText('123456789', { context: 'Can I get your social?' }).text).toBe('[SSN]');
    expect(redactText('48213377').text).toBe('48213377');
  });

  it('honours kinds and a custom placeholder', () => {
    const input = 'SSN 123-45-6789, email a@b.co';
    expect(redactText(input, { kinds: ['EMAIL'] }).text).toBe('SSN 123-45-6789, email [EMAIL]');
    expect(redactText(input, { placeholder: (k: PhiKind) => `<${k.toLowerCase()}>` }).text).toBe('SSN <ssn>, email <email>');
  });

  it('merges overlapping findings into one span of the most specific kind', () => {
    // The SSN label also makes the phone rules look at this number; only one placeholder may come out.
    expect(findPhi('ssn 123-45-6789')).toEqual([{ kind: 'SSN', start: 4, end: 15 }]);
  });

  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, 42, {}, [], '\u0000\uffff', '1'.repeat(100_000), '🙂 4111 1111 1111 1111 🙂', 'one '.repeat(5_000)];
    for (const v of odd) expect(() => redactText(v as string)).not.toThrow();
    expect(redactText(null as unknown as string)).toEqual({ text: '', findings: [] });
    expect(redactText('🙂 4111 1111 1111 1111 🙂').text).toBe('🙂 [CARD] 🙂');
  });

  it('scans long transcripts in linear work (counted in steps; bench/phi.ts has the times)', () => {
    const long = 'Caller says 555-123-4567 and lives at 12 Oak Street, born 3/4/1980. '.repeat(1_500);
    const { result, steps } = measurePhiWork(() => redactText(long));
    expect(steps).toBeLessThanOrEqual(64 * long.length);
    expect(result.text).not.toMatch(/\d{3}-\d{4}/);
    expect(result.text.match(/\[ADDRESS\]/g)).toHaveLength(1_500);
  });
});

describe('luhnValid / ssnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['378282246310005', true],
    ['79927398713', true],
    ['79927398710', false],
    ['', false],
    ['12a4', false],
  ])('luhn %s -> %s', (d, ok) => expect(luhnValid(d)).toBe(ok));

  it.each([
    ['123456789', true],
    ['000123456', false],
    ['666123456', false],
    ['900123456', false],
    ['123006789', false],
    ['123450000', false],
    ['12345678', false],
  ])('ssn %s -> %s', (d, ok) => expect(ssnValid(d)).toBe(ok));
});

describe('runs of numbers', () => {
  it.each([
    ['a stray group after a labelled SSN', 'my social is 123456789 2 pm', 'my social is [SSN] 2 pm'],
    ['a sentence end between spoken numbers', 'my social is one two three four five six seven eight nine. Two more things', 'my social is [SSN]. Two more things'],
  ])('handles %s', (_n, input, expected) => expect(redactText(input).text).toBe(expected));
});
