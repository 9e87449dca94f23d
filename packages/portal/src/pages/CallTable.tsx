import type { CallListItem } from '../api.ts';
import { counterpart, directionLabel, formatDuration, leadTone, outcomeOf, sentimentOf, statusOf } from '../lib/calls.ts';
import { formatDateTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';

/** Calls as a table, each linking to its page; used by the calls list and a contact's history. */
export function CallTable({ calls, caption, agentName }: { calls: CallListItem[]; caption: string; agentName(id: string | null): string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Who</th>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col">Outcome</th>
            <th scope="col">Sentiment</th>
            <th scope="col">Lead score</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((c) => (
            <tr key={c.id} data-call={c.id}>
              <td data-label="Time">
                <Link to={`/calls/${c.id}`} className="cell-primary">
                  {formatDateTime(c.started_at ?? c.scheduled_at ?? c.created_at)}
                  <span className="sr-only"> call details</span>
                </Link>
                <div className="cell-secondary">
                  {directionLabel(c.direction)}
                  {c.test_mode && <span className="badge badge-muted">Test</span>}
                </div>
              </td>
              <td data-label="Who" className="mono">
                {counterpart(c)}
              </td>
              <td data-label="Agent">{agentName(c.agent_id)}</td>
              <td data-label="Status">
                <span className={`badge ${statusOf(c.status).tone}`}>{statusOf(c.status).label}</span>
                <div className="cell-secondary">{formatDuration(c.duration_seconds)}</div>
              </td>
              <td data-label="Outcome">{c.outcome ? <span className={`badge ${outcomeOf(c.outcome).tone}`}>{outcomeOf(c.outcome).label}</span> : '—'}</td>
              <td data-label="Sentiment">{c.sentiment ? <span className={`badge ${sentimentOf(c.sentiment).tone}`}>{sentimentOf(c.sentiment).label}</span> : '—'}</td>
              <td data-label="Lead score">{c.lead_score != null ? <span className={`badge ${leadTone(c.lead_score)}`}>{c.lead_score}</span> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
