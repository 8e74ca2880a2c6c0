/**
 * What `JSON.parse` hides or does badly, found in one iterative pass over the text (no recursion, so a
 * document nested 100,000 levels deep is reported, not a stack overflow):
 * - a key written twice in one object keeps only its last value (the AWS guide itself has such an example:
 *   three `object-locator` keys in one rule; in a pipeline config a second `environment` would silently move
 *   the stack to another state key);
 * - syntax errors, reported by line and column without quoting the text (a file symlinked to a secret must
 *   not end up in a CI log);
 * - numbers that do not fit a double (`1e400` parses as Infinity);
 * - nesting deeper than any DMS document or config needs.
 */
import type { ValidationIssue } from './errors';
import { formatPath } from './errors';

/** DMS documents and pipeline configs nest about 10 levels; 64 leaves room and bounds every later walk. */
const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** An open array, or an open object with the keys it has so far. */
type Frame = { array: true; count: number } | { array: false; count: number; seen: Set<string> };

/**
 * Problems in `text` as JSON. A syntax or depth problem is reported alone (nothing after it can be trusted);
 * otherwise every duplicate key and out-of-range number. An empty list means `JSON.parse` gives the document
 * the text shows.
 */
function scanJson(text: string, maxDepth = MAX_JSON_DEPTH): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const trail: PropertyKey[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;

  const syntax = (what: string): ValidationIssue[] => [{ path: '', message: `is not valid JSON: ${what} at ${lineColumn(text, i)}` }];
  const skipSpace = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  };
  /** Scans a string token starting at the quote; returns its end (after the closing quote) or -1. */
  const scanString = (): string | undefined => {
    const start = ++i;
    let escaped = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const raw = text.slice(start, i++);
        return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
      }
      if (c < 0x20) return undefined;
      if (c === BACKSLASH) {
        escaped = true;
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return undefined;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else return undefined;
      } else i++;
    }
    return undefined;
  };

  let mode: 'value' | 'after' | 'key' = 'value';
  for (;;) {
    if (mode === 'value') {
      skipSpace();
      const c = text.charCodeAt(i);
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (stack.length >= maxDepth) return [{ path: formatPath(trail), message: `is nested more than ${maxDepth} levels deep` }];
        const array = c === 0x5b;
        i++;
        skipSpace();
        if (text.charCodeAt(i) === (array ? 0x5d : 0x7d)) {
          i++;
          mode = 'after';
          continue;
        }
        stack.push(array ? { array, count: 0 } : { array, count: 0, seen: new Set<string>() });
        if (array) trail.push(0);
        mode = array ? 'value' : 'key';
        continue;
      }
      if (c === QUOTE) {
        if (scanString() === undefined) return syntax('an unterminated string, a control character or a bad escape in a string');
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(text);
        if (!match) return syntax('a malformed number');
        i += match[0].length;
        if (!Number.isFinite(Number(match[0]))) {
          issues.push({
            path: formatPath(trail),
            message: `${match[0].length > 40 ? `${match[0].slice(0, 40)}...` : match[0]} is out of range: numbers must fit a 64-bit float (JSON.parse would make it Infinity)`,
          });
        }
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else return syntax(i >= n ? 'the text ends where a value is expected' : 'an unexpected character where a value is expected');
      mode = 'after';
      continue;
    }
    if (mode === 'key') {
      skipSpace();
      if (text.charCodeAt(i) !== QUOTE) return syntax('a missing object key (keys are double-quoted strings)');
      const key = scanString();
      if (key === undefined) return syntax('an unterminated string, a control character or a bad escape in a key');
      const frame = stack[stack.length - 1];
      if (frame.array) throw new Error('internal error: an object key inside an array');
      if (frame.seen.has(key)) {
        issues.push({
          path: formatPath([...trail, key]),
          message: 'is written more than once in this object; JSON keeps only the last one',
        });
      }
      frame.seen.add(key);
      skipSpace();
      if (text.charCodeAt(i) !== 0x3a) return syntax('a missing ":" after an object key');
      i++;
      trail.push(key);
      mode = 'value';
      continue;
    }
    // after a value
    skipSpace();
    const frame = stack[stack.length - 1];
    if (!frame) {
      if (i < n) return syntax('unexpected text after the JSON value');
      return issues;
    }
    trail.pop();
    const c = text.charCodeAt(i);
    if (c === 0x2c /* , */) {
      i++;
      if (frame.array) {
        trail.push(++frame.count);
        mode = 'value';
      } else mode = 'key';
    } else if (c === (frame.array ? 0x5d : 0x7d)) {
      i++;
      stack.pop();
      mode = 'after';
    } else {
      return syntax(frame.array ? 'a missing "," or "]" in an array' : 'a missing "," or "}" in an object');
    }
  }
}

/**
 * `JSON.parse` with the checks above: the document, or the problems (syntax, depth, duplicates, ranges).
 * Problems are relative to the document root.
 */
export function parseJsonText(text: string): { value?: unknown; issues: ValidationIssue[] } {
  const issues = scanJson(text);
  if (
    issues.some((issue) => issue.path === '' && issue.message.startsWith('is not valid JSON')) ||
    issues.some((i) => i.message.startsWith('is nested'))
  )
    return { issues };
  return { value: JSON.parse(text), issues };
}

function lineColumn(text: string, index: number): string {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    line++;
    start = at + 1;
  }
  return `line ${line}, column ${index - start + 1}`;
}

/**
 * `JSON.parse` for files that are only read, not validated key by key (plans, states, synthesized stacks):
 * the value, or a syntax problem with line and column (`JSON.parse` names a byte offset, or nothing).
 */
export function parseJson(text: string): { value: unknown; problem?: undefined } | { value?: undefined; problem: string } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    const syntax = scanJson(text, Number.POSITIVE_INFINITY).find(
      (issue) => issue.path === '' && issue.message.startsWith('is not valid JSON'),
    );
    return { problem: syntax?.message ?? 'is not valid JSON' };
  }
}
