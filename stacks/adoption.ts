/**
 * Applying an adoption record (config/adoption.ts) to a pipeline stack: the live identifiers the spec must use,
 * then per resource its `moved` block, the live values of attributes that would force a replacement, and
 * `import` blocks; legacy resources without a place here are forgotten, never destroyed.
 */
import { type AdoptionRecord, IMPORT_ID_ATTRIBUTE } from '../config/adoption';
import { ValidationFailed } from '../core/errors';
import { known } from '../core/maps';
import { taskAddress } from '../config/naming';
import type { ResolvedPipeline } from '../config/resolved';
import { onTarget } from '../engines/registry';
import type { TargetSpec } from '../config/schema';
import { terraformLiteral } from '../core/terraform-literal';
import { type TerraformStack, TerraformResource } from '../platform/cdktf';
import { placementOf } from './replication-placement';

const INSTANCE = 'aws_dms_replication_instance.replication_instance';
export const SECURITY_GROUP = 'aws_security_group.replication_instance';
const LEFT_AS_THEY_ARE = ['aws_dms_replication_task', 'aws_dms_replication_config', 'aws_dms_endpoint'];

/**
 * The spec with the live identifiers that other resources repeat as literals: the instance id (alarm dimensions,
 * the task log group `dms-tasks-<id>`) and the staging bucket name (IAM and bucket policies). Adopted and imported
 * tasks never get a resource identifier: it forces replacement, and alarms read the live one from the ARN.
 */
export function adoptedSpec(pipeline: ResolvedPipeline, record: AdoptionRecord | undefined): ResolvedPipeline {
  if (!record) return pipeline;
  const live = (address: string, attribute: string) => record.resources[address]?.set[attribute];
  const adopted = (address: string) => address in record.resources || address in record.imports;
  const spec = { ...pipeline };
  const instanceId = live(INSTANCE, 'replication_instance_id');
  if (instanceId) spec.replicationInstance = placementOf(spec.replicationInstance).adopted(instanceId);
  spec.target = onTarget<TargetSpec>(spec.target, (adapter, target) => adapter.adopted(target, live));
  spec.tasks = spec.tasks.map((task) => {
    const address = taskAddress(pipeline.name, task.id);
    return adopted(`aws_dms_replication_task.${address}`) || adopted(`aws_dms_replication_config.${address}`)
      ? { ...task, resourceIdentifier: undefined }
      : task;
  });
  return spec;
}

/** Moves, live attribute values, imports and removals of `record` on the synthesized stack. */
export function applyAdoption(
  stack: TerraformStack,
  record: AdoptionRecord,
  where: string,
  pipelineIndex: number,
  accountRolesMode: string | undefined,
): void {
  const resources = new Map(
    stack.node
      .findAll()
      .filter(TerraformResource.isTerraformResource)
      .map((resource) => [`${resource.terraformResourceType}.${resource.node.id}`, resource]),
  );
  const unknown = [
    ...Object.keys(record.resources).map((address) => ({ address, path: `resources[${JSON.stringify(address)}]` })),
    ...Object.keys(record.imports).map((address) => ({ address, path: `imports[${JSON.stringify(address)}]` })),
  ].filter(({ address }) => !resources.has(address));
  if (unknown.length > 0) {
    throw new ValidationFailed(
      unknown.map(({ address, path }) => ({
        path: `${where}: ${path}`,
        message: `${address} is not a resource of stack ${record.stack}; run npm run adopt again`,
      })),
    );
  }
  for (const [address, entry] of Object.entries(record.resources)) {
    const resource = known(resources, address);
    resource.moveFromId(entry.from);
    // Escaped: task mappings may hold DMS `${column}` templates, which Terraform must not interpolate.
    for (const [attribute, value] of Object.entries(entry.set)) {
      // Inline rules are recorded as JSON (a list of rule objects); everything else is a string attribute.
      resource.addOverride(attribute, attribute === 'egress' ? JSON.parse(value) : terraformLiteral(value));
    }
  }
  for (const [address, id] of Object.entries(record.imports)) {
    const resource = known(resources, address);
    resource.importFrom(id);
    // The import id is the live identifier: a different configured one would replace what was just imported.
    const identifier = IMPORT_ID_ATTRIBUTE[resource.terraformResourceType];
    if (identifier) resource.addOverride(identifier, id);
    // A running task and its endpoints are imported as they are: changing either stops replication (a running
    // task's endpoint cannot even be modified, terraform-provider-aws #27661), and no state says what they hold.
    // Converging them on the config is a later, reviewed step: drop the import from the record.
    // `all`: the live resource may set arguments the config does not (the guide's script gave the source
    // endpoint a username and server name, the config reads them from a secret).
    if (LEFT_AS_THEY_ARE.includes(resource.terraformResourceType)) resource.addOverride('lifecycle.ignore_changes', 'all');
  }
  // The legacy root created the account roles: the account stack must import them, not create them again.
  const accountRoles = record.removed.filter((entry) => entry.accountRole);
  if (accountRoles.length > 0 && accountRolesMode === 'create') {
    throw new ValidationFailed([
      {
        path: `pipelines[${pipelineIndex}].accountRoles`,
        message: `must be "import" (or "existing") to adopt ${where}: the legacy root already created dms-vpc-role and dms-cloudwatch-logs-role (${accountRoles.map((entry) => entry.from).join(', ')})`,
      },
    ]);
  }
  // Added to the blocks the stack already has (the account roles' own addresses): an override replaces.
  const existing = ((stack as unknown as { rawOverrides?: { removed?: unknown[] } }).rawOverrides?.removed ?? []) as unknown[];
  if (record.removed.length > 0) {
    stack.addOverride('removed', [...existing, ...record.removed.map(({ from }) => ({ from, lifecycle: { destroy: false } }))]);
  }
}
