import { runLlmConformance } from '@voxanne/connector-kit/testing';
import { createHeuristicAnalyzer } from '../src/index.ts';

runLlmConformance('heuristic', { credentials: false, vendorFailures: false, malformedAnswers: false }, async () => ({
  connector: createHeuristicAnalyzer(),
  teardown: async () => {},
}));
