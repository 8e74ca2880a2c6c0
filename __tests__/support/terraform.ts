/**
 * Shared set-up for test suites that run the real Terraform CLI: whether they can run, and synthesizing a
 * config into a directory exactly as `npm run synth` does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import { mappingsDir } from '../../config/paths';
import type { PipelineConfigInput } from '../../config/schema';
import { resolvePipelines } from '../../mappings/resolve';
import { terraformAvailable } from '../../scripts/terraform-offline';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { synthesizeAtomically } from '../../stacks/synthesize';

export const pluginMirror = process.env.TF_PLUGIN_MIRROR;

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
    // eslint-disable-next-line no-console
    console.warn(`Skipping "${name}": ${reason}. Set TF_PLUGIN_MIRROR (see README) to run it.`);
    describe.skip(name, body);
  }
}

/** Synthesize `input` into `outdir` through the same code path as main.ts; returns the stack names. */
export function synthesizeTo(outdir: string, input: PipelineConfigInput): string[] {
  const pipelines = resolvePipelines(parseConfig(input), mappingsDir());
  synthesizeAtomically(outdir, (app) => pipelines.forEach((pipeline) => new DmsPipelineStack(app, pipeline)));
  return pipelines.map((pipeline) => pipeline.name);
}
