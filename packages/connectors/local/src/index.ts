export { createSimulatorVoice, type SimulatorVoice, type SimulatorVoiceSettings, type Deliver, type DeliveredMessage } from './simulator/voice.ts';
export { createSimulatorStore, type SimulatorStore, type SimAssistant, type SimCall, type SimPhoneNumber } from './simulator/store.ts';
export { encodeSimulatorMessage, parseSimulatorMessage } from './simulator/wire.ts';
export { createLocalTts, renderTones } from './tts.ts';
export { createLocalSms, canonicalSmsWebhook, LOCAL_SMS, type LocalSms, type LocalSmsSettings, type SmsDeliver } from './sms/connector.ts';
export { createMemorySmsOutbox, type MemorySmsOutbox, type SmsOutboxStore, type LocalSmsMessage } from './sms/outbox-store.ts';
export { createHeuristicAnalyzer, analyzeTranscriptHeuristically, HEURISTIC_ANALYZER } from './analyzer/connector.ts';
