import { runEmailConformance } from '@voxanne/connector-kit/testing';
import { createLocalEmail, createMemoryEmailOutbox } from '../src/index.ts';

runEmailConformance('local-email', async () => {
  const store = createMemoryEmailOutbox();
  return {
    connector: createLocalEmail({ store }),
    delivered: async (to) => store.list(to).map(({ to, subject, text, html }) => ({ to, subject, text, ...(html !== undefined ? { html } : {}) })),
    teardown: async () => {},
  };
});
