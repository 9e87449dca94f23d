import { describe, expect, it } from 'vitest';
import { backoffDelay, resolveJobOptions } from '../../../src/platform/queue/shared.ts';

describe('queue options', () => {
  it('backs off exponentially from the base, like BullMQ', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(100, n))).toEqual([100, 200, 400, 800]);
  });

  it('defaults to 5 attempts and validates them', () => {
    expect(resolveJobOptions('x')).toMatchObject({ attempts: 5, delayMs: 0 });
    expect(() => resolveJobOptions('x', { attempts: 0 })).toThrow(/attempts/);
  });
});
