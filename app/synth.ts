/**
 * The CDKTF app: load the active config (TypeScript default, or `DMS_CONFIG=<file.json>`), resolve each
 * pipeline's mappings and settings (from `mappings/`, or `DMS_MAPPINGS_DIR`), and synthesize one stack per
 * pipeline into `cdktf.out/stacks/<stack>/` (provider lock files from `locks/`).
 */
import * as path from 'node:path';
import { projectRoot } from '../core/paths';
import { DmsPipelineStack } from '../stacks/dms-pipeline-stack';
import { activePipelines } from './pipelines';
import { runCommand } from './run-command';
import { synthesizeAtomically } from './synthesize';

export function synthApp(env: NodeJS.ProcessEnv = process.env): void {
  runCommand(async () => {
    const pipelines = activePipelines(env);
    const outdir = env.CDKTF_OUTDIR ?? path.join(projectRoot(), 'cdktf.out');
    await synthesizeAtomically(outdir, (app) => pipelines.forEach((pipeline) => new DmsPipelineStack(app, pipeline)), {
      hcl: env.SYNTH_HCL_OUTPUT === 'true',
      locksDir: path.join(projectRoot(), 'locks'),
    });
  }, 'Nothing was synthesized; the previous cdktf.out is unchanged.');
}
