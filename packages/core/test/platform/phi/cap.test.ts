/**
 * The scan cap (issue #10): text beyond MAX_SCAN_CHARS is never scanned and never kept. It is replaced
 * wholesale by a marker, so an oversized message can neither stall the event loop nor get stored raw.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SCAN_CHARS, MAX_TOTAL_SCAN_CHARS, REDACTED_ALL, REDACTED_OVERFLOW, measurePhiWork, redactDeep, redactText, redactTranscript } from '../../../src/platform/phi/index.ts';
import { fill } from './corpus.ts';

const SECRETS = 'Call me at 555-123-4567, card 4111 1111 1111 1111, email jane@example.com, passphrase zebra-42.';

describe('the scan cap', () => {
  it('is a documented, generous size: at least 100 KB is scanned', () => {
    expect(MAX_SCAN_CHARS).toBeGreaterThanOrEqual(100 * 1024);
  });

  it('redacts the overflow wholesale and scans the rest as usual', () => {
    const head = 'My SSN is 123-45-6789. ';
    const input = fill('All good here. ', MAX_SCAN_CHARS, head) + SECRETS;
    const r = redactText(input);
    expect(r.truncated).toBe(true);
    expect(r.text.startsWith('My SSN is [SSN]. All good here. ')).toBe(true);
    expect(r.text.endsWith(REDACTED_OVERFLOW)).toBe(true);
    for (const secret of ['555', '4111', 'jane', 'example', 'zebra']) expect(r.text).not.toContain(secret);
    expect(r.text.length).toBeLessThanOrEqual(MAX_SCAN_CHARS + REDACTED_OVERFLOW.length);
    expect(r.findings).toEqual([{ kind: 'SSN', start: 10, end: 21 }]);
  });

  it('cuts at a sentence end, so PHI straddling the limit is not half kept', () => {
    // The limit falls inside the SSN: none of its digits may survive on either side.
    const ssn = 'My SSN is 123-45-6789 ok.';
    const before = 'Fine. '.repeat(Math.floor((MAX_SCAN_CHARS - 15) / 6));
    const r = redactText(before + ssn + ' '.repeat(50));
    expect(r.truncated).toBe(true);
    expect(r.text).not.toMatch(/123|6789|SSN is/);
    expect(r.text.endsWith(`Fine. ${REDACTED_OVERFLOW}`)).toBe(true);
  });

  it('cuts at a space when no sentence ends near the limit, and never inside a surrogate pair', () => {
    // The limit falls between the halves of the first emoji.
    const base = 'word '.repeat(Math.floor((MAX_SCAN_CHARS - 1) / 5));
    const words = base + 'z'.repeat(MAX_SCAN_CHARS - 1 - base.length) + '🙂🙂 4111 1111 1111 1111';
    const r = redactText(words);
    expect(r.text).not.toContain('\ud83d');
    expect(r.text).not.toContain('4111');
    expect(r.text.endsWith(`word ${REDACTED_OVERFLOW}`)).toBe(true);
    const noSpace = redactText('x'.repeat(MAX_SCAN_CHARS - 1) + '🙂' + 'y'.repeat(10));
    expect(noSpace.text).toBe('x'.repeat(MAX_SCAN_CHARS - 1) + REDACTED_OVERFLOW);
  });

  it('leaves text of exactly the limit untouched', () => {
    const input = fill('Nothing to see. ', MAX_SCAN_CHARS);
    const r = redactText(input);
    expect(r.text).toBe(input);
    expect(r.truncated).toBeUndefined();
  });

  it('does not scan the overflow at all', () => {
    const scanned = measurePhiWork(() => redactText(fill('1 ', MAX_SCAN_CHARS))).steps;
    const over = measurePhiWork(() => redactText(fill('1 ', MAX_SCAN_CHARS * 4))).steps;
    expect(over).toBeLessThanOrEqual(scanned * 1.01);
  });

  it('applies to every string of a payload and every turn of a transcript', () => {
    const big = fill('Fine. ', MAX_SCAN_CHARS) + SECRETS;
    const deep = JSON.stringify(redactDeep({ summary: big, nested: [{ note: big }], [big]: 1 }));
    for (const secret of ['555', '4111', 'jane', 'zebra']) expect(deep).not.toContain(secret);
    expect(deep.split(REDACTED_OVERFLOW)).toHaveLength(4);
    const { turns } = redactTranscript([{ role: 'caller', text: big }]);
    expect(turns[0]!.text.endsWith(REDACTED_OVERFLOW)).toBe(true);
    expect(turns[0]!.text).not.toContain('zebra');
  });

  it('scans at most MAX_TOTAL_SCAN_CHARS over one payload or transcript; later strings are redacted wholesale', () => {
    const chunk = fill('Fine. ', MAX_SCAN_CHARS - 64) + 'SSN 123-45-6789.';
    const count = Math.ceil(MAX_TOTAL_SCAN_CHARS / chunk.length) + 2;
    const out = redactDeep({ notes: Array.from({ length: count }, () => chunk), last: 'zebra-42', n: 4111111111111111 }) as Record<string, unknown> & { notes: string[] };
    const full = Math.floor(MAX_TOTAL_SCAN_CHARS / chunk.length);
    for (const note of out.notes.slice(0, full)) expect(note.endsWith('SSN [SSN].')).toBe(true);
    // The string that crosses the allowance is cut; every later one, and the strings after them, are the marker alone.
    expect(out.notes[full]!.endsWith(REDACTED_OVERFLOW)).toBe(true);
    for (const note of out.notes.slice(full + 1)) expect(note).toBe(REDACTED_OVERFLOW);
    // Keys are text too: once the allowance is spent they become the marker (numbered, so none is lost).
    expect(Object.entries(out).slice(1)).toEqual([
      [REDACTED_OVERFLOW, REDACTED_OVERFLOW],
      [`${REDACTED_OVERFLOW}#2`, REDACTED_OVERFLOW],
    ]);
    expect(JSON.stringify(out)).not.toMatch(/6789|zebra|4111/);

    const { turns } = redactTranscript(Array.from({ length: count }, () => ({ role: 'caller', text: chunk })));
    expect(turns.at(-1)!.text).toBe(REDACTED_OVERFLOW);
    expect(turns[0]!.text.endsWith('SSN [SSN].')).toBe(true);
  });

  it('a scan that runs out of its step budget redacts everything (fail closed)', () => {
    const { result } = measurePhiWork(() => redactText('My SSN is 123-45-6789 and that is all.'), 10);
    expect(result).toEqual({ text: REDACTED_ALL, findings: [], failed: true });
  });
});
