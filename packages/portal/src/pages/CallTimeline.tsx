import type { CallTimelineEntry } from '../api.ts';
import { formatDateTime } from '../lib/format.ts';

const TYPE: Record<string, string> = {
  created: 'Created',
  status: 'Status changed',
  assistant_request: 'Agent requested',
  ended: 'Ended',
  analyzed: 'Analysed',
  analysis_failed: 'Analysis failed',
  dial_failed: 'Dial failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  test_call: 'Test call',
};

/** The call's history as the server recorded it, oldest first. */
export function CallTimeline({ entries }: { entries: CallTimelineEntry[] }) {
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {entries.length === 0 ? (
        <p className="cell-secondary">Nothing recorded yet.</p>
      ) : (
        <ol className="timeline" aria-label="Status timeline">
          {entries.map((e, i) => (
            <li key={i} className="timeline-item" data-type={e.type}>
              <time dateTime={e.at} className="cell-secondary">
                {formatDateTime(e.at)}
              </time>
              <span className="cell-primary">{TYPE[e.type] ?? e.type}</span>
              {e.status && <span className="badge badge-muted">{e.status}</span>}
              {e.detail && <span className="cell-secondary"> {e.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
