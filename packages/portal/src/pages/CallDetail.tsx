import { useEffect, useState } from 'react';
import { api, type Call } from '../api.ts';
import { Loading } from '../components/Loading.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { counterpart, directionLabel, formatDuration, isLive, outcomeOf, statusOf } from '../lib/calls.ts';
import { formatDateTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { hasRole, useSignedIn } from '../lib/session.tsx';
import { useAgents } from '../lib/useAgents.ts';
import { useResource } from '../lib/useAsync.ts';
import { CallAnalysis } from './CallAnalysis.tsx';
import { CallRecording } from './CallRecording.tsx';
import { CallTimeline } from './CallTimeline.tsx';
import { CallToolCalls } from './CallToolCalls.tsx';
import { CallTranscript } from './CallTranscript.tsx';
import { OriginalTranscript } from './OriginalTranscript.tsx';

const POLL_MS = 1_500;

const backLink = (
  <Link to="/calls" className="button button-secondary">
    All calls
  </Link>
);

const cost = (c: Call['cost']) => (c ? new Intl.NumberFormat(undefined, { style: 'currency', currency: c.currency, maximumFractionDigits: 4 }).format(c.amount_micros / 1_000_000) : '—');

/** /calls/:id: the conversation, what came of it, the tools used and the timeline; follows a call still going on. */
export function CallDetail({ callId }: { callId: string }) {
  const { acting } = useSignedIn();
  const { state, reload, setState } = useResource(() => api.getCall(callId), [callId]);
  const { agentName } = useAgents();
  const [pollError, setPollError] = useState<unknown>(null);
  const call = state.status === 'ready' ? state.data : null;
  const following = !!call && (isLive(call.status) || call.analysis_status === 'pending');

  useEffect(() => {
    if (!following) return;
    const timer = setTimeout(
      () =>
        api.pollCall(callId).then(
          (c) => {
            setPollError(null);
            setState({ status: 'ready', data: c });
          },
          setPollError,
        ),
      POLL_MS,
    );
    return () => clearTimeout(timer);
  }, [following, call]);

  if (state.status === 'loading') return <Loading label="Loading call…" />;
  if (state.status === 'error') {
    return (
      <>
        <PageHeader title="Call" actions={backLink} />
        <ProblemAlert error={state.error} title="Could not load the call" onRetry={reload} />
      </>
    );
  }
  const c = state.data;
  const when = formatDateTime(c.started_at ?? c.scheduled_at ?? c.created_at);

  return (
    <>
      <PageHeader title={`Call with ${counterpart(c)}`} description={`${directionLabel(c.direction)} · ${when}${c.test_mode ? ' · test call' : ''}`} actions={backLink} />
      <section className="card" aria-labelledby="call-overview-title">
        <h2 id="call-overview-title">Overview</h2>
        <dl className="details">
          <dt>Status</dt>
          <dd>
            <span className={`badge ${statusOf(c.status).tone}`} data-testid="call-status">
              {statusOf(c.status).label}
            </span>
            {following && <span className="cell-secondary"> updating live</span>}
          </dd>
          <dt>Outcome</dt>
          <dd>{c.outcome ? <span className={`badge ${outcomeOf(c.outcome).tone}`} data-testid="call-outcome">{outcomeOf(c.outcome).label}</span> : '—'}</dd>
          <dt>Agent</dt>
          <dd>{c.agent_id ? <Link to={`/agents/${c.agent_id}`}>{agentName(c.agent_id)}</Link> : '—'}</dd>
          <dt>From</dt>
          <dd className="mono">{c.from_number ?? '—'}</dd>
          <dt>To</dt>
          <dd className="mono">{c.to_number ?? '—'}</dd>
          <dt>Contact</dt>
          <dd>{c.contact_id ? <Link to={`/contacts/${c.contact_id}`}>Open contact</Link> : '—'}</dd>
          {c.campaign_id && (
            <>
              <dt>Campaign</dt>
              <dd>
                <Link to={`/campaigns/${c.campaign_id}`}>Open campaign</Link>
              </dd>
            </>
          )}
          <dt>Started</dt>
          <dd>{formatDateTime(c.started_at)}</dd>
          <dt>Ended</dt>
          <dd>{formatDateTime(c.ended_at)}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(c.duration_seconds)}</dd>
          <dt>Ended because</dt>
          <dd>{c.ended_reason ?? '—'}</dd>
          {c.failure_reason && (
            <>
              <dt>Not placed because</dt>
              <dd>
                <code>{c.failure_reason}</code>
              </dd>
            </>
          )}
          <dt>Cost</dt>
          <dd>{cost(c.cost)}</dd>
          <dt>Voice connector</dt>
          <dd>{c.connector === 'simulator' ? 'Simulator' : c.connector === 'vapi' ? 'Vapi' : c.connector}</dd>
        </dl>
        {pollError != null && <ProblemAlert error={pollError} title="Could not refresh the call" />}
      </section>
      <CallRecording url={c.recording_url} />
      <section className="card" aria-labelledby="transcript-title">
        <h2 id="transcript-title">Transcript</h2>
        <p className="field-hint">Health information (dates of birth, phone numbers, addresses, insurance and record numbers…) was redacted before it was stored.</p>
        {c.transcript.length === 0 ? <p className="empty-inline">No conversation recorded{following ? ' yet' : ''}.</p> : <CallTranscript turns={c.transcript} live={following} />}
      </section>
      {c.has_original_transcript && hasRole(acting.role, 'admin') && <OriginalTranscript callId={c.id} />}
      <CallAnalysis call={c} canRerun={hasRole(acting.role, 'member')} onChanged={(updated) => setState({ status: 'ready', data: updated })} />
      <CallToolCalls toolCalls={c.tool_calls} />
      <CallTimeline entries={c.timeline} />
    </>
  );
}
