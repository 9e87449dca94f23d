import { useEffect } from 'react';
import { api, type VoiceProvider } from '../api.ts';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { providerLabel, VOICE_PROVIDERS } from '../lib/providers.ts';
import { useResource } from '../lib/useAsync.ts';
import { VoicePreview } from './VoicePreview.tsx';

interface Voice {
  provider: VoiceProvider;
  voice_id: string;
}

interface Props {
  voice: Voice;
  onChange(voice: Voice): void;
  /** The saved agent, whose voice the preview plays; null while the agent is not created yet. */
  agentId: string | null;
  savedVoice: Voice | null;
  /** The agent's model: voices it cannot speak with (OpenAI realtime-only voices) are not offered. */
  model: string;
  error?: string | undefined;
}

/** Provider, then one of the voices that provider offers this org (GET /v1/voices), then a preview. */
export function VoicePicker({ voice, onChange, agentId, savedVoice, model, error }: Props) {
  const voices = useResource(() => api.listVoices(voice.provider, model.trim() || undefined), [voice.provider, model]);
  const list = voices.state.status === 'ready' ? voices.state.data.data : [];

  // A new provider starts without a voice; take its first one so the form is never left without a choice.
  useEffect(() => {
    if (!voice.voice_id && list[0]) onChange({ provider: voice.provider, voice_id: list[0].id });
  }, [voice.voice_id, voice.provider, list[0]?.id]);

  const known = list.some((v) => v.id === voice.voice_id);
  const changed = savedVoice !== null && (savedVoice.provider !== voice.provider || savedVoice.voice_id !== voice.voice_id);

  return (
    <>
      <div className="form form-inline">
        <Field label="Voice provider">
          <select className="select" value={voice.provider} onChange={(e) => onChange({ provider: e.target.value as VoiceProvider, voice_id: '' })}>
            {VOICE_PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {providerLabel(p)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Voice" error={voices.state.status === 'ready' ? error : null} grow>
          <select
            className="select"
            value={voice.voice_id}
            disabled={voices.state.status !== 'ready'}
            onChange={(e) => onChange({ provider: voice.provider, voice_id: e.target.value })}
          >
            {voices.state.status === 'loading' && <option value={voice.voice_id}>Loading voices…</option>}
            {voices.state.status === 'error' && <option value={voice.voice_id}>{voice.voice_id || 'No voices available'}</option>}
            {voices.state.status === 'ready' && !known && <option value={voice.voice_id}>{voice.voice_id ? `${voice.voice_id} (not offered now)` : 'Choose a voice'}</option>}
            {list.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
                {v.language ? ` · ${v.language}` : ''}
                {v.realtime_only ? ' · realtime models only' : ''}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {voice.provider === 'local' && <p className="field-hint">The built-in voice works offline for previews and the simulator; Vapi needs an ElevenLabs or OpenAI voice.</p>}
      {voices.state.status === 'error' && (
        <ProblemAlert error={voices.state.error} title={`Could not load ${providerLabel(voice.provider)} voices`} onRetry={voices.reload} />
      )}
      <VoicePreview agentId={agentId} voiceChanged={changed} />
    </>
  );
}
