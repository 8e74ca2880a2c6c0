/**
 * A pipeline as a stack receives it: the validated spec with each task's table mappings loaded, validated and
 * canonicalised, and its settings merged (app/resolve.ts builds it; stacks, engines and review read it).
 */
import type { TableMappings } from '../mappings/table-mappings';
import type { TaskSettings } from '../mappings/task-settings';
import type { AdoptionRecord } from './adoption';
import type { PipelineSpec, TaskSpec } from './schema';

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
  /** The stack's adoption record (config/adoption/<stack>.json), when it adopts existing resources. */
  adoption?: AdoptionRecord;
}
