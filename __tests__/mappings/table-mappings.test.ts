/**
 * Table-mapping documents: structural validation and the canonical form.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mappingsDir } from '../../config/paths';
import { formatIssue } from '../../config/errors';
import { parseTableMappings, renderTableMappingsFile } from '../../mappings/table-mappings';

const problems = (document: unknown) =>
  parseTableMappings(typeof document === 'string' ? document : JSON.stringify(document)).issues.map(formatIssue);

const selection = (id: string, name: string) => ({
  'rule-type': 'selection',
  'rule-id': id,
  'rule-name': name,
  'object-locator': { 'schema-name': 'dbo', 'table-name': 'T' },
  'rule-action': 'include',
});

test('GIVEN the team mapping file WHEN parsed THEN it is valid and already canonical byte for byte', () => {
  const text = fs.readFileSync(path.join(mappingsDir(), 'dms-table-mappings.json'), 'utf8');
  const { mappings, issues } = parseTableMappings(text);
  expect(issues).toEqual([]);
  expect(renderTableMappingsFile(mappings!)).toBe(text);
});

test('GIVEN rule keys in any order WHEN rendered THEN the canonical key order is used', () => {
  const { mappings } = parseTableMappings(
    JSON.stringify({ rules: [{ 'rule-action': 'include', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'T' }, 'rule-name': 'a', 'rule-id': '1', 'rule-type': 'selection' }] }),
  );
  expect(Object.keys(JSON.parse(renderTableMappingsFile(mappings!)).rules[0])).toEqual([
    'rule-type',
    'rule-id',
    'rule-name',
    'object-locator',
    'rule-action',
  ]);
});

test.each([
  ['text that is not JSON', '{ rules: ', [expect.stringMatching(/^is not valid JSON: /)]],
  ['no rules', {}, ['rules: is required']],
  ['rules that are not a list', { rules: {} }, ['rules: must be an array of rules']],
  ['an unknown top-level key', { rules: [selection('1', 'a')], rule: [] }, ['rule: is not a known field (a table-mapping document has only "rules")']],
  ['no selection rule', { rules: [{ ...selection('1', 'a'), 'rule-type': 'transformation' }] }, ['rules: must contain at least one selection rule (DMS migrates nothing without one)']],
  ['a numeric rule-id', { rules: [{ ...selection('1', 'a'), 'rule-id': 1 }] }, ['rules[0].rule-id: must be a positive whole number written as a string, e.g. "1"']],
  ['a duplicate rule-id', { rules: [selection('1', 'a'), selection('1', 'b')] }, ['rules[1].rule-id: duplicate rule-id "1" (also rules[0])']],
  ['a duplicate rule-name', { rules: [selection('1', 'a'), selection('2', 'a')] }, ['rules[1].rule-name: duplicate rule-name "a" (also rules[0])']],
  ['an unknown rule-type', { rules: [selection('1', 'a'), { ...selection('2', 'b'), 'rule-type': 'filter' }] }, ['rules[1].rule-type: must be one of selection, transformation, table-settings, object-mapping, post-processing']],
])('GIVEN %s WHEN parsed THEN the problem is reported by JSON path', (_what, document, expected) => {
  expect(problems(document)).toEqual(expected);
});
