/** lookup_knowledge: answers from the clinic's documents. Read-only. */
import { text } from './args.ts';
import { defineTool } from './tool.ts';

export const KNOWLEDGE_UNAVAILABLE = "I can't look that up yet. Someone from the clinic can answer that question when they call you back.";

export const lookupKnowledgeTool = defineTool({
  name: 'lookup_knowledge',
  spec: {
    name: 'lookup_knowledge',
    description: "Answer a question from the clinic's own documents (services, prices, insurance, directions).",
    parameters: { type: 'object', properties: { question: { type: 'string' } }, required: ['question'] },
  },
  writes: false,
  parse: (raw): { question: string } => ({ question: text(raw, 'question', { required: true, max: 1000 })! }),
  // The knowledge base has not landed: say so rather than make an answer up.
  handle: async () => ({ ok: false, line: KNOWLEDGE_UNAVAILABLE }),
});
