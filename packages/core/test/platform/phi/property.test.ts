/**
 * Property-style: planted SSNs and cards inside random text never survive, in any layout. Seeded,
 * so a failure reproduces; the seed and input are in the assertion message.
 */
import { describe, expect, it } from 'vitest';
import { luhnValid, redactDeep, redactText, ssnValid } from '../../../src/platform/phi/index.ts';

function rng(seed: number): () => number {
  // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789 .,;:!?()$%/-+@#\n\t';

function randomText(r: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function digits(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
  return s;
}

function randomSsn(r: () => number): string {
  for (;;) {
    const d = digits(r, 9);
    if (ssnValid(d)) return d;
  }
}

function randomCard(r: () => number): string {
  const len = 13 + Math.floor(r() * 7);
  const body = digits(r, len - 1);
  for (let c = 0; c < 10; c++) if (luhnValid(body + c)) return body + c;
  throw new Error('unreachable');
}

function layout(d: string, r: () => number, groups: number[]): string {
  const sep = [' ', '-', ''][Math.floor(r() * 3)]!;
  const parts: string[] = [];
  let at = 0;
  for (const g of groups) {
    parts.push(d.slice(at, at + g));
    at += g;
  }
  if (at < d.length) parts.push(d.slice(at));
  return parts.filter(Boolean).join(sep);
}

describe('planted PHI never survives random surroundings', () => {
  it('SSNs (dashed/spaced) and Luhn cards (any grouping), 2,000 cases', () => {
    const r = rng(20240605);
    for (let i = 0; i < 2000; i++) {
      const ssn = randomSsn(r);
      const card = randomCard(r);
      const plantedSsn = `${ssn.slice(0, 3)}${r() < 0.5 ? '-' : ' '}${ssn.slice(3, 5)}${r() < 0.5 ? '-' : ' '}${ssn.slice(5)}`.replace(/^(\d{3})([- ])(\d{2})[- ]/, '$1$2$3$2');
      const plantedCard = layout(card, r, [4, 4, 4, 4, 3]);
      const input = `${randomText(r, 40)} ${plantedSsn} ${randomText(r, 30)} ${plantedCard} ${randomText(r, 40)}`;
      const out = redactText(input).text;
      const outDigits = out.replace(/\D/g, '');
      const msg = `case ${i}: ${JSON.stringify(input)} -> ${JSON.stringify(out)}`;
      expect(out.includes(plantedSsn), msg).toBe(false);
      expect(outDigits.includes(ssn), msg).toBe(false);
      expect(out.includes(plantedCard), msg).toBe(false);
      expect(outDigits.includes(card), msg).toBe(false);
      // And the same when the text is buried in a payload.
      expect(JSON.stringify(redactDeep({ a: [{ b: input }] })).replace(/\D/g, '').includes(card), msg).toBe(false);
    }
  });

  it('labelled bare and spoken SSNs, 500 cases', () => {
    const r = rng(7);
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    for (let i = 0; i < 500; i++) {
      const ssn = randomSsn(r);
      const spoken = [...ssn].map((c) => words[Number(c)]).join(' ');
      const input = `${randomText(r, 20)} my social is ${r() < 0.5 ? ssn : spoken}. ${randomText(r, 20)}`;
      const out = redactText(input).text;
      expect(out, JSON.stringify(input)).toContain('[SSN]');
      expect(out.replace(/\D/g, '').includes(ssn)).toBe(false);
    }
  });
});
