/**
 * The CDKTF app: load the active config (TypeScript default, or `DMS_CONFIG=<file.json>`), resolve each
 * pipeline's mappings and settings (from `mappings/`, or `DMS_MAPPINGS_DIR`), and synthesize one stack per
 * pipeline into `cdktf.out/stacks/<stack>/`.
 */
import * as path from 'node:path';
import { loadActiveConfig } from './config/load';
import { mappingsDir, projectRoot } from './config/paths';
import { resolvePipelines } from './mappings/resolve';
import { runCommand } from './scripts/run-command';
import { DmsPipelineStack } from './stacks/dms-pipeline-stack';
import { synthesizeAtomically } from './stacks/synthesize';

runCommand(async () => {
  const root = projectRoot();
  // DMS_MAPPINGS_DIR: where a JSON config's mapping files live, when not in this project's mappings/.
  const mappings = process.env.DMS_MAPPINGS_DIR ? path.resolve(process.env.DMS_MAPPINGS_DIR) : mappingsDir(root);
  const pipelines = resolvePipelines(loadActiveConfig(process.env.DMS_CONFIG), mappings);
  const outdir = process.env.CDKTF_OUTDIR ?? path.join(root, 'cdktf.out');
  await synthesizeAtomically(outdir, (app) => pipelines.forEach((pipeline) => new DmsPipelineStack(app, pipeline)), {
    hcl: process.env.SYNTH_HCL_OUTPUT === 'true',
  });
}, 'Nothing was synthesized; the previous cdktf.out is unchanged.');
