import type { IntegrationProvider, VoiceProvider } from '../api.ts';

/** Vendor names as people write them; the API's ids are lower-case. */
const LABELS: Record<IntegrationProvider | VoiceProvider, string> = {
  vapi: 'Vapi',
  elevenlabs: 'ElevenLabs',
  openai: 'OpenAI',
  twilio: 'Twilio',
  local: 'Built-in (local)',
};

export const providerLabel = (provider: string): string => LABELS[provider as keyof typeof LABELS] ?? provider;

export const VOICE_PROVIDERS: VoiceProvider[] = ['local', 'elevenlabs', 'openai'];
