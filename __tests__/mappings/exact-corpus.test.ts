/**
 * The exact corpus through the entry point `npm run check` uses: each document gives exactly the listed
 * `path: message` lines (warnings prefixed `warning: `), nothing more.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatIssue, isWarning } from '../../core/errors';
import { checkFile } from '../../app/check-file';
import { type CorpusEntry, EXACT_MAPPINGS, EXACT_SETTINGS, WARNED_SETTINGS } from './exact-corpus';
import { generatedMappingText } from '../../tools/generated-mapping';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-exact-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function check(entry: CorpusEntry, kind: 'mappings' | 'settings') {
  const file = path.join(work, `${entry.name.replace(/\W+/g, '-')}.json`);
  const { document } = entry;
  const text =
    typeof document === 'string'
      ? document.startsWith('GENERATED:')
        ? generatedMappingText(Number(document.slice('GENERATED:'.length)))
        : document
      : JSON.stringify(document, null, 2);
  fs.writeFileSync(file, text);
  return checkFile(file, { kind, target: entry.target, migrationType: entry.migrationType, write: false }).issues;
}

test('GIVEN the corpus WHEN counted THEN its entries are distinct and the rejected ones are at least 45', () => {
  const all = [...EXACT_MAPPINGS, ...EXACT_SETTINGS, ...WARNED_SETTINGS];
  expect(new Set(all.map((entry) => entry.name)).size).toBe(all.length);
  expect([...EXACT_MAPPINGS, ...EXACT_SETTINGS].filter((entry) => entry.expected.length > 0).length).toBeGreaterThanOrEqual(45);
});

describe('table mappings', () => {
  test.each(EXACT_MAPPINGS)('GIVEN $name WHEN checked THEN exactly the expected problems are reported', (entry) => {
    expect(check(entry, 'mappings').map(formatIssue)).toEqual(entry.expected);
  });
});

describe('task settings', () => {
  test.each(EXACT_SETTINGS)('GIVEN $name WHEN checked THEN exactly the expected problems are reported', (entry) => {
    expect(check(entry, 'settings').map(formatIssue)).toEqual(entry.expected);
  });
});

describe('task settings accepted with warnings', () => {
  test.each(WARNED_SETTINGS)('GIVEN $name WHEN checked THEN it is accepted with exactly the expected warnings', (entry) => {
    const issues = check(entry, 'settings');
    expect(issues.every(isWarning)).toBe(true);
    expect(issues.map(formatIssue)).toEqual(entry.expected);
  });
});
