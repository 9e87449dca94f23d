import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { inScope } from '../../platform/db/tenancy.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { VoiceProvider } from '../../connectors/types.ts';
import { agentVoice } from '../agents/lookup.ts';
import { previewKey, readPreview, writePreview, type CachedAudio } from './preview-cache.ts';

/** The agent's voice saying `text` (default: its greeting), from the cache when it was heard before. */
export async function previewAgentVoice(deps: Deps, actor: Actor, agentId: string, text?: string): Promise<CachedAudio & { cache: 'hit' | 'miss' }> {
  const orgId = actor.orgId;
  const agent = await inScope(deps.knex, { orgId }, (tx) => agentVoice(tx, agentId));
  if (!agent) throw notFound('Agent');
  const say = text ?? agent.firstMessage ?? `Hi, thanks for calling ${agent.name}. How can I help you today?`;
  const connector = deps.connectors.ttsConnectorFor(agent.voice.provider);
  const key = previewKey(connector, agent.voice.voice_id, say);

  const cached = await readPreview(deps.knex, orgId, key);
  if (cached) return { ...cached, cache: 'hit' };

  const tts = await deps.connectors.tts(orgId, connector);
  let audio: CachedAudio;
  try {
    const result = await tts.synthesize({ voiceId: agent.voice.voice_id, text: say });
    audio = { audio: Buffer.from(result.audio), contentType: result.contentType };
  } catch (err) {
    throw deps.connectors.problem(err);
  }
  await writePreview(deps.knex, orgId, { key, connector, voiceId: agent.voice.voice_id, ...audio });
  return { ...audio, cache: 'miss' };
}

export async function listVoices(deps: Deps, actor: Actor, provider: VoiceProvider) {
  const tts = await deps.connectors.tts(actor.orgId, deps.connectors.ttsConnectorFor(provider));
  try {
    const voices = await tts.listVoices();
    return {
      data: voices.map((v) => ({ object: 'voice' as const, provider, id: v.id, name: v.name, language: v.language, preview_url: v.previewUrl })),
      has_more: false,
      next_cursor: null,
    };
  } catch (err) {
    throw deps.connectors.problem(err);
  }
}
