export { createOpenAiTts, OPENAI_DEFAULT_BASE_URL, OPENAI_VOICES, OPENAI_GPT4O_ONLY_VOICES, type OpenAiTtsSettings } from './tts.ts';
export { mapOpenAiError } from './errors.ts';
export { createOpenAiAnalyzer, CALL_ANALYSIS_SCHEMA_NAME, type OpenAiAnalyzerSettings } from './analyzer.ts';
export { ANALYZER_SYSTEM_PROMPT } from './analyzer-prompt.ts';
