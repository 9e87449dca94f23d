export { redactText, findPhi, REDACTED_ALL } from './redact.ts';
export { redactTranscript, redactDeep, type TranscriptFinding } from './deep.ts';
export { MAX_SCAN_CHARS, MAX_TOTAL_SCAN_CHARS, REDACTED_OVERFLOW } from './limits.ts';
export { luhnValid, ssnValid } from './luhn.ts';
export { measurePhiWork } from './work.ts';
export { PHI_KINDS, type PhiKind, type PhiFinding, type RedactOptions, type RedactResult } from './types.ts';
