import { isRealtimeModel, REALTIME_ONLY_OPENAI_VOICES } from '@voxanne/connector-kit';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { VoiceProvider } from '../../connectors/types.ts';
import { agentVoice } from '../agents/index.ts';
import { previewKey, readPreview, writePreview, type CachedAudio } from './preview-cache.ts';

/**
 * The agent's voice saying `text` (default: its greeting), from the cache when it was heard before. In test
 * mode the local voice renders it, whatever vendor the agent's voice belongs to (decision 0012).
 */
export async function previewAgentVoice(deps: Deps, actor: Actor, agentId: string, text?: string): Promise<CachedAudio & { cache: 'hit' | 'miss' }> {
  const orgId = actor.orgId;
  const agent = await inScope(deps.knex, { orgId }, (tx) => agentVoice(tx, agentId));
  if (!agent) throw notFound('Agent');
  const say = text ?? agent.firstMessage ?? `Hi, thanks for calling ${agent.name}. How can I help you today?`;
  const connector = deps.connectors.ttsConnectorFor(agent.voice.provider, { livemode: actor.livemode });
  const tts = await deps.connectors.tts(orgId, connector);
  // A vendor's voice rendered locally (test mode) speaks with the first local voice instead.
  const standIn = connector === 'local-tts' && agent.voice.provider !== 'local';
  const voiceId = standIn ? (await tts.listVoices())[0]!.id : agent.voice.voice_id;
  const key = previewKey(connector, voiceId, say);

  const cached = await readPreview(deps.knex, orgId, key);
  if (cached) return { ...cached, cache: 'hit' };

  let audio: CachedAudio;
  try {
    const result = await tts.synthesize({ voiceId, text: say });
    audio = { audio: Buffer.from(result.audio), contentType: result.contentType };
  } catch (err) {
    throw deps.connectors.problem(err);
  }
  await writePreview(deps.knex, orgId, { key, connector, voiceId, ...audio });
  return { ...audio, cache: 'miss' };
}

/** On Vapi these OpenAI voices need a realtime model; previews (OpenAI's own TTS) play them with any. */
const realtimeOnly = (provider: VoiceProvider, voiceId: string) => provider === 'openai' && REALTIME_ONLY_OPENAI_VOICES.includes(voiceId);

/**
 * The provider's voices; given the agent's `model`, only those that model can speak with. In test mode, the
 * local voices whichever provider was asked for: the vendor is not asked.
 */
export async function listVoices(deps: Deps, actor: Actor, requested: VoiceProvider, model?: string) {
  const provider: VoiceProvider = actor.livemode ? requested : 'local';
  const tts = await deps.connectors.tts(actor.orgId, deps.connectors.ttsConnectorFor(provider, { livemode: actor.livemode }));
  try {
    const voices = (await tts.listVoices()).filter((v) => !model || isRealtimeModel(model) || !realtimeOnly(provider, v.id));
    return {
      data: voices.map((v) => ({
        object: 'voice' as const,
        provider,
        id: v.id,
        name: v.name,
        language: v.language,
        preview_url: v.previewUrl,
        realtime_only: realtimeOnly(provider, v.id),
      })),
      has_more: false,
      next_cursor: null,
    };
  } catch (err) {
    throw deps.connectors.problem(err);
  }
}
