/**
 * transfer_call: hands the caller to a person. The destination stays on our side (in the agent's
 * revision), never in the prompt; the spec carries it as `transferTo` only when deployed (index.ts toolSpecs).
 */
import { redactText } from '../../platform/phi/index.ts';
import { defined, text } from './args.ts';
import { defineTool } from './tool.ts';

export const TRANSFERRING = 'Transferring you to someone at the clinic now. Please hold.';
const NO_TRANSFER = "I can't transfer calls on this line. I can take a message and have someone from the clinic call you back.";

export const transferCallTool = defineTool({
  name: 'transfer_call',
  spec: {
    name: 'transfer_call',
    description: 'Transfer the caller to a person at the clinic when they ask for one or the request is urgent.',
    parameters: { type: 'object', properties: { reason: { type: 'string' } } },
  },
  writes: false,
  parse: (raw): { reason?: string } => defined({ reason: text(raw, 'reason', { max: 500 }) }),
  handle: async (ctx, args) => {
    const destination = (await ctx.agentTools())?.find((t) => t.type === 'transfer_call')?.destination;
    if (!destination) return { ok: false, line: NO_TRANSFER };
    // The destination is the clinic's own line (not patient data); the reason is the model's words, redacted.
    const detail = `to ${destination}${args.reason ? `: ${redactText(args.reason).text}` : ''}`.slice(0, 500);
    return { ok: true, line: TRANSFERRING, event: { type: 'transfer_requested', detail } };
  },
});
