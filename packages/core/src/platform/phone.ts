/** The contract's E.164 shape (`components.schemas.E164`), for values that do not pass through the validator (vendor messages, tool arguments). */
const E164 = /^\+[1-9]\d{1,14}$/;

export const isE164 = (value: unknown): value is string => typeof value === 'string' && E164.test(value);
