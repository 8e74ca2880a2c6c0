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
import { checkDynamoDbMappings, deriveDynamoDbMappings } from '../engines/targets/dynamodb/mappings';
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
export function resolvePipelinesReport(config: PipelineConfig, mappingsDir: string): { pipelines: ResolvedPipeline[]; warnings: ValidationIssue[] } {
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

  const pipelines = config.pipelines.map((pipeline, pipelineIndex) => {
    const { target, source } = pipeline;
    const tasks = pipeline.tasks.map((task, taskIndex): ResolvedTask | undefined => {
      const fieldPath = formatPath(['pipelines', pipelineIndex, 'tasks', taskIndex, 'tableMappings']);
      let document: TableMappings | undefined;
      let where: string;
      if (task.tableMappings === 'derived') {
        // checkDerivedMappings (config) admits `derived` only for DynamoDB targets.
        if (target.engine !== 'dynamodb') return undefined;
        document = deriveDynamoDbMappings(target.tables, source.tables);
        where = `${fieldPath} (derived)`;
      } else {
        document = loadMappings(task.tableMappings, target.engine, fieldPath);
        where = `mappings/${task.tableMappings}`;
      }
      if (!document) return undefined;
      if (target.engine === 'dynamodb') {
        for (const issue of checkDynamoDbMappings(document, target.tables, source.tables)) {
          issues.push({ path: `${where}: ${issue.path}`, message: issue.message });
        }
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
        // This project defines DynamoDB target tables (keys, indexes) itself.
        targetTablesDefined: target.engine === 'dynamodb',
      })) {
        issues.push({ path: `${settingsPath}: ${issue.path}`, message: issue.message });
      }
      return {
        ...task,
        tableMappingsDocument: document,
        tableMappingsJson: renderTableMappings(document),
        effectiveSettings,
        settingsJson: renderTaskSettings(effectiveSettings),
      };
    });
    return { ...pipeline, index: pipelineIndex, tasks } as ResolvedPipeline;
  });

  const { errors, warnings } = splitIssues(issues);
  if (errors.length > 0) throw new ValidationFailed([...errors, ...warnings]);
  return { pipelines, warnings };
}
