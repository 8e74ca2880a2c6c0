/**
 * What `JSON.parse` hides: a key written twice in one object keeps only its last value. The AWS guide itself
 * has such an example (three `object-locator` keys in one rule), so hand-edited files are checked for it.
 */
import type { ValidationIssue } from '../config/errors';
import { formatPath } from '../config/errors';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Every repeated key in the objects of `text`, which must already be valid JSON. */
export function duplicateKeys(text: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let i = 0;

  const skipSpace = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  };
  /** Reads a string token; decodes it only when it has escapes (rare in keys). */
  const readString = (): string => {
    const start = ++i;
    let escaped = false;
    for (let c = text.charCodeAt(i); c !== QUOTE; c = text.charCodeAt(i)) {
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
      } else {
        i++;
      }
    }
    const raw = text.slice(start, i++);
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  // Paths are built only when a duplicate is found, from the chain of open containers.
  const trail: PropertyKey[] = [];
  const readValue = (): void => {
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      i++;
      skipSpace();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return;
      }
      const seen = new Set<string>();
      for (;;) {
        skipSpace();
        const key = readString();
        if (seen.has(key)) {
          issues.push({ path: formatPath([...trail, key]), message: 'is written more than once in this object; JSON keeps only the last one' });
        }
        seen.add(key);
        skipSpace();
        i++; // colon
        trail.push(key);
        readValue();
        trail.pop();
        skipSpace();
        if (text.charCodeAt(i++) === 0x7d) return; // otherwise a comma
      }
    }
    if (c === 0x5b /* [ */) {
      i++;
      skipSpace();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        trail.push(index);
        readValue();
        trail.pop();
        skipSpace();
        if (text.charCodeAt(i++) === 0x5d) return;
      }
    }
    if (c === QUOTE) {
      readString();
      return;
    }
    // number, true, false, null
    for (let d = text.charCodeAt(i); i < text.length && d !== 0x2c && d !== 0x7d && d !== 0x5d && d !== 0x20 && d !== 0x0a && d !== 0x0d && d !== 0x09; d = text.charCodeAt(++i));
  };

  readValue();
  return issues;
}
