/** The API's E.164 pattern (openapi.yaml `E164`): a plus, a non-zero digit, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;

export const E164_HINT = 'International format with country code, no spaces, e.g. +15551234567.';

/** An inline error for a phone number field, or null when it is fine. Empty is for `required` to judge. */
export function e164Error(value: string): string | null {
  const v = value.trim();
  if (!v || E164.test(v)) return null;
  if (/[\s().-]/.test(v)) return 'Remove spaces, dashes and brackets: the number must look like +15551234567.';
  if (!v.startsWith('+')) return 'Start with + and the country code, e.g. +15551234567.';
  return 'That is not a valid E.164 number (a + followed by up to 15 digits, e.g. +15551234567).';
}
