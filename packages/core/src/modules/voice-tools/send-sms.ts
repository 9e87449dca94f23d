/** send_sms: texts the caller, and only the caller. Writes. */
import { isE164 } from '../../platform/phone.ts';
import { sendSmsFor } from '../sms/index.ts';
import { defined, E164_ARG, phone, text } from './args.ts';
import { problemLine } from './spoken.ts';
import { actorOf, defineTool, fromOutcome, type ToolOutcome, type VoiceToolContext } from './tool.ts';

export async function sendSms(ctx: VoiceToolContext, args: { body: string; to?: string; booking_id?: string }): Promise<ToolOutcome> {
  const to = args.to ?? ctx.callerPhone;
  if (!to || !isE164(to)) return { ok: false, say: 'What number should I text?' };
  try {
    const m = await sendSmsFor(ctx.deps, actorOf(ctx), { to, body: args.body, ...(args.booking_id ? { booking_id: args.booking_id } : {}) });
    return { ok: true, say: m.status === 'scheduled' ? "I'll text you in the morning; it's too late to send texts now." : "I've sent you a text.", data: { message_id: m.id } };
  } catch (err) {
    const line = problemLine(err);
    if (line) return { ok: false, say: line };
    throw err;
  }
}

export const sendSmsTool = defineTool({
  name: 'send_sms',
  spec: {
    name: 'send_sms',
    description: 'Text the caller, e.g. a confirmation or directions. Ask for consent first.',
    parameters: { type: 'object', properties: { to: E164_ARG, message: { type: 'string' } }, required: ['message'] },
  },
  writes: true,
  apology: "Sorry, I can't confirm the text went out. If it doesn't arrive, someone from the clinic will follow up by text or call.",
  parse: (raw): { message: string; to?: string } => ({ message: text(raw, 'message', { required: true, max: 1000 })!, ...defined({ to: phone(raw, 'to') }) }),
  handle: async (ctx, args) => {
    // Only the caller's own number: a caller must not be able to make the clinic text someone else, and a
    // hidden number cannot be checked.
    if (!ctx.callerPhone) return { ok: false, line: "I can't send texts on this call because your number is hidden." };
    if (args.to && args.to !== ctx.callerPhone) return { ok: false, line: 'I can only send a text to the number you are calling from.' };
    return fromOutcome(await sendSms(ctx, { body: args.message, ...(args.to ? { to: args.to } : {}) }));
  },
});
