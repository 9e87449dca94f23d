import type { Booking, CalendarSyncStatus } from '../api.ts';

const LOOK: Record<CalendarSyncStatus, { label: string; tone: string }> = {
  not_applicable: { label: 'No calendar', tone: 'badge-muted' },
  pending: { label: 'Calendar sync pending', tone: 'badge-info' },
  synced: { label: 'In Google Calendar', tone: 'badge-success' },
  failed: { label: 'Calendar sync failed, retrying', tone: 'badge-danger' },
};

/** Whether the booking's event reached the connected calendar. A failed sync never un-books anything. */
export function CalendarSyncBadge({ booking, detailed = false }: { booking: Pick<Booking, 'calendar_sync_status' | 'calendar_sync_error'>; detailed?: boolean }) {
  const look = LOOK[booking.calendar_sync_status];
  return (
    <span className="sync-status" data-calendar-sync={booking.calendar_sync_status}>
      <span className={`badge ${look.tone}`}>{look.label}</span>
      {detailed && booking.calendar_sync_error && <span className="cell-secondary sync-error"> {booking.calendar_sync_error}</span>}
    </span>
  );
}
