import { runLlmConformance } from '@voxanne/connector-kit/testing';
import { analyzeTranscriptHeuristically } from '@voxanne/connector-local';
import { createOpenAiAnalyzer } from '../src/index.ts';
import { startFakeOpenAi } from '../src/testing/index.ts';

runLlmConformance('openai analyzer (against fake OpenAI)', { credentials: true, vendorFailures: true, malformedAnswers: true }, async () => {
  const fake = await startFakeOpenAi({ analyze: analyzeTranscriptHeuristically });
  return {
    connector: createOpenAiAnalyzer({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }),
    withBadCredentials: () => {
      const apiKey = 'sk-wrong-0042';
      return { connector: createOpenAiAnalyzer({ apiKey, baseUrl: fake.baseUrl }), apiKey };
    },
    failNext: (status, times) => fake.failNext(status, times),
    malformNext: (kind) => fake.forceNextChat({ content: kind === 'not_json' ? '{"summary": "cut of' : JSON.stringify({ summary: 'x', sentiment: 'great' }) }),
    teardown: () => fake.close(),
  };
});
