/**
 * Shared set-up for test suites that run the real Terraform CLI: whether they can run, and synthesizing a
 * config into a directory exactly as `npm run synth` does.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import type { PipelineConfigInput } from '../../config/schema';
import { resolvePipelines } from '../../app/resolve';
import { terraformAvailable } from '../../app/terraform-offline';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { FIXTURE_MAPPINGS } from './helpers';
import type { LocalS3 } from './local-aws';
import { type SynthesizeOptions, synthesizeAtomically } from '../../app/synthesize';

/** The provider mirror; '' when unset, which skips the suites (a skipped suite's body still runs to collect its tests). */
export const pluginMirror = process.env.TF_PLUGIN_MIRROR ?? '';

/**
 * The Terraform suites need `terraform` on PATH and the provider mirror in TF_PLUGIN_MIRROR. Without them they
 * are skipped, except under REQUIRE_TERRAFORM_TESTS=1 (set by .ci/run), where a missing prerequisite fails.
 */
export function terraformPrerequisites(): { ready: boolean; reason?: string } {
  if (!terraformAvailable()) return { ready: false, reason: 'terraform is not on PATH' };
  if (!pluginMirror) return { ready: false, reason: 'TF_PLUGIN_MIRROR is not set' };
  if (!fs.existsSync(path.join(pluginMirror, 'registry.terraform.io', 'hashicorp', 'aws'))) {
    return { ready: false, reason: `TF_PLUGIN_MIRROR=${pluginMirror} holds no registry.terraform.io/hashicorp/aws` };
  }
  return { ready: true };
}

/** `describe` when Terraform can run; otherwise skipped with the reason, or failed when it is required. */
export function describeWithTerraform(name: string, body: () => void): void {
  const { ready, reason } = terraformPrerequisites();
  if (ready) {
    describe(name, body);
  } else if (process.env.REQUIRE_TERRAFORM_TESTS === '1') {
    describe(name, () => {
      test('Terraform prerequisites are present (REQUIRE_TERRAFORM_TESTS=1)', () => {
        throw new Error(`cannot run the Terraform suite: ${reason}`);
      });
    });
  } else {
    console.warn(`Skipping "${name}": ${reason}. Set TF_PLUGIN_MIRROR (see README) to run it.`);
    describe.skip(name, body);
  }
}

/** Synthesize `input` (its mappings from the fixture's) into `outdir` through the same code path as main.ts; returns the stack names. */
export async function synthesizeTo(outdir: string, input: PipelineConfigInput, options: SynthesizeOptions = {}): Promise<string[]> {
  const pipelines = resolvePipelines(parseConfig(input), FIXTURE_MAPPINGS);
  await synthesizeAtomically(outdir, (app) => pipelines.forEach((pipeline) => new DmsPipelineStack(app, pipeline)), options);
  return pipelines.map((pipeline) => pipeline.name);
}

/**
 * How many resources a first plan of the synthesized stack in `stackDir` adds (`Plan: N to add`): one per
 * resource block (the stacks use neither count nor for_each).
 */
export function resourcesToAdd(stackDir: string): number {
  const tf: { resource?: Record<string, Record<string, unknown>> } = JSON.parse(
    fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'),
  );
  return Object.values(tf.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/**
 * A Terraform command running in the background (e.g. `apply` holding the state lock at its approval prompt),
 * whose output can be waited on and whose prompt can be answered.
 */
export class BackgroundTerraform {
  private output = '';
  private readonly exit: Promise<number>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn('terraform', args, { cwd, env });
    this.child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((resolve) => this.child.on('close', (code) => resolve(code ?? -1)));
  }

  async waitFor(text: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; output so far:\n${this.output}`);
      if (this.child.exitCode !== null) throw new Error(`terraform exited before "${text}":\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  answer(text: string): void {
    this.child.stdin.write(`${text}\n`);
  }

  /** Waits for the command to end; kills it if it is still running after `timeoutMs`. */
  async finish(timeoutMs = 60_000): Promise<{ status: number; output: string }> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const status = await this.exit;
    clearTimeout(timer);
    return { status, output: this.output };
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** A `-backend-config` file pointing the stack's own S3 backend at local servers. */
export function localBackendConfig(file: string, settings: { s3: LocalS3; dynamodbEndpoint?: string; extra?: string[] }): string {
  const endpoints = [`s3 = "${settings.s3.endpoint}"`, ...(settings.dynamodbEndpoint ? [`dynamodb = "${settings.dynamodbEndpoint}"`] : [])];
  fs.writeFileSync(
    file,
    [
      `endpoints = { ${endpoints.join(', ')} }`,
      'use_path_style = true',
      'skip_credentials_validation = true',
      'skip_requesting_account_id = true',
      'skip_metadata_api_check = true',
      'skip_region_validation = true',
      'skip_s3_checksum = true',
      `access_key = "${settings.s3.accessKey}"`,
      `secret_key = "${settings.s3.secretKey}"`,
      ...(settings.extra ?? []),
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * A state file for `terraform state push` that names who wrote it (an output), so a test can find it again in
 * the backend: no resources, serial 1.
 */
export function writePushableState(file: string, writtenBy: string, lineage: string): void {
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage,
    outputs: { written_by: { value: writtenBy, type: 'string' } },
    resources: [],
    check_results: null,
  };
  fs.writeFileSync(file, JSON.stringify(state));
}
