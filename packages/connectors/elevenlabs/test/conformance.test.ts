import { runTtsConformance } from '@voxanne/connector-kit/testing';
import { createElevenLabsTts } from '../src/index.ts';
import { startFakeElevenLabs } from '../src/testing/index.ts';

runTtsConformance('elevenlabs (against fake ElevenLabs)', { credentials: true, vendorFailures: true }, async () => {
  const fake = await startFakeElevenLabs();
  return {
    connector: createElevenLabsTts({ apiKey: fake.apiKey, baseUrl: fake.url }),
    defaultFormat: 'mp3',
    formats: ['mp3', 'wav'],
    withBadCredentials: () => {
      const apiKey = 'el-wrong-key-77';
      return { connector: createElevenLabsTts({ apiKey, baseUrl: fake.url }), apiKey };
    },
    failNext: (status, times) => fake.failNext(status, times),
    teardown: () => fake.close(),
  };
});
