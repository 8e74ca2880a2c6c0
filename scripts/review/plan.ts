/**
 * A Terraform plan (`terraform show -json plan.out`) read for review: every planned action, and the changes
 * that must not happen silently. Deleting or replacing a replication task restarts its full load; a replaced
 * instance, endpoint or staging bucket takes the pipeline down.
 */
import type { Json } from './synthesized';

export type PlanAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget';

export interface PlannedChange {
  address: string;
  type: string;
  action: PlanAction;
  movedFrom?: string;
  importing: boolean;
  /** Attributes that force replacement, from Terraform's `replace_paths`. */
  replaceBecause: string[];
}

export interface PlanReview {
  changes: PlannedChange[];
  counts: Record<PlanAction, number>;
  /** Deletions and replacements of protected resources, minus the allowed ones. */
  blocked: PlannedChange[];
  allowed: PlannedChange[];
}

/** Resource types whose deletion or replacement interrupts replication. */
export const PROTECTED_TYPES = [
  'aws_dms_replication_task',
  'aws_dms_replication_instance',
  'aws_dms_replication_config',
  'aws_dms_endpoint',
  'aws_s3_bucket',
];

function actionOf(actions: string[]): PlanAction {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.length === 1 && ['create', 'update', 'delete', 'read', 'no-op', 'forget'].includes(actions[0])) return actions[0] as PlanAction;
  return 'no-op';
}

export function reviewPlan(plan: Json, allowReplace: readonly string[] = []): PlanReview {
  if (!Array.isArray(plan?.resource_changes)) throw new Error('not a Terraform JSON plan (no resource_changes): use terraform show -json <planfile>');
  const changes: PlannedChange[] = plan.resource_changes.map((change: Json) => ({
    address: change.address,
    type: change.type,
    action: actionOf(change.change.actions),
    ...(change.previous_address ? { movedFrom: change.previous_address } : {}),
    importing: change.change.importing !== undefined,
    replaceBecause: (change.change.replace_paths ?? []).map((path: unknown[]) => path.map(String).join('.')),
  }));
  const counts = { create: 0, update: 0, delete: 0, replace: 0, read: 0, 'no-op': 0, forget: 0 } as Record<PlanAction, number>;
  for (const change of changes) counts[change.action]++;
  const risky = changes.filter((c) => PROTECTED_TYPES.includes(c.type) && (c.action === 'delete' || c.action === 'replace'));
  return {
    changes,
    counts,
    blocked: risky.filter((c) => !allowReplace.includes(c.address)),
    allowed: risky.filter((c) => allowReplace.includes(c.address)),
  };
}
