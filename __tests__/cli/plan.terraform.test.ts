/**
 * `npm run plan -- <stack> --offline` end to end, as a user runs it: synth, init from the provider mirror, plan
 * on a copy with the offline override, `show -json`, the review gate, and the exit code. For every stack of
 * the active config (whatever it holds), plus one refusal and one Terraform failure.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import { activePipelines } from '../../app/pipelines';
import { redshiftConfig } from '../support/helpers';
import { describeWithTerraform, pluginMirror } from '../support/terraform';

jest.setTimeout(300_000);

const root = projectRoot();
const RETIRED_ENDPOINT_STATE = path.join(__dirname, '..', 'fixtures', 'plans', 'state-with-retired-endpoint.json');

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** The built command, asynchronously (several Terraform runs would otherwise block the worker). */
function plan(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('node', [path.join(root, 'dist', 'cli', 'plan.js'), ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

describeWithTerraform('npm run plan --offline', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-plan-'));
  const outdir = path.join(work, 'cdktf.out');
  const env = { CDKTF_OUTDIR: outdir, TF_PLUGIN_MIRROR: pluginMirror };
  const stacks = activePipelines().map((pipeline) => pipeline.name);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('GIVEN the active config has stacks THEN there is something to plan', () => {
    expect(stacks.length).toBeGreaterThan(0);
  });

  // Sequential: each run synthesizes into the same outdir first, as `npm run plan` does.
  test.each(stacks)('GIVEN stack %s WHEN planned offline THEN synth, plan and gate run in one step and it exits 0', async (stack) => {
    const out = path.join(work, `${stack}.plan.json`);
    const result = await plan([stack, '--offline', '--out', out], env);
    console.log(`npm run plan -- ${stack} --offline: ${result.seconds.toFixed(1)} s`);
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({
      status: 0,
      stderr: expect.stringContaining('review gate: passed'),
    });

    const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const declared = Object.entries<Record<string, unknown>>(synthesized.resource).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    const planned = JSON.parse(fs.readFileSync(out, 'utf8'));
    // An empty local state: every declared resource is created, nothing else.
    expect(planned.resource_changes.map((c: { address: string }) => c.address).sort()).toEqual(declared.sort());
    expect(planned.resource_changes.every((c: { change: { actions: string[] } }) => c.change.actions.join() === 'create')).toBe(true);
    expect(result.stdout).toContain(`${declared.length} create`);
    expect(result.stderr).toContain('terraform init -input=false -no-color');
    expect(result.stderr).toContain(`Plan: ${declared.length} to add, 0 to change, 0 to destroy.`);
    // The stack directory itself is untouched: the offline run works on a copy.
    const left = fs.readdirSync(path.join(outdir, 'stacks', stack));
    expect(left).toContain('cdk.tf.json');
    expect(left.filter((f) => ['.terraform', 'terraform.tfstate', 'plan.json', 'zz_offline_override.tf.json'].includes(f))).toEqual([]);
  });

  test('GIVEN state holding a protected resource the stack no longer declares WHEN planned THEN the gate refuses with exit 1, and --allow-replace accepts it', async () => {
    const [stack] = stacks;
    // Independent runs (--no-synth: each reads the outdir and plans in its own scratch copy), side by side.
    const [refused, allowed] = await Promise.all([
      plan([stack, '--offline', '--no-synth', '--state', RETIRED_ENDPOINT_STATE, '--out', path.join(work, 'refused.json')], env),
      plan(
        [
          stack,
          '--offline',
          '--no-synth',
          '--state',
          RETIRED_ENDPOINT_STATE,
          '--allow-replace',
          'aws_dms_endpoint.retired',
          '--out',
          path.join(work, 'allowed.json'),
        ],
        env,
      ),
    ]);
    expect(refused.stderr).toContain(`review gate: refused: 1 blocked change(s): ${stack}:aws_dms_endpoint.retired ["delete"]`);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/\| \*\*delete\*\* \| aws_dms_endpoint\.retired \|/);
    expect(refused.stderr).toContain('-refresh=false');
    expect(allowed.stderr).toContain('review gate: passed');
    expect(allowed.status).toBe(0);
  });

  test('GIVEN no --offline and no AWS credentials WHEN planned THEN Terraform runs in the stack directory with its own backend, fails, and the exit is 2', async () => {
    // A local backend, so init needs no network; the provider then has no credentials to plan with.
    const config = path.join(work, 'local-backend.json');
    fs.writeFileSync(config, JSON.stringify(redshiftConfig((p) => void (p.backend = { type: 'local' }))));
    const online = path.join(work, 'online', 'cdktf.out');
    const tfrc = path.join(work, 'online.tfrc');
    fs.writeFileSync(tfrc, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(pluginMirror)}\n  }\n}\n`);
    const result = await plan(['redshift-fed-prod'], {
      ...env,
      CDKTF_OUTDIR: online,
      DMS_CONFIG: config,
      TF_CLI_CONFIG_FILE: tfrc,
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(result.stderr).not.toContain('offline:');
    expect(result.stderr).toContain('Error: No valid credential sources found');
    expect(result.stderr).toContain('terraform plan failed (exit 1)\nNo plan was reviewed.');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    // init ran in the synthesized stack directory itself, as a plain `terraform init` there would.
    expect(fs.existsSync(path.join(online, 'stacks', 'redshift-fed-prod', '.terraform'))).toBe(true);
  });

  test('GIVEN a mirror without the provider versions WHEN planned THEN terraform init fails and the exit is 2', async () => {
    const broken = path.join(work, 'broken-mirror');
    fs.mkdirSync(path.join(broken, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
    const result = await plan([stacks[0], '--offline', '--no-synth'], { ...env, TF_PLUGIN_MIRROR: broken });
    expect(result.stderr).toContain('terraform init failed (exit 1)\nNo plan was reviewed.');
    expect(result.status).toBe(2);
  });
});
