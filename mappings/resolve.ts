/**
 * Turns validated pipeline specs into what a stack needs: each task's table mappings loaded from `mappings/`,
 * validated and canonicalised, and its settings merged from profiles and overrides.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidationIssue } from '../config/errors';
import { ValidationFailed, formatPath } from '../config/errors';
import type { PipelineConfig, PipelineSpec, TaskSpec } from '../config/schema';
import { checkDynamoDbMappings, deriveDynamoDbMappings } from './dynamodb';
import type { TargetEngine } from './engines';
import { parseTableMappings, renderTableMappings, type TableMappings } from './table-mappings';
import {
  TASK_SETTINGS_PROFILES,
  type TaskSettings,
  mergeTaskSettings,
  renderTaskSettings,
  validateTaskSettings,
} from './task-settings';

export interface ResolvedTask extends TaskSpec {
  /** The validated document, for constructs and review. */
  tableMappingsDocument: TableMappings;
  /** Canonical compact JSON for `table_mappings`. */
  tableMappingsJson: string;
  /** Profiles and overrides merged. */
  effectiveSettings: TaskSettings;
  /** Normalised JSON for `replication_task_settings`. */
  settingsJson: string;
}

export interface ResolvedPipeline extends Omit<PipelineSpec, 'tasks'> {
  /** Position in the config, for error paths (`pipelines[index]`). */
  index: number;
  tasks: ResolvedTask[];
}

/** Resolve every pipeline; all problems across all files are reported together. */
export function resolvePipelines(config: PipelineConfig, mappingsDir: string): ResolvedPipeline[] {
  const issues: ValidationIssue[] = [];
  // A file is read once; it is validated once per target engine that uses it.
  const texts = new Map<string, string | undefined>();
  const parsed = new Map<string, TableMappings | undefined>();

  const loadMappings = (file: string, target: TargetEngine, fieldPath: string): TableMappings | undefined => {
    if (!texts.has(file)) {
      try {
        texts.set(file, fs.readFileSync(path.join(mappingsDir, file), 'utf8'));
      } catch {
        texts.set(file, undefined);
      }
    }
    const text = texts.get(file);
    if (text === undefined) {
      issues.push({ path: fieldPath, message: `mappings/${file} does not exist` });
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
      const effectiveSettings = mergeTaskSettings(
        ...task.settings.profiles.map((name) => TASK_SETTINGS_PROFILES[name] as TaskSettings),
        task.settings.overrides,
      );
      const settingsPath = formatPath(['pipelines', pipelineIndex, 'tasks', taskIndex, 'settings']);
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

  if (issues.length > 0) throw new ValidationFailed(issues);
  return pipelines;
}
