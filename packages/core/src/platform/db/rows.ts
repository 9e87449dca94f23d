/** Timestamps leave the database as Date (pg and PGlite alike) and the API speaks RFC 3339. */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoRequired(value: Date | string): string {
  return iso(value)!;
}
