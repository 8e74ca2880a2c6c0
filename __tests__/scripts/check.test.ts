/**
 * `npm run check` as a person or a pre-commit hook runs it: output format, exit codes, --target, --write.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../config/paths';
import { BAD_MAPPINGS, BAD_SETTINGS } from '../mappings/bad-input-corpus';

const root = projectRoot();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-check-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const check = (...args: string[]) => spawnSync('node', [path.join(root, 'dist', 'scripts', 'check.js'), ...args], { cwd: root, encoding: 'utf8' });
const write = (name: string, value: unknown) => {
  const file = path.join(work, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
};

test('GIVEN the project files WHEN checked THEN each is ok and the exit code is 0', () => {
  const result = check('mappings/dms-table-mappings.json', 'config/examples/redshift-fed-prod.json');
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('mappings/dms-table-mappings.json: ok\nconfig/examples/redshift-fed-prod.json: ok\n');
  expect(result.status).toBe(0);
});

test('GIVEN a mapping, a settings file and a config with mistakes WHEN checked together THEN every problem is printed as file: path: message and exit is 1', () => {
  const mapping = write('mapping.json', BAD_MAPPINGS.find((m) => m.name === 'a duplicate rule-id')!.document);
  const settings = write('settings.json', BAD_SETTINGS.find((s) => s.name === 'CommitRate of 50001')!.document);
  const config = write('config.json', { pipelines: [{ name: 'X' }] });
  const result = check(mapping, settings, config);
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines.slice(0, 3)).toEqual([
    `${mapping}: rules[1].rule-id: duplicate rule-id "1" (also rules[0])`,
    `${settings}: FullLoadSettings.CommitRate: must be between 1 and 50000`,
    `${config}: pipelines[0].name: must be lowercase letters, digits and hyphens, starting with a letter`,
  ]);
  expect(lines.filter((line) => line.startsWith(`${config}: `)).length).toBeGreaterThan(5);
  expect(result.stderr).not.toMatch(/^\s+at /m);
});

test('GIVEN an object mapping WHEN checked with --target THEN target-dependent rules apply', () => {
  const file = path.join(root, '__tests__/mappings/fixtures/pipeline/object-mapping-for-dynamodb.json');
  expect(check('--target', 'dynamodb', file).status).toBe(0);
  const redshift = check('--target', 'redshift', file);
  expect(redshift.status).toBe(1);
  expect(redshift.stderr).toContain(`${file}: rules[1].rule-type: object-mapping rules apply only to dynamodb, kinesis, kafka targets, not redshift`);
});

test('GIVEN a valid mapping in another key order WHEN checked with --write THEN it is rewritten in canonical form', () => {
  const canonical = fs.readFileSync(path.join(root, 'mappings/dms-table-mappings.json'), 'utf8');
  const shuffled = JSON.stringify({ rules: JSON.parse(canonical).rules.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).reverse())) });
  const file = write('shuffled.json', shuffled);
  expect(check(file).stdout).toBe(`${file}: ok (valid, not in canonical form (--write rewrites it))\n`);
  expect(fs.readFileSync(file, 'utf8')).toBe(shuffled);
  expect(check('--write', file).stdout).toBe(`${file}: ok (rewritten in canonical form)\n`);
  expect(fs.readFileSync(file, 'utf8')).toBe(canonical);
});

test('GIVEN bad arguments WHEN run THEN the usage and the problem are printed and exit is 1', () => {
  const result = check('--target', 'cassandra');
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('--target: must be one of');
  expect(result.stderr).toContain('usage: npm run check --');
});
