/**
 * `npm run plan` without Terraform: arguments (every problem at once, exit 2), where the provider mirror comes
 * from (never a disk scan), and `--help`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationFailed } from '../../core/errors';
import { projectRoot } from '../../core/paths';
import { parseCommandLine, UsageError } from '../../cli/command';
import { command, planOptions } from '../../cli/plan';
import { PROJECT_MIRROR_DIR, findPluginMirror } from '../../app/terraform-offline';

const root = projectRoot();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-plan-unit-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const plan = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync('node', [path.join(root, 'dist', 'cli', 'plan.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });

/** Every problem with `args`: the command line's (UsageError), else the checks flags cannot express. */
function problems(args: string[]): string[] {
  try {
    const parsed = parseCommandLine(command.spec, args);
    if (parsed === 'help') return ['help'];
    planOptions(parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    if (error instanceof ValidationFailed) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

function mirrorAt(dir: string): string {
  fs.mkdirSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
  return dir;
}

describe('arguments', () => {
  test('GIVEN a stack and every option WHEN parsed THEN each is read', () => {
    // GIVEN every flag plan has
    const parsed = parseCommandLine(command.spec, [
      's1',
      '--offline',
      '--out',
      'x/plan.json',
      '--allow-replace',
      'a.b',
      '--allow-replace',
      'c.d',
      '--no-synth',
    ]);
    if (parsed === 'help') throw new Error('not help');
    // WHEN read THEN each lands in the options, the path resolved against the working directory
    expect(planOptions(parsed.values, parsed.positionals)).toMatchObject({
      stack: 's1',
      offline: true,
      out: path.resolve('x/plan.json'),
      allowReplace: ['a.b', 'c.d'],
      synth: false,
    });
  });

  test('GIVEN several mistakes WHEN parsed THEN all are reported by flag', () => {
    // GIVEN flags without values and one that does not exist WHEN parsed THEN each is named
    expect(problems(['--out', '--offline', '--bogus', 's1', '--allow-replace'])).toEqual([
      '--out: needs a value (file)',
      '--bogus: not a flag of dms plan (dms plan --help lists them)',
      '--allow-replace: needs a value (address)',
    ]);
    // GIVEN a valid command line with contradictions WHEN checked THEN every contradiction is named
    expect(problems(['--state', '/nonexistent/state.json'])).toEqual([
      '<stack>: name the stack to plan (one of cdktf.out/stacks/*)',
      '--state: only with --offline (online plans read the real backend)',
      '--state: /nonexistent/state.json does not exist',
    ]);
    expect(problems(['a', 'b', '--state', __filename])).toEqual([
      '<stack>: plan one stack at a time, got a, b',
      '--state: only with --offline (online plans read the real backend)',
    ]);
  });

  test('GIVEN bad arguments WHEN the command runs THEN it prints them with the usage and exits 2 without a stack trace', () => {
    // GIVEN an unknown flag WHEN run THEN exit 2, the flag named, the usage, no stack trace, nothing on stdout
    const result = plan(['--bogus', 'a', 'b']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--bogus: not a flag of dms plan');
    expect(result.stderr).toContain('Usage: dms plan <stack>');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    // GIVEN two stacks WHEN run THEN exit 2 too, with the reason
    const two = plan(['a', 'b']);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('<stack>: plan one stack at a time, got a, b');
    expect(two.stderr).toContain('No plan was reviewed.');
  });

  test('GIVEN --help WHEN run THEN the usage with options and exit codes is printed and it exits 0', () => {
    const result = plan(['--help']);
    expect(result.status).toBe(0);
    for (const text of [
      '--offline',
      '--out <file>',
      '--allow-replace',
      '--state',
      '--no-synth',
      'TF_PLUGIN_MIRROR',
      PROJECT_MIRROR_DIR,
      '0  the plan passes the gate',
      '1  the gate refuses it',
      '2  no reviewable plan',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  test('GIVEN a stack that is not synthesized WHEN planned THEN exit 2 names the stacks there are', () => {
    const outdir = path.join(work, 'empty-out');
    fs.mkdirSync(outdir);
    const result = plan(['no-such-stack', '--no-synth'], { CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`<stack>: no-such-stack is not a synthesized stack in ${outdir} (none: run npm run synth)`);
  });
});

describe('provider mirror', () => {
  test('GIVEN TF_PLUGIN_MIRROR WHEN looked up THEN it is used, and one without the aws provider is refused by name', () => {
    const mirror = mirrorAt(path.join(work, 'env-mirror'));
    expect(findPluginMirror({ TF_PLUGIN_MIRROR: mirror }, work)).toEqual({ mirror });
    expect(findPluginMirror({ TF_PLUGIN_MIRROR: path.join(work, 'nothing') }, work).problem).toBe(
      `TF_PLUGIN_MIRROR=${path.join(work, 'nothing')} holds no registry.terraform.io/hashicorp/aws`,
    );
  });

  test('GIVEN no TF_PLUGIN_MIRROR WHEN looked up THEN only the project-local mirror counts, never one elsewhere on the disk', () => {
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    // A mirror elsewhere on this machine (e.g. /opt/tf-plugins) must not be picked up.
    const elsewhere = mirrorAt(path.join(work, 'elsewhere'));
    expect(fs.existsSync(elsewhere)).toBe(true);
    expect(findPluginMirror({}, project)).toEqual({
      problem: expect.stringContaining('no provider mirror: set TF_PLUGIN_MIRROR, or create .terraform-mirror/'),
    });
    const local = mirrorAt(path.join(project, PROJECT_MIRROR_DIR));
    expect(findPluginMirror({}, project)).toEqual({ mirror: local });
  });

  test('GIVEN --offline and no mirror WHEN planned THEN exit 2 says how to get one', () => {
    const outdir = path.join(work, 'no-mirror-out');
    fs.mkdirSync(path.join(outdir, 'stacks', 's1'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ stacks: { s1: {} } }));
    const env = { CDKTF_OUTDIR: outdir, TF_PLUGIN_MIRROR: path.join(work, 'nothing') };
    const result = plan(['s1', '--offline', '--no-synth'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('holds no registry.terraform.io/hashicorp/aws\nNo plan was reviewed.');
  });
});
