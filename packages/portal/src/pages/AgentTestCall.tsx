import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Agent, type Call } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { isLive, leadTone, outcomeOf, sentimentOf, statusOf } from '../lib/calls.ts';
import { Link } from '../lib/router.tsx';
import { useSignedIn } from '../lib/session.tsx';
import { CallTranscript } from './CallTranscript.tsx';
import { useMutation } from '../lib/useMutation.ts';

const POLL_MS = 500;
const MAX_TURNS = 20;
const MAX_TURN_LENGTH = 500;
const INBOUND_SCRIPT = ["Hi, I'd like a cleaning next Tuesday morning", 'The first one works, my name is Jane Doe', "That's all, bye"].join('\n');

/** Finished: the call has ended one way or another and its analysis is no longer running. */
const settled = (c: Call) => !isLive(c.status) && c.analysis_status !== 'pending';

/**
 * A test call from the agent page: the simulator plays the caller, line by line, against the agent's
 * current (even unpublished) configuration. The call starts at once and is polled, so the conversation
 * grows on screen; when it has ended and been analysed, the outcome and a link to the call page follow.
 */
export function AgentTestCall({ agent }: { agent: Agent }) {
  const { setTestMode } = useSignedIn();
  const inbound = agent.kind === 'inbound';
  const [script, setScript] = useState(inbound ? INBOUND_SCRIPT : '');
  const [scriptError, setScriptError] = useState<string | null>(null);
  const [call, setCall] = useState<Call | null>(null);
  const { busy, error, run } = useMutation();
  const [pollError, setPollError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const result = useRef<HTMLHeadingElement>(null);
  const running = !!call && !settled(call);

  useEffect(() => {
    if (!call || settled(call)) return;
    const timer = setTimeout(() => {
      api.pollCall(call.id, 'test').then((next) => {
        setPollError(null);
        setCall(next);
      }, setPollError);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [call]);

  // Announce the end once, and put keyboard and screen-reader users on the result.
  const finishedId = call && settled(call) ? call.id : null;
  useEffect(() => {
    if (!finishedId || !call) return;
    setStatus(`Test call ${statusOf(call.status).label.toLowerCase()}${call.outcome ? `: ${outcomeOf(call.outcome).label}` : ''}.`);
    result.current?.focus();
  }, [finishedId]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    const turns = script
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const problem =
      turns.length === 0 && inbound
        ? 'Write at least one thing the caller says.'
        : turns.length > MAX_TURNS
          ? `At most ${MAX_TURNS} lines.`
          : turns.some((t) => t.length > MAX_TURN_LENGTH)
            ? `Each line can be at most ${MAX_TURN_LENGTH} characters.`
            : null;
    setScriptError(problem);
    if (problem) return;
    setPollError(null);
    setCall(null);
    setStatus(null);
    await run(async () => {
      const started = await api.createTestCall({ agent_id: agent.id, ...(turns.length ? { caller_turns: turns } : {}), wait: false });
      setCall(started);
      setStatus('Test call started.');
    });
  };

  return (
    <section className="card" aria-labelledby="test-call-title">
      <h2 id="test-call-title">Test call</h2>
      <p className="page-description">
        Try the agent without a phone: the simulator plays the {inbound ? 'caller' : 'person called'}, one line per turn, against the current revision (published or not).
        Everything the call does is test data, seen in test mode: its bookings and texts reach no patient and no calendar.
      </p>
      <form className="form" onSubmit={start} noValidate>
        <Field
          label={inbound ? 'What the caller says' : 'What the person called says (optional)'}
          hint={inbound ? 'One turn per line.' : 'One turn per line; leave empty for the built-in scripted answer.'}
          error={scriptError}
        >
          <textarea className="input" rows={4} value={script} onChange={(e) => setScript(e.target.value)} disabled={running} />
        </Field>
        {error != null && <ProblemAlert error={error} title="Could not start the test call" />}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy || running}>
            {busy ? 'Starting…' : running ? 'Call in progress…' : call ? 'Run again' : 'Start test call'}
          </button>
        </div>
      </form>
      {call && (
        <div className="test-call" data-testid="test-call" data-call-id={call.id} data-status={call.status}>
          <p>
            <span className={`badge ${statusOf(call.status).tone}`} data-testid="test-call-status">
              {statusOf(call.status).label}
            </span>
            {call.analysis_status === 'pending' && <span className="badge badge-info">Analysing…</span>}
          </p>
          {call.transcript.length === 0 ? <p className="empty-inline">Ringing…</p> : <CallTranscript turns={call.transcript} live={running} label="Test call conversation" />}
          {pollError != null && <ProblemAlert error={pollError} title="Could not refresh the call; still trying" />}
          {settled(call) && (
            <div className="test-call-result">
              <h3 ref={result} tabIndex={-1}>
                Result
              </h3>
              <dl className="details">
                <dt>Outcome</dt>
                <dd>{call.outcome ? <span className={`badge ${outcomeOf(call.outcome).tone}`} data-testid="test-call-outcome">{outcomeOf(call.outcome).label}</span> : '—'}</dd>
                <dt>Tools used</dt>
                <dd>{call.tool_calls.length ? call.tool_calls.map((t) => `${t.name}${t.ok ? '' : ' (failed)'}`).join(', ') : 'None'}</dd>
                {call.analysis && (
                  <>
                    <dt>Summary</dt>
                    <dd>{call.analysis.summary}</dd>
                    <dt>Sentiment</dt>
                    <dd>
                      <span className={`badge ${sentimentOf(call.analysis.sentiment).tone}`}>{sentimentOf(call.analysis.sentiment).label}</span>
                    </dd>
                    <dt>Lead score</dt>
                    <dd>
                      <span className={`badge ${leadTone(call.analysis.lead_score)}`}>{call.analysis.lead_score}</span>
                    </dd>
                  </>
                )}
                {call.analysis_status === 'failed' && (
                  <>
                    <dt>Analysis</dt>
                    <dd>Failed{call.analysis_error ? `: ${call.analysis_error}` : ''}</dd>
                  </>
                )}
              </dl>
              {/* The call is test data: its page (and what it booked) is shown in test mode. */}
              <Link to={`/calls/${call.id}`} onClick={() => setTestMode(true)}>
                Open the call page
              </Link>
              <p className="cell-secondary">Opens in test mode.</p>
            </div>
          )}
        </div>
      )}
      <LiveStatus message={status} />
    </section>
  );
}
