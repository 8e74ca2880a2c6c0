/**
 * The pipelines a command works on: the active config (TypeScript default, or `DMS_CONFIG=<file.json>`) with
 * each task's mappings resolved from `mappings/` (or `DMS_MAPPINGS_DIR`, where a JSON config's mapping files
 * live), and the source tables `npm run discover` found (`config/discovered/`, or `DMS_DISCOVERED_DIR`) merged
 * in and checked against the mappings, and each stack's adoption record (`config/adoption/`, or `DMS_ADOPTION_DIR`).
 * One place, so `synth`, `review` and `check` always see the same pipelines.
 *
 * Warnings (accepted-but-ignored input) are printed to stderr after any errors; with `DMS_STRICT=1` they are
 * errors, so CI can refuse them.
 */
import * as path from 'node:path';
import { discoveredDir, loadDiscovered, mergeDiscovered } from '../config/discovered';
import { ValidationFailed, type ValidationIssue, strictIssues } from '../core/errors';
import { adoptionDir, loadAdoptions } from '../config/adoption';
import { loadActiveConfig } from '../config/load';
import { mappingsDir, projectRoot } from '../core/paths';
import type { ResolvedPipeline } from '../config/resolved';
import { resolvePipelinesReport } from './resolve';
import { checkAgainstDiscovered } from './discover/checks';
import { printWarnings } from './run-command';

/** Where the active config's mapping files are: `DMS_MAPPINGS_DIR`, or the project's `mappings/`. */
export const activeMappingsDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.DMS_MAPPINGS_DIR ? path.resolve(env.DMS_MAPPINGS_DIR) : mappingsDir(projectRoot());

const isStrict = (env: NodeJS.ProcessEnv): boolean => env.DMS_STRICT === '1' || env.DMS_STRICT === 'true';

/** Warnings printed, or (DMS_STRICT=1) made errors; a failure's warnings become errors too in strict mode. */
function withWarnings(
  env: NodeJS.ProcessEnv,
  resolve: () => { pipelines: ResolvedPipeline[]; warnings: ValidationIssue[] },
): ResolvedPipeline[] {
  const strict = isStrict(env);
  try {
    const { pipelines, warnings } = resolve();
    if (strict && warnings.length > 0) throw new ValidationFailed(strictIssues(warnings));
    printWarnings(warnings);
    return pipelines;
  } catch (error) {
    if (strict && error instanceof ValidationFailed) throw new ValidationFailed(strictIssues(error.issues));
    throw error;
  }
}

export function activePipelines(env: NodeJS.ProcessEnv = process.env): ResolvedPipeline[] {
  return withWarnings(env, () => {
    const config = loadActiveConfig(env.DMS_CONFIG);
    const discovered = loadDiscovered(config, discoveredDir(env));
    const { pipelines, warnings } = resolvePipelinesReport(mergeDiscovered(config, discovered), activeMappingsDir(env));
    const issues = pipelines.flatMap((pipeline) => {
      const found = discovered.get(pipeline.name);
      return found ? checkAgainstDiscovered(pipeline, found.discovered, found.file) : [];
    });
    if (issues.length > 0) throw new ValidationFailed([...issues, ...warnings]);
    // Adoption records of the stacks that adopt existing resources (config/adoption.ts).
    const adoptions = loadAdoptions(
      adoptionDir(env),
      pipelines.map((pipeline) => pipeline.name),
    );
    return {
      pipelines: pipelines.map((pipeline) =>
        adoptions.has(pipeline.name) ? { ...pipeline, adoption: adoptions.get(pipeline.name) } : pipeline,
      ),
      warnings,
    };
  });
}

/** The config's pipelines without discovered tables: what `npm run discover` starts from. */
export function configuredPipelines(env: NodeJS.ProcessEnv = process.env): ResolvedPipeline[] {
  return withWarnings(env, () => resolvePipelinesReport(loadActiveConfig(env.DMS_CONFIG), activeMappingsDir(env)));
}
