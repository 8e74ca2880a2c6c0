/**
 * Every table-mapping example of the AWS DMS user guide (fixtures/aws-guide): the ones the guide presents as
 * working are accepted and round-trip through the canonical form; its counter-example, its templates and the
 * examples that break its own stated rules are rejected with the listed problems.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatIssue } from '../../core/errors';
import type { TargetEngine } from '../../mappings/target-capabilities';
import { parseTableMappings, renderTableMappingsFile } from '../../mappings/table-mappings';

interface Example {
  file: string;
  source: string;
  example: string;
  target: TargetEngine;
  shape: 'document' | 'rule' | 'rules' | 'parallel-load';
  guide: 'valid' | 'valid-but-inconsistent' | 'template' | 'counter-example';
  expect: string[];
}

const dir = path.join(__dirname, 'fixtures', 'aws-guide');
const examples: Example[] = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));

/** Fragments (a single rule, a bare rule list, a parallel-load block) become documents with a catch-all selection. */
const SELECT_ALL = {
  'rule-type': 'selection',
  'rule-id': '1000',
  'rule-name': 'fixture-include-all',
  'object-locator': { 'schema-name': '%', 'table-name': '%' },
  'rule-action': 'include',
};
function documentText(example: Example): string {
  const text = fs.readFileSync(path.join(dir, example.file), 'utf8');
  const value = JSON.parse(text);
  switch (example.shape) {
    case 'document':
      return text;
    case 'rule':
      return JSON.stringify({ rules: [SELECT_ALL, value] });
    case 'rules':
      return JSON.stringify({ rules: [SELECT_ALL, ...value] });
    case 'parallel-load':
      return JSON.stringify({
        rules: [
          SELECT_ALL,
          {
            'rule-type': 'table-settings',
            'rule-id': '2',
            'rule-name': 'fixture-table-settings',
            'object-locator': { 'schema-name': 'sales', 'table-name': 'orders' },
            ...value,
          },
        ],
      });
  }
}

/** JSON equality regardless of key order, so "canonical" can only have reordered keys. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortedKeys(v)]),
    );
  return value;
}

test('GIVEN the fixture index WHEN read THEN it lists every fixture file, and most guide examples are presented as valid', () => {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();
  expect(examples.map((e) => e.file).sort()).toEqual(files);
  expect(examples.filter((e) => e.guide === 'valid').length).toBeGreaterThanOrEqual(60);
  expect(examples.filter((e) => e.guide === 'counter-example').length).toBeGreaterThanOrEqual(1);
});

describe.each(['valid', 'valid-but-inconsistent', 'template', 'counter-example'] as const)('guide examples presented as %s', (guide) => {
  const cases = examples.filter((e) => e.guide === guide);
  if (cases.length === 0) return;
  test.each(cases)('GIVEN $file ($example) WHEN checked for a $target target THEN the result is as listed', (example) => {
    const text = documentText(example);
    const { mappings, issues } = parseTableMappings(text, { target: example.target });
    expect(issues.map(formatIssue)).toEqual(example.expect);
    if (example.expect.length === 0) {
      if (!mappings) throw new Error('a document without issues has mappings');
      const canonical = renderTableMappingsFile(mappings);
      expect(sortedKeys(JSON.parse(canonical))).toEqual(sortedKeys(JSON.parse(text)));
      const again = parseTableMappings(canonical, { target: example.target });
      expect(again.issues).toEqual([]);
      expect(again.mappings && renderTableMappingsFile(again.mappings)).toBe(canonical);
    }
  });
});

test('GIVEN the guide examples presented as valid WHEN checked THEN all are accepted', () => {
  const rejected = examples.filter((e) => e.guide === 'valid' && e.expect.length > 0);
  expect(rejected.map((e) => e.file)).toEqual([]);
});
