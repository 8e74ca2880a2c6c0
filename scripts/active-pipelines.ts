/**
 * The pipelines a command works on: the active config (TypeScript default, or `DMS_CONFIG=<file.json>`) with
 * each task's mappings resolved from `mappings/` (or `DMS_MAPPINGS_DIR`, where a JSON config's mapping files
 * live). One place, so `synth`, `review` and `check` always see the same pipelines.
 */
import * as path from 'node:path';
import { loadActiveConfig } from '../config/load';
import { mappingsDir, projectRoot } from '../config/paths';
import { type ResolvedPipeline, resolvePipelines } from '../mappings/resolve';

export function activePipelines(env: NodeJS.ProcessEnv = process.env): ResolvedPipeline[] {
  const mappings = env.DMS_MAPPINGS_DIR ? path.resolve(env.DMS_MAPPINGS_DIR) : mappingsDir(projectRoot());
  return resolvePipelines(loadActiveConfig(env.DMS_CONFIG), mappings);
}
