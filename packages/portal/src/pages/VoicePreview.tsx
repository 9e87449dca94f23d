import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useMutation } from '../lib/useMutation.ts';

/**
 * Hears the agent's saved voice: the API returns audio bytes, which play from an object URL. The URL is
 * revoked when replaced or when the player goes away, so repeated previews do not pile up in memory.
 */
export function VoicePreview({ agentId, voiceChanged }: { agentId: string | null; voiceChanged: boolean }) {
  const [text, setText] = useState('');
  const [url, setUrl] = useState<string | null>(null);
  const { busy, error, run } = useMutation();
  const [playError, setPlayError] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement>(null);

  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  useEffect(() => {
    // The click that asked for it allows playback; a browser with no audio output may still refuse, and the
    // controls are there to try again.
    if (url) audio.current?.play().catch(() => undefined);
  }, [url]);

  if (!agentId) return <p className="field-hint">Save the agent to hear a preview of its voice.</p>;

  const generate = async () => {
    await run(async () => {
      const blob = await api.previewAgentVoice(agentId, text.trim() || undefined);
      setPlayError(null);
      setUrl(URL.createObjectURL(blob));
    });
  };

  return (
    <div className="voice-preview">
      <div className="form form-inline">
        <Field label="Preview text (optional)" hint="Leave empty to hear the first message." grow>
          <input className="input" maxLength={500} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        <button type="button" className="button button-secondary" onClick={generate} disabled={busy}>
          {busy ? 'Generating…' : 'Play preview'}
        </button>
      </div>
      {voiceChanged && <p className="alert alert-info">The preview uses the saved voice. Save to hear the voice you picked.</p>}
      {url && (
        <audio
          ref={audio}
          className="audio"
          controls
          src={url}
          aria-label="Voice preview"
          // A player that silently shows 0:00 looks like silence; say that the browser refused it (format, policy).
          onError={(e) => setPlayError(e.currentTarget.error?.message || 'The browser could not load the audio.')}
        />
      )}
      {playError && (
        <p className="alert alert-warning" role="alert">
          The preview arrived but this browser could not play it: {playError}
        </p>
      )}
      {error != null && <ProblemAlert error={error} title="Could not generate the preview" />}
    </div>
  );
}
