/**
 * Plain `terraform` users keep their working directory across synths: init once, synthesize again after a
 * config change, and plan without a second init; the provider lock file init wrote lands in the project's
 * locks/ directory and comes back into the stack directory at the next synth.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import { projectRoot } from '../../core/paths';
import type { PipelineConfigInput } from '../../config/schema';
import { resolvePipelines } from '../../app/resolve';
import {
  OVERRIDE_FILE,
  expectSuccess,
  offlineOverride,
  offlineTerraformEnvironment,
  temporaryDirectory,
  terraform,
} from '../../app/terraform-offline';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { synthesizeAtomically } from '../../app/synthesize';
import { describeWithTerraform, pluginMirror } from '../support/terraform';
import type { Json } from '../../review/synthesized';

const fixtures = path.join(projectRoot(), '__tests__', 'fixtures', 'synth');

describeWithTerraform('Terraform working state across synths', () => {
  const work = temporaryDirectory('dms-working-state');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const outdir = path.join(work, 'cdktf.out');
  const locksDir = path.join(work, 'locks');

  async function synth(allocatedStorage: number): Promise<{ stack: string; region: string }> {
    const input = JSON.parse(fs.readFileSync(path.join(fixtures, 'probe-config.json'), 'utf8')) as PipelineConfigInput;
    const [pipeline] = input.pipelines as Array<Record<string, Json>>;
    pipeline.replicationInstance.allocatedStorage = allocatedStorage;
    pipeline.backend = { type: 'local' };
    const pipelines = resolvePipelines(parseConfig(input), path.join(fixtures, 'mappings'));
    await synthesizeAtomically(outdir, (app) => pipelines.forEach((p) => new DmsPipelineStack(app, p)), { locksDir, warn: () => {} });
    return { stack: pipeline.name, region: pipeline.region };
  }

  test('GIVEN an initialised stack directory WHEN the config changes and synth runs again THEN terraform plan works without init', async () => {
    const env = offlineTerraformEnvironment(pluginMirror, work).env;
    // GIVEN synth + init, as a plain terraform user does once
    const { stack, region } = await synth(100);
    const stackDir = path.join(outdir, 'stacks', stack);
    const override = JSON.stringify(offlineOverride(region));
    fs.writeFileSync(path.join(stackDir, OVERRIDE_FILE), override);
    expectSuccess(terraform(['init', '-input=false', '-no-color'], stackDir, env), 'terraform init');
    const writtenByInit = fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8');
    expect(writtenByInit).toContain('registry.terraform.io/hashicorp/aws');

    // WHEN the config changes and synth replaces the tree
    await synth(200);
    // (the override is not part of the synthesized tree: put back the same one)
    fs.writeFileSync(path.join(stackDir, OVERRIDE_FILE), override);

    // THEN the lock file is kept in the project and in the stack directory, and a plan needs no init
    expect(fs.readFileSync(path.join(locksDir, `${stack}.terraform.lock.hcl`), 'utf8')).toBe(writtenByInit);
    expect(fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8')).toBe(writtenByInit);
    const plan = expectSuccess(
      terraform(['plan', '-input=false', '-lock=false', '-no-color'], stackDir, env),
      'terraform plan without a second init',
    );
    expect(plan.stdout).toMatch(/allocated_storage\s+= 200/);
  }, 180_000);
});
