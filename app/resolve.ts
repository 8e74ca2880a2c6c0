/**
 * Turns validated pipeline specs into what a stack needs: each task's table mappings loaded from `mappings/`,
 * validated and canonicalised, and its settings merged from profiles and overrides.
 */
import * as path from 'node:path';
import { readInputFile } from '../core/input-file';
import type { ValidationIssue } from '../core/errors';
import { ValidationFailed, formatPath, splitIssues } from '../core/errors';
import type { ResolvedPipeline, ResolvedTask } from '../config/resolved';
import type { PipelineConfig } from '../config/schema';
import { onTarget } from '../engines/registry';
import type { TargetEngine } from '../mappings/target-capabilities';
import { MAX_TABLE_MAPPINGS_FILE_BYTES, parseTableMappings, renderTableMappings, type TableMappings } from '../mappings/table-mappings';
import {
  TASK_SETTINGS_PROFILES,
  type TaskSettings,
  mergeTaskSettings,
  normalizeTaskSettings,
  renderTaskSettings,
  validateTaskSettings,
} from '../mappings/task-settings';

/** Resolve every pipeline; all problems across all files are reported together. Warnings are dropped. */
export function resolvePipelines(config: PipelineConfig, mappingsDir: string): ResolvedPipeline[] {
  return resolvePipelinesReport(config, mappingsDir).pipelines;
}

/**
 * Resolve every pipeline, with the warnings (accepted-but-ignored input). Throws ValidationFailed with every
 * error, and the warnings after them, when there is any error.
 */
export function resolvePipelinesReport(
  config: PipelineConfig,
  mappingsDir: string,
): { pipelines: ResolvedPipeline[]; warnings: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  // A file is read once; it is validated once per target engine that uses it.
  const texts = new Map<string, string | undefined>();
  const problems = new Map<string, string>();
  const parsed = new Map<string, TableMappings | undefined>();

  const loadMappings = (file: string, target: TargetEngine, fieldPath: string): TableMappings | undefined => {
    if (!texts.has(file)) {
      const input = readInputFile(path.join(mappingsDir, file), MAX_TABLE_MAPPINGS_FILE_BYTES);
      texts.set(file, input.text);
      if (input.problem !== undefined) problems.set(file, input.problem);
    }
    const text = texts.get(file);
    if (text === undefined) {
      issues.push({ path: fieldPath, message: `mappings/${file} ${problems.get(file)}` });
      return undefined;
    }
    const key = `${target}:${file}`;
    if (parsed.has(key)) return parsed.get(key);
    const result = parseTableMappings(text, { target });
    for (const issue of result.issues) {
      issues.push({ path: issue.path ? `mappings/${file}: ${issue.path}` : `mappings/${file}`, message: issue.message });
    }
    parsed.set(key, result.mappings);
    return result.mappings;
  };

  const pipelines = config.pipelines.flatMap((pipeline, pipelineIndex): ResolvedPipeline[] => {
    const { target, source } = pipeline;
    const mappings = onTarget(target, (adapter, spec) => ({
      derive: adapter.mappings.derive && (() => adapter.mappings.derive?.(spec, source.tables)),
      check: (document: TableMappings) => adapter.mappings.check(document, spec, source.tables),
      targetTablesDefined: adapter.mappings.targetTablesDefined,
    }));
    const tasks = pipeline.tasks.flatMap((task, taskIndex): ResolvedTask[] => {
      const fieldPath = formatPath(['pipelines', pipelineIndex, 'tasks', taskIndex, 'tableMappings']);
      let document: TableMappings | undefined;
      let where: string;
      if (task.tableMappings === 'derived') {
        // checkDerivedMappings (config) admits `derived` only for targets that derive their mappings.
        if (!mappings.derive) {
          issues.push({ path: fieldPath, message: `${target.engine} cannot derive table mappings; name a file under mappings/` });
          return [];
        }
        document = mappings.derive();
        where = `${fieldPath} (derived)`;
      } else {
        document = loadMappings(task.tableMappings, target.engine, fieldPath);
        where = `mappings/${task.tableMappings}`;
      }
      if (!document) return [];
      for (const issue of mappings.check(document)) {
        issues.push({ path: `${where}: ${issue.path}`, message: issue.message });
      }
      const settingsPath = formatPath(['pipelines', pipelineIndex, 'tasks', taskIndex, 'settings']);
      // Overrides are what a person wrote (or pasted from DMS): what is not passed on is named there.
      const overrides = normalizeTaskSettings(task.settings.overrides, { target: target.engine });
      for (const issue of overrides.warnings) issues.push({ ...issue, path: `${settingsPath}.overrides.${issue.path}` });
      const effectiveSettings = mergeTaskSettings(
        ...task.settings.profiles.map((name) => TASK_SETTINGS_PROFILES[name] as TaskSettings),
        overrides.settings,
      );
      for (const issue of validateTaskSettings(effectiveSettings, {
        target: target.engine,
        migrationType: task.migrationType,
        targetTablesDefined: mappings.targetTablesDefined,
      })) {
        issues.push({ path: `${settingsPath}: ${issue.path}`, message: issue.message });
      }
      return [
        {
          ...task,
          tableMappingsDocument: document,
          tableMappingsJson: renderTableMappings(document),
          effectiveSettings,
          settingsJson: renderTaskSettings(effectiveSettings),
        },
      ];
    });
    // A task that did not resolve has reported why; its pipeline is not handed on.
    return tasks.length === pipeline.tasks.length ? [{ ...pipeline, index: pipelineIndex, tasks }] : [];
  });

  const { errors, warnings } = splitIssues(issues);
  if (errors.length > 0) throw new ValidationFailed([...errors, ...warnings]);
  // Fails closed: a pipeline is only left out for the errors above.
  if (pipelines.length !== config.pipelines.length)
    throw new ValidationFailed([{ path: 'pipelines', message: 'a task did not resolve, and no error says why' }]);
  return { pipelines, warnings };
}
