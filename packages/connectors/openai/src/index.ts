export { createOpenAiTts, OPENAI_DEFAULT_BASE_URL, OPENAI_VOICES, OPENAI_GPT4O_ONLY_VOICES, type OpenAiTtsSettings } from './tts.ts';
export { mapOpenAiError } from './errors.ts';
