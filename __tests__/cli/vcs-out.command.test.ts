/**
 * `npm run vcs-out`: the synthesized stacks committed for Terraform Cloud VCS-driven workspaces, and the check
 * that keeps them current. The last test runs the check on the repository itself: it fails when a committed
 * `terraform/<stack>/` no longer matches a fresh synth of the active config.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { activePipelines } from '../../app/pipelines';
import { DEFAULT_VCS_DIR, committedStacks } from '../../cli/vcs-out';

jest.setTimeout(120_000);

const root = projectRoot();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-vcs-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const vcsOut = (...args: string[]) =>
  spawnSync('node', [path.join(root, 'dist', 'cli', 'vcs-out.js'), ...args], { cwd: root, encoding: 'utf8' });
const stacks = activePipelines().map((p) => p.name);

test('GIVEN the active config WHEN its stacks are written THEN each directory holds the synthesized JSON and the lock file from locks/, and the check passes', () => {
  const dir = path.join(work, 'all');
  fs.mkdirSync(path.join(dir, 'modules', 'dms'), { recursive: true });
  const written = vcsOut('--dir', dir, ...stacks);
  expect({ status: written.status, stderr: written.stderr }).toEqual({ status: 0, stderr: '' });
  expect(committedStacks(dir)).toEqual([...stacks].sort());
  for (const stack of stacks) {
    const synthesized = JSON.parse(fs.readFileSync(path.join(dir, stack, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(synthesized)).toEqual(expect.arrayContaining(['terraform', 'provider', 'resource']));
    const lock = path.join(root, 'locks', `${stack}.terraform.lock.hcl`);
    if (fs.existsSync(lock))
      expect(fs.readFileSync(path.join(dir, stack, '.terraform.lock.hcl'), 'utf8')).toBe(fs.readFileSync(lock, 'utf8'));
  }
  const checked = vcsOut('--dir', dir, '--check');
  expect(checked.stdout).toContain(`${stacks.length} committed stack(s)`);
  expect(checked.status).toBe(0);
  // Other content under the directory (the old HCL modules) is not output and is left alone.
  expect(fs.existsSync(path.join(dir, 'modules', 'dms'))).toBe(true);
});

test('GIVEN committed output edited, missing a file, or for a stack the config no longer has WHEN checked THEN every problem is listed by file and the exit is 1; rewriting fixes it', () => {
  const dir = path.join(work, 'stale');
  const [first] = stacks;
  expect(vcsOut('--dir', dir, first).status).toBe(0);
  const file = path.join(dir, first, 'cdk.tf.json');
  const edited = JSON.parse(fs.readFileSync(file, 'utf8'));
  edited.terraform.required_providers.aws.version = '5.99.0';
  fs.writeFileSync(file, JSON.stringify(edited, null, 2));
  fs.mkdirSync(path.join(dir, 'retired-stack'));
  fs.writeFileSync(path.join(dir, 'retired-stack', 'cdk.tf.json'), '{}');
  const hadLock = fs.existsSync(path.join(dir, first, '.terraform.lock.hcl'));
  fs.rmSync(path.join(dir, first, '.terraform.lock.hcl'), { force: true });

  const checked = vcsOut('--dir', dir, '--check');
  expect(checked.status).toBe(1);
  const rel = (...parts: string[]) => path.relative(root, path.join(dir, ...parts));
  expect(checked.stderr).toContain(
    `${rel(first, 'cdk.tf.json')}: is stale (differs from a fresh synth of the active config): run npm run vcs-out -- ${first}`,
  );
  expect(checked.stderr).toContain(`${rel('retired-stack')}: is not a stack of the active config`);
  if (hadLock) expect(checked.stderr).toContain(`${rel(first, '.terraform.lock.hcl')}: is missing: run npm run vcs-out -- ${first}`);
  expect(checked.stderr).toContain(`${hadLock ? 3 : 2} problems found.`);

  // Without stack names, the stacks already there are rewritten; an unknown one is refused by name.
  fs.rmSync(path.join(dir, 'retired-stack'), { recursive: true });
  expect(vcsOut('--dir', dir).status).toBe(0);
  expect(vcsOut('--dir', dir, '--check').status).toBe(0);
  const unknown = vcsOut('--dir', dir, 'no-such-stack');
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toContain('no-such-stack: is not a stack of the active config');
});

test('GIVEN bad arguments WHEN run THEN all are reported and nothing is written', () => {
  // GIVEN an unknown flag and a flag without its value WHEN run THEN both are named, exit 2
  const result = vcsOut('--bogus', '--check', 'x', '--dir');
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('--bogus: not a flag of dms vcs-out');
  expect(result.stderr).toContain('--dir: needs a value');
  // GIVEN --check with stack names WHEN run THEN the contradiction is named, exit 1
  const contradiction = vcsOut('--check', 'x');
  expect(contradiction.status).toBe(1);
  expect(contradiction.stderr).toContain('--check: checks every committed stack; give no stack names');
});

test(`GIVEN the repository WHEN its committed ${DEFAULT_VCS_DIR}/<stack>/ output is checked THEN it matches a fresh synth of the active config`, () => {
  const result = vcsOut('--check');
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
});
