/**
 * Issue #10: PHI detection must be linear on crafted input. Counted in scanner steps (the
 * instrumentation hook), never in milliseconds: `bench/phi.ts` reports the times.
 */
import { describe, expect, it } from 'vitest';
import { measurePhiWork, redactDeep, redactText } from '../../../src/platform/phi/index.ts';
import { ADVERSARIAL, ADVERSARIAL_SIZE } from './corpus.ts';

/** Steps per input character the scanners may take; a quadratic scanner needs thousands on 100 KB. */
const STEPS_PER_CHAR = 64;
/** Twice the input may cost at most this many times the steps (2 for exactly linear work). */
const DOUBLING = 2.2;

describe('PHI detection is linear on crafted input', () => {
  it.each(ADVERSARIAL.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const half = c.make(ADVERSARIAL_SIZE / 2);
    const full = c.make(ADVERSARIAL_SIZE);
    expect(full.length).toBe(ADVERSARIAL_SIZE);
    const budget = STEPS_PER_CHAR * ADVERSARIAL_SIZE;
    const small = measurePhiWork(() => redactText(half), budget);
    const large = measurePhiWork(() => redactText(full), budget);
    // A scan that ran out of budget redacts everything (fail closed); here that would mean super-linear work.
    expect(large.result.failed, 'ran out of its step budget').toBeUndefined();
    expect(small.result.failed, 'ran out of its step budget').toBeUndefined();
    expect(large.steps).toBeLessThanOrEqual(budget);
    expect(large.steps / small.steps).toBeLessThanOrEqual(DOUBLING);
  });

  it('counts real work: the same text costs the same steps, and more text costs more', () => {
    const text = 'Call me at 555-123-4567 or email a@b.co. '.repeat(100);
    const a = measurePhiWork(() => redactText(text)).steps;
    expect(measurePhiWork(() => redactText(text)).steps).toBe(a);
    expect(a).toBeGreaterThanOrEqual(text.length);
    expect(measurePhiWork(() => redactText(text + text)).steps).toBeGreaterThan(a);
  });

  it('redactDeep is linear in the number of keys, even when they all redact to the same name', () => {
    const payload = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`555-123-${String(i).padStart(4, '0')}`, i]));
    const small = measurePhiWork(() => redactDeep(payload(1000)), 10_000_000);
    const large = measurePhiWork(() => redactDeep(payload(2000)), 10_000_000);
    const out = large.result as Record<string, number>;
    expect(Object.keys(out)).toHaveLength(2000);
    expect(out['[PHONE]']).toBe(0);
    expect(out['[PHONE]#2000']).toBe(1999);
    expect(JSON.stringify(out)).not.toMatch(/555-123/);
    expect(large.steps / small.steps).toBeLessThanOrEqual(DOUBLING);
  });
});
