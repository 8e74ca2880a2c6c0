/**
 * The pipelines a command works on: the active config (TypeScript default, or `DMS_CONFIG=<file.json>`) with
 * each task's mappings resolved from `mappings/` (or `DMS_MAPPINGS_DIR`, where a JSON config's mapping files
 * live), and the source tables `npm run discover` found (`config/discovered/`, or `DMS_DISCOVERED_DIR`) merged
 * in and checked against the mappings. One place, so `synth`, `review` and `check` always see the same pipelines.
 */
import * as path from 'node:path';
import { discoveredDir, loadDiscovered, mergeDiscovered } from '../config/discovered';
import { ValidationFailed } from '../config/errors';
import { loadActiveConfig } from '../config/load';
import { mappingsDir, projectRoot } from '../config/paths';
import { type ResolvedPipeline, resolvePipelines } from '../mappings/resolve';
import { checkAgainstDiscovered } from './discover/checks';

const mappingsOf = (env: NodeJS.ProcessEnv) => (env.DMS_MAPPINGS_DIR ? path.resolve(env.DMS_MAPPINGS_DIR) : mappingsDir(projectRoot()));

export function activePipelines(env: NodeJS.ProcessEnv = process.env): ResolvedPipeline[] {
  const config = loadActiveConfig(env.DMS_CONFIG);
  const discovered = loadDiscovered(config, discoveredDir(env));
  const pipelines = resolvePipelines(mergeDiscovered(config, discovered), mappingsOf(env));
  const issues = pipelines.flatMap((pipeline) => {
    const found = discovered.get(pipeline.name);
    return found ? checkAgainstDiscovered(pipeline, found.discovered, found.file) : [];
  });
  if (issues.length > 0) throw new ValidationFailed(issues);
  return pipelines;
}

/** The config's pipelines without discovered tables: what `npm run discover` starts from. */
export function configuredPipelines(env: NodeJS.ProcessEnv = process.env): ResolvedPipeline[] {
  return resolvePipelines(loadActiveConfig(env.DMS_CONFIG), mappingsOf(env));
}
