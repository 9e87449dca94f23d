import type { Knex } from 'knex';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { BookingRow } from './view.ts';

/** Bookings and holds with their location's timezone, which every API time is rendered in. */
export function selectBookings(tx: Tx): Knex.QueryBuilder {
  return tx('bookings as b')
    .join('locations as l', 'l.id', 'b.location_id')
    .select('b.*', 'l.timezone', tx.raw('(select x.id from bookings x where x.hold_id = b.id limit 1) as converted_booking_id'));
}

export async function findBooking(tx: Tx, id: string, kind: 'hold' | 'booking', forUpdate = false): Promise<BookingRow | undefined> {
  if (forUpdate) {
    // Lock the bare row first: FOR UPDATE cannot apply to the side of a join with a subquery column.
    const locked = await tx('bookings').where({ id, kind }).forUpdate().first('id');
    if (!locked) return undefined;
  }
  return selectBookings(tx).where('b.id', id).where('b.kind', kind).first();
}
