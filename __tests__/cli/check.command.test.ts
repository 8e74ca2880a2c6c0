/**
 * `npm run check` as a person or a pre-commit hook runs it: output format, exit codes, --target, --write.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { BAD_MAPPINGS, BAD_SETTINGS } from '../mappings/bad-input-corpus';
import { FIXTURE_CONFIG, FIXTURE_MAPPINGS } from '../support/helpers';
import { must } from '../support/must';

const root = projectRoot();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-check-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const check = (...args: string[]) =>
  spawnSync('node', [path.join(root, 'dist', 'cli', 'check.js'), ...args], { cwd: root, encoding: 'utf8' });
const write = (name: string, value: unknown) => {
  const file = path.join(work, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
};

test("GIVEN the project files (the team's mappings and example configs, whatever they are) WHEN checked THEN each is ok and the exit code is 0", () => {
  // GIVEN
  const inDir = (dir: string) =>
    fs
      .readdirSync(path.join(root, dir))
      .filter((name) => name.endsWith('.json'))
      .map((name) => `${dir}/${name}`);
  const files = [...inDir('mappings'), ...inDir('config/examples')];
  expect(files.length).toBeGreaterThan(1);
  // WHEN
  const result = check(...files);
  // THEN
  expect(result.stderr).toBe('');
  expect(
    result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace(/ \(valid, not in canonical form.*\)$/, '')),
  ).toEqual(files.map((file) => `${file}: ok`));
  expect(result.status).toBe(0);
});

test('GIVEN the fixture mapping WHEN checked THEN it is ok and canonical', () => {
  const mapping = path.relative(root, path.join(FIXTURE_MAPPINGS, 'dms-table-mappings.json'));
  const result = check(mapping);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(`${mapping}: ok\n`);
  expect(result.status).toBe(0);
});

test('GIVEN a mapping, a settings file and a config with mistakes WHEN checked together THEN every problem is printed as file: path: message and exit is 1', () => {
  const mapping = write('mapping.json', must(BAD_MAPPINGS.find((m) => m.name === 'a duplicate rule-id')).document);
  const settings = write('settings.json', must(BAD_SETTINGS.find((s) => s.name === 'CommitRate of 50001')).document);
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
  expect(redshift.stderr).toContain(
    `${file}: rules[1].rule-type: object-mapping rules apply only to dynamodb, kinesis, kafka targets, not redshift`,
  );
});

test('GIVEN a valid mapping in another key order WHEN checked with --write THEN it is rewritten in canonical form', () => {
  const canonical = fs.readFileSync(path.join(FIXTURE_MAPPINGS, 'dms-table-mappings.json'), 'utf8');
  const shuffled = JSON.stringify({
    rules: JSON.parse(canonical).rules.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).reverse())),
  });
  const file = write('shuffled.json', shuffled);
  expect(check(file).stdout).toBe(`${file}: ok (valid, not in canonical form (--write rewrites it))\n`);
  expect(fs.readFileSync(file, 'utf8')).toBe(shuffled);
  expect(check('--write', file).stdout).toBe(`${file}: ok (rewritten in canonical form)\n`);
  expect(fs.readFileSync(file, 'utf8')).toBe(canonical);
});

test('GIVEN bad arguments WHEN run THEN the usage and the problem are printed and exit is 1', () => {
  // GIVEN a value that is not one of the flag's choices, and no file WHEN run THEN both are named, exit 1
  const result = check('--target', 'cassandra');
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('--target: must be one of');
  expect(result.stderr).toContain('usage: dms check [--kind');
  // GIVEN a flag check does not have WHEN run THEN exit 2 with the usage, nothing checked
  const unknown = check('--bogus', path.relative(root, path.join(FIXTURE_MAPPINGS, 'dms-table-mappings.json')));
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('--bogus: not a flag of dms check');
  expect(unknown.stdout).toBe('');
});

describe('warnings and --strict', () => {
  const settings = { FullLoadSettings: { CommitRate: 50001 }, TargetMetadata: { EnableRedshiftSpectrum: true } };

  test('GIVEN an error and a warning WHEN checked THEN the error comes first, the warning after it, and exit is 1', () => {
    const file = write('mixed-settings.json', settings);
    const result = check('--kind', 'settings', file);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      `${file}: FullLoadSettings.CommitRate: must be between 1 and 50000`,
      `warning: ${file}: TargetMetadata.EnableRedshiftSpectrum: is not a setting this project knows; ignored (not passed to DMS)`,
      '',
      '1 problem and 1 warning found.',
      '',
    ]);
  });

  test('GIVEN only a warning WHEN checked THEN the file is ok, the warning is printed and exit is 0; with --strict exit is 1', () => {
    const file = write('warned-settings.json', { TargetMetadata: { EnableRedshiftSpectrum: true } });
    const relaxed = check('--kind', 'settings', file);
    expect(relaxed.status).toBe(0);
    expect(relaxed.stdout).toBe(`${file}: ok (1 warning)\n`);
    expect(relaxed.stderr).toBe(
      `warning: ${file}: TargetMetadata.EnableRedshiftSpectrum: is not a setting this project knows; ignored (not passed to DMS)\n`,
    );
    const strict = check('--strict', '--kind', 'settings', file);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toBe(
      `${file}: TargetMetadata.EnableRedshiftSpectrum: is not a setting this project knows; ignored (not passed to DMS)\n\n1 problem found.\n`,
    );
  });
});

describe('hostile input ends at once with one line', () => {
  const oneLine = (result: ReturnType<typeof check>, expected: string) => {
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${expected}\n\n1 problem found.\n`);
  };

  test('GIVEN /dev/zero WHEN checked THEN it is refused as a device without being read', () => {
    oneLine(check('/dev/zero'), '/dev/zero: is not a regular file (a character device)');
  });

  test('GIVEN a FIFO nobody writes to WHEN checked THEN it is refused instead of waiting forever', () => {
    const fifo = path.join(work, 'pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    oneLine(check(fifo), `${fifo}: is not a regular file (a named pipe)`);
  });

  test('GIVEN a directory WHEN checked THEN it is refused', () => {
    oneLine(check(work), `${work}: is not a regular file (a directory)`);
  });

  test('GIVEN a missing file WHEN checked THEN it is reported as missing', () => {
    oneLine(check(path.join(work, 'nope.json')), `${path.join(work, 'nope.json')}: does not exist`);
  });

  test('GIVEN a mapping symlinked to a passwd-like file WHEN checked THEN the error names the position, never the content', () => {
    const secret = write('passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    const link = path.join(work, 'mapping-link.json');
    fs.symlinkSync(secret, link);
    const result = check(link);
    oneLine(result, `${link}: is not valid JSON: an unexpected character where a value is expected at line 1, column 1`);
    expect(result.stderr).not.toMatch(/root|daemon|bin/);
  });

  test('GIVEN a file of invalid UTF-8 WHEN checked THEN the offset of the first bad byte is reported', () => {
    const file = path.join(work, 'latin1.json');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('{"rules":[{"rule-name":"caf'), Buffer.from([0xe9]), Buffer.from('"}]}')]));
    oneLine(check(file), `${file}: is not valid UTF-8 text (first invalid byte at offset 27)`);
  });

  test('GIVEN a 20 MB mapping WHEN checked THEN its size is refused before it is read', () => {
    const file = path.join(work, 'huge.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 20 * 1024 * 1024);
    oneLine(check(file), `${file}: is 20971520 bytes; at most 16777216 bytes are accepted`);
  });

  test('GIVEN a pipeline config with a key written twice WHEN checked THEN the duplicate is reported by path', () => {
    const config = JSON.parse(fs.readFileSync(FIXTURE_CONFIG, 'utf8'));
    const text = JSON.stringify(config, null, 2).replace('"environment": "prod",', '"environment": "prod",\n      "environment": "dev",');
    expect(text).toContain('"environment": "dev"');
    const file = write('duplicate-environment.json', text);
    oneLine(check(file), `${file}: pipelines[0].environment: is written more than once in this object; JSON keeps only the last one`);
  });
});

test('GIVEN a JSON config whose mapping files are elsewhere WHEN checked with and without DMS_MAPPINGS_DIR THEN they are read from there, as synth reads them', () => {
  // GIVEN: the ops fixture names warehouse.json, which only its own mappings folder has.
  const config = path.join(root, '__tests__', 'fixtures', 'ops', 'config.json');
  const withDir = spawnSync('node', [path.join(root, 'dist', 'cli', 'check.js'), config], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DMS_MAPPINGS_DIR: path.join(root, '__tests__', 'fixtures', 'ops', 'mappings') },
  });
  const { DMS_MAPPINGS_DIR: _unset, ...withoutDirEnv } = process.env;
  const withoutDir = spawnSync('node', [path.join(root, 'dist', 'cli', 'check.js'), config], {
    cwd: root,
    encoding: 'utf8',
    env: withoutDirEnv,
  });
  // THEN
  expect(withDir.stderr).toBe('');
  expect(withDir.status).toBe(0);
  expect(withoutDir.status).toBe(1);
  expect(withoutDir.stderr).toContain('pipelines[0].tasks[0].tableMappings: mappings/warehouse.json does not exist');
});
