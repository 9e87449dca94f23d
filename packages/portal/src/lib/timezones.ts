/** The browser's IANA zones; the one the agent already has is kept even if this browser does not list it. */
export function timezoneOptions(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  // Chromium leaves out UTC from the list, and a clinic may well want it.
  return [...new Set([...zones, 'UTC', current].filter(Boolean))].sort();
}

export function browserTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
