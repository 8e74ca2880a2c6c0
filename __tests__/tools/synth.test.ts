/**
 * `npm run synth` and `cdktf synth` always emit what the sources say now. The bundle and its V8 code cache are
 * caches; a cache keyed by anything but content once ran the previous bundle's bytecode for a same-length edit
 * (V8 checks a cache against the source length only), so the synthesized JSON kept the old values.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { type ProjectCopy, copyProject } from '../support/project-copy';

const fixtures = path.join(projectRoot(), '__tests__', 'fixtures', 'synth');
let project: ProjectCopy;

/** config/default.ts of the copy: the fixture pipeline, with the instance storage written in TypeScript. */
function writeDefaultConfig(allocatedStorage: number): void {
  const file = path.join(project.root, 'config', 'default.ts');
  fs.writeFileSync(
    file,
    [
      "import type { PipelineConfigInput } from './schema';",
      "import probe from './probe-config.json';",
      '',
      'const [pipeline] = probe.pipelines;',
      'export const defaultConfig = {',
      `  pipelines: [{ ...pipeline, replicationInstance: { ...pipeline.replicationInstance, allocatedStorage: ${allocatedStorage} } }],`,
      '} as PipelineConfigInput;',
      '',
    ].join('\n'),
  );
  // An mtime from the past, as `git stash pop`, `cp -p` or an archive can leave: a rebuild must not depend on it.
  fs.utimesSync(file, new Date('2020-01-01'), new Date('2020-01-01'));
}

/** The `full-load-tuning` profile's MaxFullLoadSubTasks in the copy's mappings/task-settings/profiles.ts. */
function setProfileSubTasks(value: number): void {
  const file = path.join(project.root, 'mappings', 'task-settings', 'profiles.ts');
  const source = fs.readFileSync(file, 'utf8');
  const profile = /('full-load-tuning': \{\s*FullLoadSettings: \{[^}]*MaxFullLoadSubTasks: )(\d+)/;
  if (!profile.test(source)) throw new Error('the full-load-tuning profile no longer sets MaxFullLoadSubTasks; update this test');
  fs.writeFileSync(file, source.replace(profile, `$1${value}`));
  fs.utimesSync(file, new Date('2020-01-01'), new Date('2020-01-01'));
}

function synthesized(): { storage: number; subTasks: number } {
  const stackFile = path.join(project.root, 'cdktf.out', 'stacks', 'probe-redshift', 'cdk.tf.json');
  const tf = JSON.parse(fs.readFileSync(stackFile, 'utf8'));
  const task = Object.values(tf.resource.aws_dms_replication_task)[0] as { replication_task_settings: string };
  return {
    storage: tf.resource.aws_dms_replication_instance.replication_instance.allocated_storage,
    subTasks: JSON.parse(task.replication_task_settings).FullLoadSettings.MaxFullLoadSubTasks,
  };
}

const env = (): NodeJS.ProcessEnv => {
  const result: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', DMS_MAPPINGS_DIR: path.join(fixtures, 'mappings') };
  delete result.DMS_CONFIG;
  delete result.CDKTF_OUTDIR;
  return result;
};

beforeAll(() => {
  project = copyProject('dms-synth-');
  fs.copyFileSync(path.join(fixtures, 'probe-config.json'), path.join(project.root, 'config', 'probe-config.json'));
  // The fixture's tasks name the profile edited below.
  const config = JSON.parse(fs.readFileSync(path.join(fixtures, 'probe-config.json'), 'utf8'));
  expect(config.pipelines[0].tasks[0].settings.profiles).toContain('full-load-tuning');
});

afterAll(() => project.remove());

describe('npm run synth', () => {
  test('GIVEN same-length edits of a config value and a profile value WHEN synthesized again THEN the output has the new values', () => {
    // GIVEN a synth of the first values (which also writes the V8 code cache)
    writeDefaultConfig(100);
    setProfileSubTasks(16);
    execFileSync('node', ['tools/synth.mjs'], { cwd: project.root, env: env(), stdio: 'pipe' });
    expect(synthesized()).toEqual({ storage: 100, subTasks: 16 });
    const bundleLength = fs.statSync(path.join(project.root, 'dist', 'main.js')).size;

    // WHEN both values change to others of the same length
    writeDefaultConfig(200);
    setProfileSubTasks(32);
    execFileSync('node', ['tools/synth.mjs'], { cwd: project.root, env: env(), stdio: 'pipe' });

    // THEN the bundle has the same length (the case V8's own check misses) and the output the new values
    expect(fs.statSync(path.join(project.root, 'dist', 'main.js')).size).toBe(bundleLength);
    expect(synthesized()).toEqual({ storage: 200, subTasks: 32 });
  });

  test('GIVEN a synth that ran with the V8 code cache WHEN run again unchanged THEN the output is the same', () => {
    execFileSync('node', ['tools/synth.mjs'], { cwd: project.root, env: env(), stdio: 'pipe' });
    expect(synthesized()).toEqual({ storage: 200, subTasks: 32 });
  });
});

describe('cdktf synth', () => {
  test('GIVEN same-length edits WHEN `cdktf synth` runs the app THEN the output has the new values', () => {
    // GIVEN
    writeDefaultConfig(300);
    setProfileSubTasks(48);
    // WHEN cdktf-cli runs cdktf.json's app, as `cdktf synth|diff|deploy` do
    const cdktf = path.join(project.root, 'node_modules', '.bin', 'cdktf');
    const result = spawnSync(cdktf, ['synth'], { cwd: project.root, env: env(), encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    // THEN
    expect(synthesized()).toEqual({ storage: 300, subTasks: 48 });
  }, 120_000);
});
