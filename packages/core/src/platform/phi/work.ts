/**
 * A step counter for the PHI scanners, so that linearity is testable without a clock. A step is one
 * character visited by a hand-written loop, one text position tried by a whole-text regex (those are
 * bounded: see bounded.ts, so each try costs at most a constant), or one bounded-length check.
 *
 * The counter also carries a limit: redactText gives each call a budget proportional to its input,
 * and a scanner that runs past it throws, which redactText turns into a fully redacted result
 * (fail closed) instead of a stalled event loop.
 */
export class PhiWorkLimitExceeded extends Error {
  constructor() {
    super('PHI scan exceeded its step budget');
  }
}

const state = { steps: 0, limit: Number.POSITIVE_INFINITY, depth: 0 };

export function charge(steps: number): void {
  state.steps += steps;
  if (state.steps > state.limit) throw new PhiWorkLimitExceeded();
}

/** Runs `fn` with at most `budget` more steps (never more than an enclosing budget allows). */
export function withBudget<T>(budget: number, fn: () => T): T {
  // Outermost call: start from zero, so a long-lived process never counts past float precision.
  if (state.depth === 0) state.steps = 0;
  const outer = state.limit;
  state.limit = Math.min(outer, state.steps + budget);
  state.depth++;
  try {
    return fn();
  } finally {
    state.depth--;
    state.limit = outer;
  }
}

/**
 * The instrumentation hook: the steps the scanners took while `fn` ran. With `budget`, a scan that
 * needs more steps stops early (redactText then reports `failed`), so a quadratic scanner fails a
 * test quickly instead of running for minutes.
 */
export function measurePhiWork<T>(fn: () => T, budget = Number.POSITIVE_INFINITY): { result: T; steps: number } {
  return withBudget(budget, () => {
    const start = state.steps;
    const result = fn();
    return { result, steps: state.steps - start };
  });
}
