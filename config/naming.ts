/**
 * Names derived from the spec that must stay stable: they become Terraform addresses, and a changed address
 * is a state move.
 */

/**
 * A task's resource name: its id without the stack-name prefix, in snake_case.
 * `redshift-fed-prod-replication-task` in stack `redshift-fed-prod` → `replication_task`.
 */
export function taskAddress(stackName: string, taskId: string): string {
  const lower = taskId.toLowerCase();
  const local = lower.startsWith(`${stackName}-`) ? lower.slice(stackName.length + 1) : lower;
  return local.replace(/-/g, '_');
}
