import { runTtsConformance, runVoiceConformance } from '@voxanne/connector-kit/testing';
import { createLocalTts } from '../src/index.ts';
import { simulatorConformanceContext } from '../src/testing/index.ts';

runVoiceConformance('simulator', async () => simulatorConformanceContext());

runTtsConformance('local-tts', { credentials: false, vendorFailures: false }, async () => ({
  connector: createLocalTts(),
  defaultFormat: 'wav',
  formats: ['wav'],
  teardown: async () => {},
}));
