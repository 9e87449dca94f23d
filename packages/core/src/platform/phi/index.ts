export { redactText, findPhi, REDACTED_ALL } from './redact.ts';
export { redactTranscript, redactDeep, type TranscriptFinding } from './deep.ts';
export { luhnValid, ssnValid } from './luhn.ts';
export { PHI_KINDS, type PhiKind, type PhiFinding, type RedactOptions, type RedactResult } from './types.ts';
