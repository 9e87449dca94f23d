/**
 * A tool result on one line: each run of whitespace holding a line break becomes one space (Vapi
 * rejects line breaks; the simulator's brain reads the same strings). The one copy, here so that core's
 * tool answers and the Vapi connector's responses share it. The look-behind lets a match start only
 * where a whitespace run starts: `\s*[\r\n]+\s*` alone retried from every position of a long run of
 * spaces without a line break, quadratic in the run (issue #10).
 */
const BREAK_RUN = /(?<!\s)\s*[\r\n]\s*/g;

export const oneLine = (s: string): string => s.replace(BREAK_RUN, ' ').trim();
