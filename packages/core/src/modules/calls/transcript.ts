/**
 * Vendor conversation -> the stored transcript: speaker turns in the API's shape, redacted. The unredacted
 * turns exist only in memory on the way to redaction (and, when the org keeps originals, encrypted).
 */
import type { ConversationMessage } from '@voxanne/connector-kit';
import type { components } from '../../generated/api.ts';
import { redactText, redactTranscript } from '../../platform/phi/index.ts';

export type StoredTurn = components['schemas']['TranscriptTurn'];

const ROLE: Record<ConversationMessage['role'], StoredTurn['role']> = { assistant: 'agent', user: 'caller', system: 'system', tool: 'tool' };

/** Unredacted turns. Leading system messages are the agent's own prompt (Vapi puts it first), not conversation. */
export function toTurns(messages: readonly ConversationMessage[]): StoredTurn[] {
  const firstSpoken = messages.findIndex((m) => m.role !== 'system');
  if (firstSpoken < 0) return [];
  return messages
    .slice(firstSpoken)
    .filter((m) => m.text.trim() !== '')
    .map((m) => ({ role: ROLE[m.role], text: m.text, seconds_from_start: m.secondsFromStart }));
}

const SPEAKER = /^\s*(AI|Assistant|Agent|Bot|User|Customer|Caller)\s*:\s?(.*)$/i;

/**
 * Older reports carry only a text transcript ("AI: ...\nUser: ..."). Unlabelled lines continue the
 * previous turn; text with no label at all becomes one system turn rather than being dropped.
 */
export function turnsFromText(transcript: string): StoredTurn[] {
  // Each turn's lines are collected and joined once: appending to the turn's text line by line
  // copied the growing text every time, quadratic in a long transcript (issue #10).
  const turns: { role: StoredTurn['role']; lines: string[] }[] = [];
  for (const line of transcript.split(/\r?\n/)) {
    const m = SPEAKER.exec(line);
    if (m) {
      const role = /^(user|customer|caller)$/i.test(m[1]!) ? 'caller' : 'agent';
      turns.push({ role, lines: [m[2]!.trim()] });
    } else if (line.trim()) {
      const last = turns.at(-1);
      if (last) last.lines.push(line.trim());
      else turns.push({ role: 'system', lines: [line.trim()] });
    }
  }
  return turns
    .map((t) => ({ role: t.role, text: t.lines.filter(Boolean).join('\n'), seconds_from_start: null }))
    .filter((t) => t.text !== '');
}

/** The report's turns, or its text transcript when it sent no messages. */
export function reportTurns(messages: readonly ConversationMessage[], transcript: string | null): StoredTurn[] {
  const turns = toTurns(messages);
  return turns.length || !transcript ? turns : turnsFromText(transcript);
}

export function redactTurns(turns: readonly StoredTurn[]): StoredTurn[] {
  return redactTranscript(turns).turns;
}

/** One live turn, redacted with the previous stored turn as context (its label survives redaction). */
export function redactLiveTurn(turn: StoredTurn, previous: StoredTurn | null): StoredTurn {
  return { ...turn, text: redactText(turn.text, previous ? { context: previous.text } : {}).text };
}
