import type { FocusEvent } from 'react';

/**
 * Whether focus is leaving a field for a submit button. Validating on that blur would insert an error
 * message above the button between mousedown and click, move the button, and swallow the click; the submit
 * handler validates anyway, so such a blur is left alone.
 */
export const leavingForSubmit = (e: FocusEvent<HTMLElement>): boolean =>
  e.relatedTarget instanceof HTMLElement && e.relatedTarget.matches('button[type="submit"], input[type="submit"]');
