/**
 * The one place where the database's refusal to double book becomes the API's 409. The exclusion
 * constraint `bookings_no_overlap` raises SQLSTATE 23P01 on pg and PGlite alike; whichever code path hit
 * it (create, hold, convert, reschedule), the caller gets `slot_taken` with alternatives.
 */
import { ApiError } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';

export const OVERLAP_CONSTRAINT = 'bookings_no_overlap';

export interface Alternative {
  starts_at: string;
  ends_at: string;
  resource_id: string;
}

/** Thrown inside a transaction when no candidate resource is free; mapped after rollback. */
export class SlotTaken extends Error {
  constructor() {
    super('slot taken');
  }
}

export function isOverlapViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23P01' && (e.constraint === OVERLAP_CONSTRAINT || (e.message ?? '').includes(OVERLAP_CONSTRAINT));
}

export const isCodeCollision = (err: unknown) => isUniqueViolation(err, 'bookings_confirmation_code_key');

export function slotTaken(alternatives: Alternative[]): ApiError {
  return new ApiError(409, 'slot_taken', alternatives.length ? 'That time was just taken. Here are the next free times.' : 'That time was just taken and nothing else is free soon.', {
    alternatives,
  });
}

/**
 * Runs a write; a taken slot becomes 409 slot_taken with alternatives (computed afterwards, in their own
 * transaction, because the failed one is aborted). A confirmation-code collision retries the whole write.
 */
export async function guardSlot<T>(run: () => Promise<T>, alternatives: () => Promise<Alternative[]>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (err instanceof SlotTaken || isOverlapViolation(err)) throw slotTaken(await alternatives().catch(() => []));
      if (isCodeCollision(err) && attempt < 5) continue;
      throw err;
    }
  }
}
