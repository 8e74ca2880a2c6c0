/**
 * Names derived from the spec that must stay stable: they become Terraform addresses, and a changed address
 * is a state move.
 */
import { sectionOfEngine } from './schema/targets';
import type { UnvalidatedTarget } from './schema/targets/section';

/**
 * A task's resource name: its id without the stack-name prefix, in snake_case.
 * `redshift-fed-prod-replication-task` in stack `redshift-fed-prod` → `replication_task`.
 */
export function taskAddress(stackName: string, taskId: string): string {
  const lower = taskId.toLowerCase();
  const local = lower.startsWith(`${stackName}-`) ? lower.slice(stackName.length + 1) : lower;
  return local.replace(/-/g, '_');
}

/** What kind of name, and where AWS requires it unique. */
export interface NamedResource {
  kind: string;
  /** `global` (S3 buckets), `account` (IAM) or `region` (everything else: per account and Region). */
  scope: 'global' | 'account' | 'region';
  /** As AWS compares it (DMS identifiers are case-insensitive and stored lowercased). */
  name: string;
  /** The config field it comes from, relative to the pipeline. */
  from: (string | number)[];
  /** A name the stack derives from `from`, rather than the field itself. */
  derived: boolean;
}

interface NamingInput {
  name?: unknown;
  replicationInstance?: { from?: unknown; id?: unknown };
  source?: { endpointId?: unknown };
  target?: UnvalidatedTarget;
  tasks?: { id?: unknown; resourceIdentifier?: unknown; migrationType?: unknown }[];
  monitoring?: { enabled?: unknown; topicKmsKeyArn?: unknown };
}

/**
 * Every name a pipeline's stack gives an AWS resource, with the rule for uniqueness. The formulas are the
 * modules' (modules/dms, modules/dms-iam, modules/monitoring; a target's from its section file, config/schema/targets);
 * a test compares them with synthesized stacks.
 * Reads defensively: fields that failed validation are skipped.
 */
export function resourceNames(pipeline: NamingInput): NamedResource[] {
  const names: NamedResource[] = [];
  const add = (kind: string, scope: NamedResource['scope'], name: unknown, from: (string | number)[], derived = false, lower = false) => {
    if (typeof name === 'string' && name.length > 0) names.push({ kind, scope, name: lower ? name.toLowerCase() : name, from, derived });
  };
  const { replicationInstance: instance, source, target, monitoring } = pipeline;
  const tasks = Array.isArray(pipeline.tasks) ? pipeline.tasks : [];
  const serverless = instance?.from === 'serverless';
  const ownsInstance = instance?.from === 'this-stack';
  const monitored = monitoring?.enabled !== false;

  tasks.forEach((task, index) => {
    add(serverless ? 'DMS replication config id' : 'DMS replication task id', 'region', task?.id, ['tasks', index, 'id'], false, true);
    add('DMS task resource identifier', 'region', task?.resourceIdentifier, ['tasks', index, 'resourceIdentifier'], false, true);
  });
  add('DMS endpoint id', 'region', source?.endpointId, ['source', 'endpointId'], false, true);
  add('DMS endpoint id', 'region', target?.endpointId, ['target', 'endpointId'], false, true);
  if (ownsInstance) {
    add('DMS replication instance id', 'region', instance?.id, ['replicationInstance', 'id'], false, true);
    if (typeof instance?.id === 'string')
      add('CloudWatch log group', 'region', `dms-tasks-${instance.id}`, ['replicationInstance', 'id'], true);
  }
  if (target) {
    for (const resource of sectionOfEngine(target.engine)?.resourceNames(target) ?? [])
      add(resource.kind, resource.scope, resource.name, resource.from);
  }
  if (monitored) {
    if (!serverless) {
      tasks.forEach((task, index) => {
        if (typeof task?.id !== 'string' || task.migrationType === 'full-load') return;
        for (const suffix of ['cdc-latency-source', 'cdc-latency-target'])
          add('CloudWatch alarm', 'region', `${task.id}-${suffix}`, ['tasks', index, 'id'], true);
      });
    }
    if (ownsInstance && typeof instance?.id === 'string') {
      for (const suffix of ['free-storage-space', 'cpu-utilization', 'freeable-memory'])
        add('CloudWatch alarm', 'region', `${instance.id}-${suffix}`, ['replicationInstance', 'id'], true);
    }
  }
  if (typeof pipeline.name === 'string') {
    const stack = pipeline.name;
    if (monitored) {
      add('SNS topic', 'region', `${stack}-dms-alerts`, ['name'], true);
      add('CloudWatch dashboard', 'account', `${stack}-dms`, ['name'], true);
    }
    add('IAM role', 'account', `${stack}-dms-secrets-role`, ['name'], true);
  }
  return names;
}
