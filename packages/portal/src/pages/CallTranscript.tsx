import type { TranscriptTurn } from '../api.ts';
import { formatDuration } from '../lib/calls.ts';

const SPEAKER: Record<TranscriptTurn['role'], string> = { agent: 'Agent', caller: 'Caller', tool: 'Tool result', system: 'System' };

/**
 * The transcript as a conversation: agent and caller bubbles on either side, tool results and system
 * notes set apart in the middle. While `live`, the list is a polite log so new turns are announced.
 */
export function CallTranscript({ turns, live = false, label = 'Conversation' }: { turns: TranscriptTurn[]; live?: boolean; label?: string }) {
  const list = (
    <ol className="conversation" aria-label={label}>
      {turns.map((t, i) => (
        <li key={i} className={`bubble bubble-${t.role}`} data-role={t.role}>
          <span className="bubble-speaker">
            {SPEAKER[t.role] ?? t.role}
            {t.seconds_from_start != null && <span className="bubble-time"> · {formatDuration(t.seconds_from_start)}</span>}
          </span>
          <span className="bubble-text">{t.text}</span>
        </li>
      ))}
    </ol>
  );
  return live ? (
    <div role="log" aria-live="polite" aria-label={`${label} (live)`}>
      {list}
    </div>
  ) : (
    list
  );
}
