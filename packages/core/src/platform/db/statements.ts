/**
 * Hot statements are declared once, by name, and run as named prepared statements: PostgreSQL parses and
 * plans each once per connection instead of once per request, and no query builder runs per request.
 */
export interface Statement<R = Record<string, unknown>> {
  readonly name: string;
  readonly text: string;
  /** Only carries the row type. */
  readonly __row?: R;
}

const declared = new Map<string, string>();
const byText = new Map<string, string>();

/** Declares a statement; a name may only ever mean one text (a second text is a bug, not an override). */
export function statement<R = Record<string, unknown>>(name: string, text: string): Statement<R> {
  const full = `vox_${name}`;
  const known = declared.get(full);
  if (known !== undefined && known !== text) throw new Error(`Statement ${full} is declared twice with different text.`);
  declared.set(full, text);
  byText.set(text, full);
  return { name: full, text };
}

/** The name a statement text was declared with (PGlite receives text, not names). */
export const statementNamed = (text: string): string | undefined => byText.get(text);

export type Row = Record<string, unknown>;

/** One statement of a batch with its parameters. */
export type Step = readonly [Statement<any>, readonly unknown[]];
