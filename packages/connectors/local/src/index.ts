export { createSimulatorVoice, type SimulatorVoice, type SimulatorVoiceSettings, type Deliver, type DeliveredMessage } from './simulator/voice.ts';
export { createSimulatorStore, type SimulatorStore, type SimAssistant, type SimCall, type SimPhoneNumber } from './simulator/store.ts';
export { encodeSimulatorMessage, parseSimulatorMessage, isSimulatorMessage, SIMULATOR_VENDOR } from './simulator/wire.ts';
export {
  runScriptedCall,
  DEFAULT_INBOUND_GREETING,
  DEFAULT_OUTBOUND_GREETING,
  DEFAULT_GOODBYE,
  DEFAULT_VOICEMAIL,
  type ScriptedCallOptions,
  type ScriptedCallResult,
  type ScriptedToolCall,
} from './simulator/scripted-call.ts';
export {
  decideTurn,
  afterToolResults,
  initialBrainState,
  parseDateRange,
  parseSpokenTime,
  extractName,
  extractConfirmationCode,
  offeredSlotsIn,
  spokenResult,
  localDate,
  SIMULATOR_TOOLS,
  DEFAULT_PATIENT_NAME,
  type BrainInput,
  type BrainState,
  type BrainToolCall,
  type BrainTurn,
  type ToolOutcome,
  type SimulatorToolName,
  type SpokenTime,
  type TimePreference,
  type DayPart,
  type DateRange,
} from './simulator/brain.ts';
export {
  simulatedCallee,
  DEFAULT_CALLEE_SCRIPT,
  CALLEE_NO_ANSWER_SUFFIX,
  CALLEE_BUSY_SUFFIX,
  CALLEE_VOICEMAIL_SUFFIX,
  type SimulatedCallee,
} from './simulator/callee.ts';
export { createLocalTts, renderTones } from './tts.ts';
export { createLocalSms, canonicalSmsWebhook, LOCAL_SMS, type LocalSms, type LocalSmsSettings, type SmsDeliver } from './sms/connector.ts';
export { createMemorySmsOutbox, type MemorySmsOutbox, type SmsOutboxStore, type LocalSmsMessage } from './sms/outbox-store.ts';
export { createHeuristicAnalyzer, analyzeTranscriptHeuristically, HEURISTIC_ANALYZER } from './analyzer/connector.ts';
export { createLocalEmail, createMemoryEmailOutbox, LOCAL_EMAIL, type LocalEmail, type EmailOutboxStore, type MemoryEmailOutbox } from './email/connector.ts';
