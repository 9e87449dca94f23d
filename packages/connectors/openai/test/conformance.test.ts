import { runTtsConformance } from '@voxanne/connector-kit/testing';
import { createOpenAiTts } from '../src/index.ts';
import { startFakeOpenAi } from '../src/testing/index.ts';

runTtsConformance('openai (against fake OpenAI)', { credentials: true, vendorFailures: true }, async () => {
  const fake = await startFakeOpenAi();
  return {
    connector: createOpenAiTts({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }),
    defaultFormat: 'mp3',
    formats: ['mp3', 'wav'],
    withBadCredentials: () => {
      const apiKey = 'sk-wrong-0042';
      return { connector: createOpenAiTts({ apiKey, baseUrl: fake.baseUrl }), apiKey };
    },
    failNext: (status, times) => fake.failNext(status, times),
    teardown: () => fake.close(),
  };
});
