/**
 * The app as users run it (`npm run synth` = esbuild bundle + node): output layout, determinism, and what a
 * bad config does to the terminal and to the previous cdktf.out.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../core/paths';
import { type RedshiftPipelineInput, fixtureEnv, redshiftConfig } from './support/helpers';
import { fingerprint } from './support/fingerprint';

const root = projectRoot();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-main-'));

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** `npm run synth` of the fixture config (or of `configFile`, its mappings from the fixture's). */
function synth(outdir: string, configFile?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...fixtureEnv(), CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' };
  if (configFile) env.DMS_CONFIG = configFile;
  return spawnSync('node', [path.join(root, 'dist', 'main.js')], { cwd: root, env, encoding: 'utf8' });
}

function writeConfig(name: string, value: unknown): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

describe('synth', () => {
  const first = path.join(work, 'first');
  beforeAll(() => {
    const result = synth(first);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('GIVEN no terraform on PATH WHEN synthesized THEN the same tree is written, every stack requiring Terraform >= 1.10', () => {
    // Synthesizing needs no Terraform (cdktf's own synth-time `terraform version` probe is off); Terraform
    // checks `required_version` itself at init and plan.
    const withoutTools = fs.mkdtempSync(path.join(work, 'empty-path-'));
    const outdir = path.join(work, 'without-terraform');
    const env: NodeJS.ProcessEnv = { ...process.env, ...fixtureEnv(), CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', PATH: withoutTools };
    const result = spawnSync(process.execPath, [path.join(root, 'dist', 'main.js')], { cwd: root, env, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fingerprint(outdir)).toEqual(fingerprint(first));
    for (const stack of fs.readdirSync(path.join(outdir, 'stacks'))) {
      const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(tf.terraform.required_version).toBe('>= 1.10');
    }
  });

  test('GIVEN the fixture config WHEN synthesized THEN each stack lands in cdktf.out/stacks/<stack>/cdk.tf.json', () => {
    const stackFile = path.join(first, 'stacks', 'redshift-fed-prod', 'cdk.tf.json');
    const tf = JSON.parse(fs.readFileSync(stackFile, 'utf8'));
    expect(tf.resource.aws_dms_replication_instance.replication_instance.replication_instance_class).toBe('dms.t3.medium');
    expect(JSON.parse(fs.readFileSync(path.join(first, 'manifest.json'), 'utf8')).stacks).toHaveProperty('redshift-fed-prod');
  });

  test('GIVEN two synths of the same config WHEN compared THEN every file is byte-identical and path-free', () => {
    const second = path.join(work, 'second');
    expect(synth(second).status).toBe(0);
    expect(fingerprint(second)).toEqual(fingerprint(first));
    for (const file of Object.keys(fingerprint(first))) {
      const text = fs.readFileSync(path.join(first, file), 'utf8');
      expect(text).not.toContain(root);
      expect(text).not.toContain(work);
      expect(text).not.toMatch(/"[a-z0-9_]+_[0-9A-F]{8}"\s*:/);
      expect(text).not.toMatch(/"password"\s*:/);
    }
  });

  test('GIVEN DMS_CONFIG naming a JSON file with one of the pipelines WHEN synthesized THEN its stack equals the one of the whole config', () => {
    const fromJson = path.join(work, 'from-json');
    const result = synth(fromJson, writeConfig('one-pipeline.json', redshiftConfig()));
    expect(result.status).toBe(0);
    expect(fingerprint(path.join(fromJson, 'stacks', 'redshift-fed-prod'))).toEqual(
      fingerprint(path.join(first, 'stacks', 'redshift-fed-prod')),
    );
    // With the account baseline stack its accountRoles: create asks for.
    expect(fs.readdirSync(path.join(fromJson, 'stacks'))).toEqual(['dms-account-459286107047', 'redshift-fed-prod']);
  });

  test('GIVEN a previous cdktf.out WHEN a good config is synthesized THEN it is replaced and no temporary directory is left', () => {
    const replaced = path.join(work, 'replaced');
    fs.mkdirSync(path.join(replaced, 'stacks', 'stale-stack'), { recursive: true });
    fs.writeFileSync(path.join(replaced, 'stacks', 'stale-stack', 'cdk.tf.json'), '{}');
    expect(synth(replaced).status).toBe(0);
    expect(fingerprint(replaced)).toEqual(fingerprint(first));
    // Beside it only the generation it links to: no temporary tree, no lock.
    expect(fs.readdirSync(work).filter((entry) => entry.startsWith('replaced.'))).toEqual([fs.readlinkSync(replaced)]);
  });
});

describe('a bad config', () => {
  const outdir = path.join(work, 'kept');

  beforeAll(() => {
    expect(synth(outdir).status).toBe(0);
  });

  test('GIVEN a JSON config with several mistakes WHEN synthesized THEN all are printed by path, exit is 1, cdktf.out is untouched', () => {
    const before = fingerprint(outdir);
    const config = redshiftConfig();
    const pipeline = config.pipelines[0] as RedshiftPipelineInput;
    pipeline.replicationInstance.allocatedStorage = 9000;
    pipeline.replicationInstance.instanceClass = 'dms.t3.huge';
    pipeline.source.port = 0;
    pipeline.tasks[0].migrationType = 'full-load-and-cdcc' as never;
    pipeline.source.secretArn = 'arn:aws:secretsmanager:us-west-2:111122223333:secret:x-AbC123';

    const result = synth(outdir, writeConfig('bad.json', config));

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'pipelines[0].replicationInstance.instanceClass: dms.t3 comes in micro, small, medium, large, not "huge"',
      'pipelines[0].replicationInstance.allocatedStorage: must be between 5 and 6144',
      'pipelines[0].source.port: must be between 1 and 65535',
      'pipelines[0].tasks[0].migrationType: must be one of full-load, cdc, full-load-and-cdc',
      "pipelines[0].source.secretArn: must be in the pipeline's account 459286107047, not 111122223333",
      '',
      '5 problems found. Nothing was synthesized; the previous cdktf.out is unchanged.',
      '',
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(fingerprint(outdir)).toEqual(before);
    // Beside it only the generation it links to: the failed synth's tree is gone, and so is the lock.
    expect(fs.readdirSync(work).filter((entry) => entry.startsWith('kept.'))).toEqual([fs.readlinkSync(outdir)]);
  });

  test('GIVEN DMS_CONFIG naming a missing file WHEN synthesized THEN it says so and exits 1', () => {
    const result = synth(outdir, path.join(work, 'nope.json'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`DMS_CONFIG: ${path.join(work, 'nope.json')} does not exist`);
  });

  test('GIVEN DMS_CONFIG naming a file that is not JSON WHEN synthesized THEN the parse error is reported', () => {
    const file = path.join(work, 'broken.json');
    fs.writeFileSync(file, '{ "pipelines": [ }');
    const result = synth(outdir, file);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON: `));
  });
});
