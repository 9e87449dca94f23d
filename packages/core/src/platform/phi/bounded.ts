/**
 * Regexes the PHI scanners run over whole, untrusted texts. Each must be *bounded*: no `*`, `+` or
 * `{n,}`, so any match attempt inspects at most a constant number of characters and a pass over the
 * text is linear. (An unbounded quantifier lets a crafted input make every one of n attempts scan far
 * ahead: quadratic, the 8-28 s stalls of issue #10.) Runs of unbounded length — digit groups, words,
 * whitespace, email parts — are walked by hand-written loops instead, which count their steps.
 *
 * Building every such regex through `bounded()` checks this once, when the module loads.
 */
export function bounded(pattern: string | RegExp, flags?: string): RegExp {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const bad = unboundedQuantifier(source);
  if (bad) throw new Error(`PHI pattern has an unbounded quantifier ${bad}: /${source}/`);
  return new RegExp(source, flags ?? (typeof pattern === 'string' ? '' : pattern.flags));
}

/** The first `*`, `+` or `{n,}` outside character classes and escapes, if any. */
export function unboundedQuantifier(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*' || c === '+') return c;
    else if (c === '{') {
      let j = i + 1;
      while (j < source.length && source.charCodeAt(j) >= 48 && source.charCodeAt(j) <= 57) j++;
      if (j > i + 1 && source[j] === ',' && source[j + 1] === '}') return source.slice(i, j + 2);
    }
  }
  return undefined;
}
