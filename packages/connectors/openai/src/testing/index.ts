export { startFakeOpenAi, type FakeOpenAi } from './fake-openai.ts';
