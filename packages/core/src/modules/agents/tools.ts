/**
 * The tools an agent may enable, as the function specs the voice vendor gives the LLM. The calls come
 * back to our webhook (issue #5), which runs them against the org's data; transfer_call's destination
 * stays on our side (in the revision) rather than in the prompt.
 */
import type { ToolSpec } from '@voxanne/connector-kit';
import type { AgentConfig } from './agent-config.ts';

type ToolType = AgentConfig['tools'][number]['type'];

const E164 = { type: 'string', description: 'Phone number in E.164 form, e.g. +15551234567' };

const SPECS: Record<ToolType, ToolSpec> = {
  check_availability: {
    name: 'check_availability',
    description: 'Find open appointment times. Call before offering times to the caller.',
    parameters: {
      type: 'object',
      properties: {
        date_from: { type: 'string', description: 'First day to search, YYYY-MM-DD, in the clinic time zone' },
        date_to: { type: 'string', description: 'Last day to search, YYYY-MM-DD' },
        service: { type: 'string', description: 'The kind of visit, e.g. cleaning or consultation' },
      },
      required: ['date_from'],
    },
  },
  book_appointment: {
    name: 'book_appointment',
    description: 'Book an appointment at a time check_availability returned. Confirm the details with the caller first.',
    parameters: {
      type: 'object',
      properties: {
        start: { type: 'string', description: 'Start time, ISO 8601 with offset' },
        patient_name: { type: 'string' },
        patient_phone: E164,
        service: { type: 'string' },
        notes: { type: 'string' },
      },
      required: ['start', 'patient_name', 'patient_phone'],
    },
  },
  cancel_appointment: {
    name: 'cancel_appointment',
    description: "Cancel the caller's upcoming appointment. Ask for the confirmation code unless the caller is calling from the number they booked with.",
    parameters: {
      type: 'object',
      properties: {
        patient_phone: E164,
        confirmation_code: { type: 'string', description: 'The confirmation code the caller was given when booking' },
        start: { type: 'string', description: 'Start time of the appointment to cancel, if the caller has several' },
      },
      required: ['patient_phone'],
    },
  },
  lookup_knowledge: {
    name: 'lookup_knowledge',
    description: "Answer a question from the clinic's own documents (services, prices, insurance, directions).",
    parameters: { type: 'object', properties: { question: { type: 'string' } }, required: ['question'] },
  },
  send_sms: {
    name: 'send_sms',
    description: 'Text the caller, e.g. a confirmation or directions. Ask for consent first.',
    parameters: { type: 'object', properties: { to: E164, message: { type: 'string' } }, required: ['message'] },
  },
  transfer_call: {
    name: 'transfer_call',
    description: 'Transfer the caller to a person at the clinic when they ask for one or the request is urgent.',
    parameters: { type: 'object', properties: { reason: { type: 'string' } } },
  },
};

export function toolSpecs(tools: AgentConfig['tools']): ToolSpec[] {
  return tools.map((t) => ({ ...structuredClone(SPECS[t.type]), ...(t.type === 'transfer_call' && t.destination ? { transferTo: t.destination } : {}) }));
}
