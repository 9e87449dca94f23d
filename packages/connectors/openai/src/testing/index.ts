export { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from './fake-openai.ts';
export { parsePrompt, type FakeAnalyze, type ForcedAnswer } from './fake-chat.ts';
