/**
 * Free slots from working time and busy time: pure arithmetic on UTC milliseconds, so it is exercised
 * without a database and stays fast for a clinic with thousands of bookings (busy lists are merged once,
 * then each candidate is a binary search).
 */
import { mergeIntervals, type Interval } from '../scheduling/index.ts';

export interface ResourceTime {
  id: string;
  /** Working intervals, sorted and merged (see workingIntervals). */
  working: Interval[];
  /** Occupied intervals: other bookings' blocked ranges, live holds, external busy. Any order. */
  busy: Interval[];
}

export interface SlotRules {
  durationMs: number;
  beforeMs: number;
  afterMs: number;
  stepMs: number;
}

export interface Slot {
  start: number;
  end: number;
  resourceId: string;
}

/** True when [start, end) touches no interval of the sorted, merged list. */
export function isFree(merged: Interval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = merged.length;
  // First interval ending after `start`; only it can overlap, because the list is merged.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const next = merged[lo];
  return !next || next.start >= end;
}

/** The appointment [start, start+duration) must lie inside working time; buffers may spill outside it. */
export function withinWorking(working: Interval[], start: number, durationMs: number): boolean {
  return working.some((w) => w.start <= start && start + durationMs <= w.end);
}

export function blockedRange(start: number, rules: SlotRules): Interval {
  return { start: start - rules.beforeMs, end: start + rules.durationMs + rules.afterMs };
}

/** Every free start in [fromMs, toMs) and not before notBeforeMs, aligned to each interval's opening. */
export function freeSlots(
  resources: ResourceTime[],
  rules: SlotRules,
  window: { fromMs: number; toMs: number; notBeforeMs: number },
  limit: number,
): { slots: Slot[]; truncated: boolean } {
  const all: Slot[] = [];
  for (const r of resources) {
    const busy = mergeIntervals(r.busy);
    for (const w of r.working) {
      for (let t = w.start; t + rules.durationMs <= w.end; t += rules.stepMs) {
        if (t < window.fromMs || t < window.notBeforeMs) continue;
        if (t >= window.toMs) break;
        const b = blockedRange(t, rules);
        if (isFree(busy, b.start, b.end)) all.push({ start: t, end: t + rules.durationMs, resourceId: r.id });
      }
    }
  }
  all.sort((a, b) => a.start - b.start || (a.resourceId < b.resourceId ? -1 : 1));
  return { slots: all.slice(0, limit), truncated: all.length > limit };
}
