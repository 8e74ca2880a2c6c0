/**
 * tools/checks.mjs, the static checks `npm test` runs before Jest: side by side, each output whole, and a
 * failing check fails the run whichever lane it ran in.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';

const SCRIPT = path.join(projectRoot(), 'tools', 'checks.mjs');

interface CheckResult {
  name: string;
  status: number;
  output: string;
}

/** `runChecks(checks, { parallel: 2 })` of the ES module, in a Node process of its own (Jest runs CommonJS). */
function runChecks(checks: Record<string, [string, string[]]>): CheckResult[] {
  const code = `import { runChecks } from ${JSON.stringify(SCRIPT)};
    console.log(JSON.stringify(await runChecks(${JSON.stringify(checks)}, { parallel: 2 })));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

const node = (code: string): [string, string[]] => [process.execPath, ['-e', code]];

test('GIVEN one failing check among passing ones WHEN run two at a time THEN every check ran, the failure keeps its exit and output', () => {
  // GIVEN
  const checks = {
    slow: node('setTimeout(() => console.log("slow done"), 300)'),
    broken: node('console.error("file.ts: 1 problem"); process.exit(3)'),
    quick: node('console.log("quick done")'),
  };
  // WHEN
  const results = runChecks(checks);
  // THEN
  expect(results.map((r) => [r.name, r.status])).toEqual([
    ['slow', 0],
    ['broken', 3],
    ['quick', 0],
  ]);
  expect(results[1].output).toBe('file.ts: 1 problem\n');
  expect(results[0].output).toBe('slow done\n');
});

test('GIVEN a check name that does not exist WHEN run THEN exit 2 with the list of checks; --help exits 0', () => {
  // WHEN
  const bad = spawnSync(process.execPath, [SCRIPT, 'lint-everything'], { encoding: 'utf8' });
  const help = spawnSync(process.execPath, [SCRIPT, '--help'], { encoding: 'utf8' });
  // THEN
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('lint-everything: not a check');
  expect(bad.stderr).toContain('Checks: typecheck, prettier, eslint, knip, layers');
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('Usage: node tools/checks.mjs [check ...]');
});

describe('the caches prettier and eslint keep between runs', () => {
  // One change each that keeps the file's size; its modification time is put back as well, so only a cache
  // keyed by content sees it (a metadata cache, prettier's and eslint's default, would pass the broken file).
  // tsc's --incremental has no such choice: its build info records a hash of every file's text.
  const cases: { check: string; file: string; config?: [string, string]; good: string; bad: string }[] = [
    { check: 'prettier', file: 'a.ts', good: 'export const a = 1;\n', bad: 'export const a =  1\n' },
    {
      check: 'eslint',
      file: 'a.mjs',
      config: ['eslint.config.mjs', "export default [{ files: ['**/*.mjs'], rules: { 'no-var': 'error' } }];\n"],
      good: 'let a = 1;\nexport { a };\n',
      bad: 'var a = 1;\nexport { a };\n',
    },
  ];

  test.each(cases)(
    'GIVEN $check passed on a file WHEN the file changes, same size and time THEN $check fails',
    ({ check, file, config, good, bad }) => {
      // GIVEN a project of one file, checked once with the command `npm test` runs (its cache in the project)
      const project = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-checks-cache-'));
      try {
        if (config) fs.writeFileSync(path.join(project, config[0]), config[1]);
        const source = path.join(project, file);
        fs.writeFileSync(source, good);
        const { mtime } = fs.statSync(source);
        const checkOnce = () => {
          const code = `import { checksWithCacheIn, runChecks } from ${JSON.stringify(SCRIPT)};
          const { ${check} } = checksWithCacheIn(${JSON.stringify(path.join(project, '.cache'))});
          const [result] = await runChecks({ ${check} }, { cwd: ${JSON.stringify(project)} });
          console.log(JSON.stringify(result));`;
          const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
          return JSON.parse(result.stdout) as CheckResult;
        };
        expect(checkOnce().status).toBe(0);
        expect(fs.readdirSync(path.join(project, '.cache')).length).toBeGreaterThan(0);
        // WHEN
        fs.writeFileSync(source, bad);
        fs.utimesSync(source, mtime, mtime);
        expect(fs.statSync(source).size).toBe(Buffer.byteLength(good));
        const again = checkOnce();
        // THEN
        expect(again.status).not.toBe(0);
        expect(again.output).toContain(file);
      } finally {
        fs.rmSync(project, { recursive: true, force: true });
      }
    },
  );
});
