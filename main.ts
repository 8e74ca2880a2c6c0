/**
 * The CDKTF app: load the active config (TypeScript default, or `DMS_CONFIG=<file.json>`), resolve each
 * pipeline's mappings and settings (from `mappings/`, or `DMS_MAPPINGS_DIR`), and synthesize one stack per
 * pipeline into `cdktf.out/stacks/<stack>/` (provider lock files from `locks/`).
 */
import * as path from 'node:path';
import { projectRoot } from './config/paths';
import { activePipelines } from './scripts/active-pipelines';
import { runCommand } from './scripts/run-command';
import { DmsPipelineStack } from './stacks/dms-pipeline-stack';
import { synthesizeAtomically } from './stacks/synthesize';

runCommand(async () => {
  const pipelines = activePipelines();
  const outdir = process.env.CDKTF_OUTDIR ?? path.join(projectRoot(), 'cdktf.out');
  await synthesizeAtomically(outdir, (app) => pipelines.forEach((pipeline) => new DmsPipelineStack(app, pipeline)), {
    hcl: process.env.SYNTH_HCL_OUTPUT === 'true',
    locksDir: path.join(projectRoot(), 'locks'),
  });
}, 'Nothing was synthesized; the previous cdktf.out is unchanged.');
