import type { CallToolCall } from '../api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { formatDateTime } from '../lib/format.ts';

function outcome(t: CallToolCall) {
  if (t.timed_out) return <span className="badge badge-warning">Timed out</span>;
  return t.ok ? <span className="badge badge-success">OK</span> : <span className="badge badge-danger">Error</span>;
}

/** Each tool the agent used: what it asked (arguments, redacted), what it was told, and how long it took. */
export function CallToolCalls({ toolCalls }: { toolCalls: CallToolCall[] }) {
  return (
    <section className="card" aria-labelledby="tools-title">
      <h2 id="tools-title">Tool calls</h2>
      {toolCalls.length === 0 ? (
        <EmptyState title="No tool calls">
          <p>The agent did not check availability, book or use any other tool on this call.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Tool calls in the order they were made</caption>
            <thead>
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">Arguments</th>
                <th scope="col">Result</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {toolCalls.map((t) => (
                <tr key={t.tool_call_id} data-tool={t.name}>
                  <td data-label="Tool">
                    <code className="cell-primary">{t.name}</code>
                    <div className="cell-secondary">{formatDateTime(t.at)}</div>
                  </td>
                  <td data-label="Arguments">
                    <pre className="tool-args">{JSON.stringify(t.arguments, null, 2)}</pre>
                  </td>
                  <td data-label="Result" className="tool-result">
                    {t.result}
                  </td>
                  <td data-label="Status">{outcome(t)}</td>
                  <td data-label="Duration">{t.duration_ms} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
