export { createVapiVoice, VAPI_DEFAULT_BASE_URL, type VapiVoiceSettings } from './voice.ts';
export { buildAssistantPayload, VAPI_SERVER_MESSAGES, VAPI_NAME_MAX } from './assistant-payload.ts';
export { parseVapiServerMessage, mapVapiCallStatus } from './server-messages.ts';
export { vapiToolCallsResponse, vapiAssistantRequestResponse } from './responses.ts';
export { vapiHmacAuthenticationPlan, vapiWebhookCredential } from './hmac-plan.ts';
export { mapVapiError } from './errors.ts';
