/**
 * DMS name patterns in object locators (AWS DMS user guide, "Wildcards in table mapping"):
 * `%` zero or more characters, `_` one character, `[_]` a literal underscore, `[ab]` a set, `[a-d]` a range.
 * Matching is case-sensitive, as DMS selection rules are.
 */

/** A syntax problem in a pattern, or undefined when it is well-formed. */
export function wildcardSyntaxError(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === ']') return `unexpected "]" at position ${i + 1} (a set starts with "[")`;
    if (pattern[i] !== '[') continue;
    const close = pattern.indexOf(']', i + 1);
    if (close === -1) return `unclosed "[" at position ${i + 1}`;
    const body = pattern.slice(i + 1, close);
    if (body.length === 0) return `empty set "[]" at position ${i + 1}`;
    if (body.includes('[')) return `nested "[" in the set at position ${i + 1}`;
    for (let j = 1; j < body.length - 1; j++) {
      if (body[j] === '-' && body[j - 1] > body[j + 1]) {
        return `range "${body[j - 1]}-${body[j + 1]}" at position ${i + 1} runs backwards`;
      }
    }
    i = close;
  }
  return undefined;
}

/**
 * Whether a pattern selects more than one name. `_` counts: DMS treats it as a one-character wildcard, so an
 * exact name containing `_` must write it as `[_]` where exactness matters.
 */
export function hasWildcard(pattern: string): boolean {
  return /[%_[]/.test(pattern.replace(/\[_\]/g, ''));
}

/**
 * Whether a pattern has a wildcard that certainly widens the match: `%` or a set. Used where the guide says
 * "no wildcards" about names that commonly contain a literal `_`, which DMS also accepts there.
 */
export function hasBroadWildcard(pattern: string): boolean {
  return /[%[]/.test(pattern.replace(/\[_\]/g, ''));
}

/**
 * A DMS pattern as an anchored regular expression source: `%` any run, `_` one character, `[...]` a set, every
 * other character literal. Valid for JavaScript and for PostgreSQL's `~` (whose LIKE has no sets).
 */
export function wildcardRegexSource(pattern: string): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      source += `[${pattern.slice(i + 1, close).replace(/[\\^\]]/g, '\\$&')}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|\\/]/g, '\\$&');
  }
  return `^${source}$`;
}

const cache = new Map<string, RegExp>();

export function wildcardMatches(pattern: string, name: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    regex = new RegExp(wildcardRegexSource(pattern), 's');
    cache.set(pattern, regex);
  }
  return regex.test(name);
}
