/**
 * What `JSON.parse` hides: a key written twice in one object keeps only its last value. The AWS guide itself
 * has such an example (three `object-locator` keys in one rule), so hand-edited files are checked for it.
 */
import type { ValidationIssue } from '../config/errors';
import { formatPath } from '../config/errors';

/** Every repeated key in the objects of `text`, which must already be valid JSON. */
export function duplicateKeys(text: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let i = 0;

  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (path: PropertyKey[]): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        const key = readString();
        if (seen.has(key)) issues.push({ path: formatPath([...path, key]), message: 'is written more than once in this object; JSON keeps only the last one' });
        seen.add(key);
        skipSpace();
        i++; // colon
        readValue([...path, key]);
        skipSpace();
        if (text[i++] === '}') return; // otherwise a comma
      }
    }
    if (c === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        readValue([...path, index]);
        skipSpace();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') {
      readString();
      return;
    }
    while (i < text.length && !',}] \t\n\r'.includes(text[i])) i++; // number, true, false, null
  };

  readValue([]);
  return issues;
}
