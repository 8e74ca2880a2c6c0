/**
 * The bad-input corpus through the same entry point `npm run check` uses: every invalid document is rejected
 * with exactly the expected `path: message` lines, and nothing more.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatIssue } from '../../core/errors';
import { checkFile } from '../../app/check-file';
import { BAD_MAPPINGS, BAD_SETTINGS, type BadDocument } from './bad-input-corpus';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-corpus-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function problems({ name, document, target, migrationType }: BadDocument, kind: 'mappings' | 'settings'): string[] {
  const file = path.join(work, `${name.replace(/\W+/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(document, null, 2));
  return checkFile(file, { kind, target, migrationType, write: false }).issues.map(formatIssue);
}

test('GIVEN the corpus WHEN counted THEN it has at least 60 distinct invalid documents', () => {
  const all = [...BAD_MAPPINGS, ...BAD_SETTINGS];
  expect(all.length).toBeGreaterThanOrEqual(60);
  expect(new Set(all.map((entry) => entry.name)).size).toBe(all.length);
  expect(new Set(all.map((entry) => JSON.stringify(entry.document))).size).toBe(all.length);
});

describe('invalid table mappings', () => {
  test.each(BAD_MAPPINGS)('GIVEN $name WHEN checked THEN exactly the expected problems are reported', (entry) => {
    expect(problems(entry, 'mappings')).toEqual(entry.expected);
  });
});

describe('invalid task settings', () => {
  test.each(BAD_SETTINGS)('GIVEN $name WHEN checked THEN exactly the expected problems are reported', (entry) => {
    expect(problems(entry, 'settings')).toEqual(entry.expected);
  });
});
