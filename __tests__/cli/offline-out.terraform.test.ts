/**
 * README's offline `cdktf diff` route, step by step as a user types it: `npm run synth`, `npm run offline-out`,
 * then `cdktf diff <stack> --skip-synth --skip-provider-lock -o cdktf.out.offline` with the CLI config it wrote.
 * No AWS, no network; the synthesized tree itself is left as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { activePipelines } from '../../app/pipelines';
import { OVERRIDE_FILE, terraformGoGc } from '../../app/terraform-offline';
import { describeWithTerraform, pluginMirror } from '../support/terraform';
import { must } from '../support/must';

jest.setTimeout(300_000);

const root = projectRoot();

describeWithTerraform('cdktf diff offline', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-cdktf-'));
  const outdir = path.join(work, 'cdktf.out');
  const offline = path.join(work, 'cdktf.out.offline');
  const stacks = activePipelines().map((pipeline) => pipeline.name);
  // No credentials of any kind: the override carries test keys and skips every account lookup.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDKTF_OUTDIR: outdir,
    TF_PLUGIN_MIRROR: pluginMirror,
    CHECKPOINT_DISABLE: '1',
    // Only the collector's pace of the Terraform and provider processes cdktf starts: about a fifth of their
    // CPU, no change in what they do.
    GOGC: terraformGoGc(),
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  let cliConfigFile = '';

  beforeAll(() => {
    const synth = spawnSync('node', [path.join(root, 'tools', 'synth.mjs')], { cwd: root, env, encoding: 'utf8' });
    expect(synth.status).toBe(0);
    const prepared = spawnSync('node', [path.join(root, 'dist', 'cli', 'offline-out.js'), '--out', offline], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect({ status: prepared.status, stderr: prepared.stderr }).toEqual({ status: 0, stderr: '' });
    const exported = /export TF_CLI_CONFIG_FILE=(\S+)/.exec(prepared.stdout);
    expect(exported).not.toBeNull();
    cliConfigFile = must(exported)[1];
    expect(prepared.stdout).toMatch(/npm run cdktf -- diff \S+ --skip-synth --skip-provider-lock -o \S+/);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN the offline copy THEN every stack has the override (local backend, no allowed_account_ids) and the CLI config installs from the mirror only', () => {
    for (const stack of stacks) {
      const override = JSON.parse(fs.readFileSync(path.join(offline, 'stacks', stack, OVERRIDE_FILE), 'utf8'));
      expect(override.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
      expect(override.provider.aws).toMatchObject({
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        allowed_account_ids: null,
      });
      expect(fs.existsSync(path.join(offline, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
    }
    expect(fs.readFileSync(cliConfigFile, 'utf8')).toContain(`path    = ${JSON.stringify(path.resolve(pluginMirror))}`);
    expect(fs.readFileSync(cliConfigFile, 'utf8')).toContain('exclude = ["registry.terraform.io/*/*"]');
  });

  test(`GIVEN stack ${stacks[0]} WHEN cdktf diff runs on the offline copy THEN it plans every resource and the synthesized tree is untouched`, async () => {
    const [stack] = stacks;
    const result = await new Promise<{ status: number; output: string }>((resolve, reject) => {
      const child = spawn(
        path.join(root, 'node_modules', '.bin', 'cdktf'),
        ['diff', stack, '--skip-synth', '--skip-provider-lock', '-o', offline],
        {
          cwd: root,
          env: { ...env, TF_CLI_CONFIG_FILE: cliConfigFile, CI: '1' },
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status: status ?? -1, output }));
    });
    const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const count = Object.values<Record<string, unknown>>(synthesized.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    if (result.status !== 0) console.log(result.output);
    expect(result.status).toBe(0);
    // eslint-disable-next-line no-control-regex -- ESC [ … m: the colour codes around Terraform's summary
    expect(result.output.replace(/\u001b\[[0-9;]*m/g, '')).toContain(`Plan: ${count} to add, 0 to change, 0 to destroy.`);
    expect(result.output).not.toContain('No valid credential sources found');
    expect(fs.existsSync(path.join(outdir, 'stacks', stack, '.terraform'))).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'stacks', stack, OVERRIDE_FILE))).toBe(false);
  });
});
