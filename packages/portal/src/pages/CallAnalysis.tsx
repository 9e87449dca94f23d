import { useState } from 'react';
import { api, type Call } from '../api.ts';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { leadTone, sentimentOf } from '../lib/calls.ts';
import { formatDateTime } from '../lib/format.ts';

const INTENT: Record<string, string> = {
  book_appointment: 'Book an appointment',
  reschedule: 'Reschedule',
  cancel: 'Cancel',
  question: 'Question',
  complaint: 'Complaint',
  billing: 'Billing',
  other: 'Other',
};

const yesNo = (v: boolean | null) => (v == null ? 'Unknown' : v ? 'Yes' : 'No');

/** What the post-call analysis made of the call, and a way to run it again. */
export function CallAnalysis({ call, canRerun, onChanged }: { call: Call; canRerun: boolean; onChanged(call: Call): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const a = call.analysis;

  const rerun = async () => {
    setBusy(true);
    setError(null);
    setStatus('Re-running the analysis…');
    try {
      const updated = await api.analyzeCall(call.id);
      onChanged(updated);
      setStatus(`Analysis re-run at ${formatDateTime(updated.analysis?.analyzed_at)}.`);
    } catch (err) {
      setError(err);
      setStatus(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="analysis-title">
      <div className="card-header">
        <h2 id="analysis-title">Analysis</h2>
        {canRerun && call.status === 'ended' && (
          <button type="button" className="button button-secondary" onClick={rerun} disabled={busy || call.analysis_status === 'pending'}>
            {busy ? 'Re-running…' : 'Re-run analysis'}
          </button>
        )}
      </div>
      {call.analysis_status === 'pending' && <p className="cell-secondary">The analysis is running; it appears here when it is done.</p>}
      {call.analysis_status === 'none' && !a && <p className="cell-secondary">This call has not been analysed{call.status === 'ended' ? '' : ' yet: that happens when it ends'}.</p>}
      {call.analysis_status === 'failed' && (
        <p className="alert alert-warning">
          The analysis failed{call.analysis_error ? `: ${call.analysis_error}` : ''}. {canRerun ? 'Re-run it to try again.' : ''}
        </p>
      )}
      {a && (
        <>
          <p data-testid="analysis-summary">{a.summary}</p>
          <dl className="details">
            <dt>Sentiment</dt>
            <dd>
              <span className={`badge ${sentimentOf(a.sentiment).tone}`}>{sentimentOf(a.sentiment).label}</span>{' '}
              <span className="cell-secondary">score {a.sentiment_score.toFixed(2)}</span>
            </dd>
            <dt>Intent</dt>
            <dd>{INTENT[a.intent] ?? a.intent}</dd>
            <dt>Lead score</dt>
            <dd>
              <span className={`badge ${leadTone(a.lead_score)}`} data-testid="lead-score">
                {a.lead_score}
              </span>
              {a.lead_reasons.length > 0 && (
                <ul className="reasons" aria-label="Why this score">
                  {a.lead_reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Requested service</dt>
            <dd>{a.requested_service ?? '—'}</dd>
            <dt>Preferred time</dt>
            <dd>{a.preferred_time ?? '—'}</dd>
            <dt>Insurance mentioned</dt>
            <dd>
              {a.insurance_mentioned ? 'Yes' : 'No'}
              {a.insurance_provider && ` (${a.insurance_provider})`}
            </dd>
            <dt>New patient</dt>
            <dd>{yesNo(a.is_new_patient)}</dd>
            <dt>Analysed</dt>
            <dd>
              {formatDateTime(a.analyzed_at)} by the {a.analyzer === 'openai' ? 'OpenAI' : a.analyzer === 'heuristic' ? 'built-in heuristic' : a.analyzer} analyzer
            </dd>
          </dl>
        </>
      )}
      {call.summary && (
        <>
          <h3>Voice vendor’s summary</h3>
          <p>{call.summary}</p>
        </>
      )}
      {call.structured_data && Object.keys(call.structured_data).length > 0 && (
        <details className="audit-meta">
          <summary>Structured data from the call</summary>
          <pre>{JSON.stringify(call.structured_data, null, 2)}</pre>
        </details>
      )}
      {error != null && <ProblemAlert error={error} title="Could not re-run the analysis" />}
      <LiveStatus message={status} />
    </section>
  );
}
