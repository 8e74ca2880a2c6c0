/**
 * The plan gate: a Terraform plan (`terraform show -json plan.bin`) read for review. It fails closed:
 *
 * - every action list Terraform writes is classified from a fixed table; a list not in it blocks;
 * - a resource type not in the type table below is treated as protected;
 * - replacing, deleting or forgetting a protected resource blocks unless `--allow-replace <stack>:<address>`
 *   names it (a forget also passes when another stack of this app imports the same object: a handover);
 * - the plan must belong to a stack of the reviewed `cdktf.out` (the `dms_cdktf_stack` output every stack
 *   emits) and declare exactly that stack's resources with the same literal values, else it was made from
 *   other code and is refused;
 * - in-place updates that DMS applies only to a stopped task are reported with the commands that resume it.
 */
import * as fs from 'node:fs';
import { parseJson } from '../core/json-text';
import { STACK_MARKER_OUTPUT } from '../stacks/stack-marker';
import { type Json, resourcesOf, type SynthesizedStack } from './synthesized';

/** What a planned change does, after classification. `unknown`: an action list this gate does not know. */
export type PlanAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget' | 'unknown';

interface ActionClass {
  action: PlanAction;
  /** How the review names it, e.g. "replace (delete first)". */
  label: string;
}

/**
 * Every action list Terraform's JSON plan can hold (terraform internal/command/jsonplan, `actionToJSON`), keyed
 * by the list joined with commas. `deposed` changes are classified separately (see `classify`).
 */
export const ACTION_LISTS: Readonly<Record<string, ActionClass>> = {
  'no-op': { action: 'no-op', label: 'no-op' },
  create: { action: 'create', label: 'create' },
  read: { action: 'read', label: 'read' },
  update: { action: 'update', label: 'update' },
  delete: { action: 'delete', label: 'delete' },
  forget: { action: 'forget', label: 'forget (removed from state, left in AWS)' },
  'delete,create': { action: 'replace', label: 'replace (delete first)' },
  'create,delete': { action: 'replace', label: 'replace (create first)' },
  // A replacement whose old object is forgotten instead of destroyed: a second object appears in AWS.
  'create,forget': { action: 'replace', label: 'replace (create first, old object forgotten)' },
  'forget,create': { action: 'replace', label: 'replace (old object forgotten first)' },
};

/**
 * Every resource type this project emits, and whether losing or replacing it interrupts replication or loses
 * data or access. A type missing here is protected: the gate does not guess.
 */
const RESOURCE_TYPES: Readonly<Record<string, { protected: boolean; why: string }>> = {
  aws_dms_replication_task: { protected: true, why: 'a replaced CDC task restarts its full load' },
  aws_dms_replication_instance: { protected: true, why: 'every task on the instance stops' },
  aws_dms_replication_config: { protected: true, why: 'a replaced DMS Serverless replication restarts its full load' },
  aws_dms_endpoint: { protected: true, why: 'tasks that use the endpoint are replaced with it' },
  aws_dms_s3_endpoint: { protected: true, why: 'tasks that use the endpoint are replaced with it' },
  aws_dms_replication_subnet_group: { protected: true, why: 'the instance is replaced with its subnet group' },
  aws_dms_certificate: { protected: true, why: 'endpoints using the certificate fail TLS verification' },
  aws_security_group: { protected: true, why: 'the instance loses its network access while the group is replaced' },
  aws_vpc_security_group_egress_rule: { protected: true, why: 'the instance loses connectivity to a database' },
  aws_vpc_security_group_ingress_rule: { protected: true, why: 'connectivity through the group is lost' },
  aws_security_group_rule: { protected: true, why: 'connectivity through the group is lost' },
  aws_s3_bucket: { protected: true, why: 'staged files are lost and the Redshift target cannot load' },
  aws_s3_bucket_policy: { protected: true, why: 'the staging bucket loses its access policy' },
  aws_s3_bucket_server_side_encryption_configuration: { protected: true, why: 'the staging bucket loses its encryption settings' },
  aws_s3_bucket_public_access_block: { protected: true, why: 'the staging bucket is briefly without its public access block' },
  aws_s3_bucket_ownership_controls: { protected: true, why: 'the staging bucket is briefly without ACLs disabled' },
  aws_dynamodb_table: { protected: true, why: 'the target table and its items are lost' },
  aws_kms_key: { protected: true, why: 'data encrypted with the key becomes unreadable once it is deleted' },
  aws_iam_role: { protected: true, why: 'DMS loses access while the role is replaced' },
  aws_iam_role_policy: { protected: true, why: 'DMS loses the permissions while the policy is replaced' },
  aws_iam_role_policy_attachment: { protected: true, why: 'DMS loses the permissions while the attachment is replaced' },
  aws_iam_policy: { protected: true, why: 'roles lose the permissions while the policy is replaced' },
  aws_cloudwatch_log_group: { protected: true, why: 'task logs are lost' },
  aws_sns_topic: { protected: true, why: 'alarms and DMS events have nowhere to go; subscribers must confirm again' },
  aws_sns_topic_policy: { protected: true, why: 'alarms and DMS can no longer publish to the topic' },
  aws_sns_topic_subscription: { protected: true, why: 'the subscriber stops getting alerts (email subscriptions need confirming again)' },
  // Replaced or deleted without interrupting replication or losing data:
  aws_s3_bucket_lifecycle_configuration: { protected: false, why: 'staged files only expire later' },
  aws_cloudwatch_metric_alarm: { protected: false, why: 'an alarm is recreated from config' },
  aws_cloudwatch_dashboard: { protected: false, why: 'a dashboard is recreated from config' },
  aws_dms_event_subscription: { protected: false, why: 'an event subscription is recreated from config' },
  aws_kms_alias: { protected: false, why: 'nothing here refers to the key by its alias' },
  // Holds no infrastructure: the staging encryption marker, whose replacement triggers the endpoint's (which
  // is protected and reviewed on its own).
  terraform_data: { protected: false, why: 'holds no infrastructure' },
};

function protection(type: string): { protected: boolean; why: string } {
  return RESOURCE_TYPES[type] ?? { protected: true, why: 'the gate does not know this resource type' };
}

export interface PlannedChange {
  address: string;
  type: string;
  mode: string;
  /** Terraform's action list, as written in the plan. */
  actions: string[];
  action: PlanAction;
  label: string;
  /** Set when the change is to a deposed object (left behind by an interrupted create-first replacement). */
  deposed?: string;
  movedFrom?: string;
  importing: boolean;
  /** Attributes that force replacement, from Terraform's `replace_paths`. */
  replaceBecause: string[];
}

/** A change the gate does not let through on its own. */
export interface Finding {
  stack: string;
  address: string;
  actions: string[];
  /** What happens and why it matters. */
  message: string;
  /** Whether `--allow-replace <stack>:<address>` can let it through (an unknown action list cannot). */
  allowable: boolean;
}

/** An in-place update that stops replication, with what to run afterwards. */
export interface StopWarning {
  stack: string;
  address: string;
  /** The DMS task or replication config identifier. */
  id: string;
  why: string;
  commands: { resume: string; reload: string } | { resume: string; reload: string; note: string };
}

export interface PlanReview {
  file: string;
  /** The synthesized stack the plan belongs to (undefined when it matches none). */
  stack?: string;
  changes: PlannedChange[];
  counts: Record<PlanAction, number>;
  /** Why the plan cannot be reviewed against this cdktf.out (it was made from other code); blocks. */
  refused: string[];
  blocked: Finding[];
  allowed: Finding[];
  warnings: StopWarning[];
}

/** A file that is not a reviewable plan: one line saying what to run instead. */
export class PlanFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'PlanFileError';
  }
}

const MAKE_JSON =
  'run terraform plan -out=plan.bin && terraform show -json plan.bin > plan.json in the stack directory and review plan.json';

/** Read `file` as a JSON plan; anything else (binary plan, state, broken JSON, errored plan) is a PlanFileError. */
export function readPlanFile(file: string): Json {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new PlanFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): ${MAKE_JSON}`);
  }
  // Saved plans are zip archives (terraform internal/plans/planfile).
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw new PlanFileError(file, `is a binary plan file: run terraform show -json ${file} > plan.json and review plan.json`);
  }
  const parsed = parseJson(bytes.toString('utf8'));
  if (parsed.problem !== undefined)
    throw new PlanFileError(file, `is not JSON (${parsed.problem.replace(/^is not valid JSON: /, '')}): ${MAKE_JSON}`);
  const plan: Json = parsed.value;
  checkPlanShape(file, plan);
  return plan;
}

/** Refuse what is not a JSON plan, with the command that makes one. */
function checkPlanShape(file: string, plan: Json): void {
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan))
    throw new PlanFileError(file, `is not a Terraform JSON plan: ${MAKE_JSON}`);
  if (typeof plan.lineage === 'string' && Array.isArray(plan.resources)) {
    throw new PlanFileError(file, `is a Terraform state file, not a plan: ${MAKE_JSON}`);
  }
  if (plan.values !== undefined && plan.planned_values === undefined) {
    throw new PlanFileError(file, `is the JSON of a state (terraform show -json without a plan file), not a plan: ${MAKE_JSON}`);
  }
  if (typeof plan.format_version !== 'string' || (plan.planned_values === undefined && plan.configuration === undefined)) {
    throw new PlanFileError(file, `is not a Terraform JSON plan (no format_version, planned_values or configuration): ${MAKE_JSON}`);
  }
  if (plan.errored === true) {
    throw new PlanFileError(
      file,
      'is an errored plan (terraform plan failed; it cannot be applied): fix the errors terraform plan printed, plan again and review the new plan',
    );
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) {
    throw new PlanFileError(file, `has a resource_changes that is not a list: ${MAKE_JSON}`);
  }
}

function classify(change: Json): ActionClass {
  const actions: unknown = change?.change?.actions;
  if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string')) return { action: 'unknown', label: 'unknown' };
  const key = actions.join(',');
  if (change.deposed !== undefined) {
    // A deposed object can only be deleted or forgotten (terraform plans.DeposedKey).
    if (key === 'delete') return { action: 'delete', label: `delete deposed object ${change.deposed}` };
    if (key === 'forget') return { action: 'forget', label: `forget deposed object ${change.deposed}` };
    return { action: 'unknown', label: 'unknown' };
  }
  if (change.mode !== 'managed' && change.mode !== 'data') return { action: 'unknown', label: 'unknown' };
  return Object.prototype.hasOwnProperty.call(ACTION_LISTS, key) ? ACTION_LISTS[key] : { action: 'unknown', label: 'unknown' };
}

export function plannedChanges(plan: Json): PlannedChange[] {
  return (plan.resource_changes ?? []).map((change: Json): PlannedChange => {
    const { action, label } = classify(change);
    return {
      address: String(change?.address),
      type: String(change?.type),
      mode: String(change?.mode),
      actions: Array.isArray(change?.change?.actions) ? change.change.actions.map(String) : [],
      action,
      label,
      ...(change?.deposed !== undefined ? { deposed: String(change.deposed) } : {}),
      ...(change?.previous_address ? { movedFrom: change.previous_address } : {}),
      importing: change?.change?.importing !== undefined && change?.change?.importing !== null,
      replaceBecause: (change?.change?.replace_paths ?? []).map((path: unknown[]) => path.map(String).join('.')),
    };
  });
}

/** The stack name a plan carries in its `dms_cdktf_stack` output (configuration first, then planned values). */
function stackMarkerOf(plan: Json): string | undefined {
  const configured = plan?.configuration?.root_module?.outputs?.[STACK_MARKER_OUTPUT]?.expression?.constant_value;
  if (typeof configured === 'string') return configured;
  const planned = plan?.planned_values?.outputs?.[STACK_MARKER_OUTPUT]?.value;
  return typeof planned === 'string' ? planned : undefined;
}

/** cdktf and Terraform keys of a resource body that are not attributes. */
const META_ARGUMENTS = new Set(['lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'connection', 'provisioner', '//']);

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/** A literal as Terraform evaluates it: `$${` and `%%{` are escapes in Terraform JSON strings. */
function unescaped(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  if (Array.isArray(value)) return value.map(unescaped);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescaped(v)]));
  return value;
}

/** Terraform keeps a reference's template text as `constant_value` and evaluates a literal, escapes undone. */
function sameValue(synthesized: unknown, constant: unknown): boolean {
  return equal(synthesized, constant) || equal(unescaped(synthesized), constant);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Attributes whose value in the plan's configuration differs from the synthesized body. Terraform records
 * every argument as `constant_value` (references as their `${...}` template), nested blocks as lists of the
 * same; an argument on one side only is a difference too.
 */
function differences(synthesized: Json, expressions: Json, path: string, out: string[]): void {
  const keys = new Set([...Object.keys(synthesized ?? {}), ...Object.keys(expressions ?? {})].filter((k) => !META_ARGUMENTS.has(k)));
  for (const key of keys) {
    const here = path ? `${path}.${key}` : key;
    const want = synthesized?.[key];
    const got = expressions?.[key];
    if (got === undefined) {
      // cdktf writes unset block lists as [] where Terraform records nothing.
      if (!isEmpty(want)) out.push(`${here} is set in the synthesized stack but not in the plan`);
    } else if (want === undefined) {
      out.push(`${here} is set in the plan but not in the synthesized stack`);
    } else if (got && typeof got === 'object' && !Array.isArray(got) && 'constant_value' in got) {
      if (!sameValue(want, got.constant_value))
        out.push(`${here} is ${JSON.stringify(got.constant_value)} in the plan, ${JSON.stringify(want)} in the synthesized stack`);
    } else if (Array.isArray(got)) {
      const blocks = Array.isArray(want) ? want : [want];
      if (blocks.length !== got.length)
        out.push(`${here} has ${got.length} block(s) in the plan, ${blocks.length} in the synthesized stack`);
      else blocks.forEach((block: Json, i: number) => differences(block, got[i], `${here}[${i}]`, out));
    } else if (got && typeof got === 'object') {
      differences(want, got, here, out);
    }
  }
}

/** Why `plan` was not made from `stack` as synthesized (empty when it was). */
export function codeMismatches(plan: Json, stack: SynthesizedStack): string[] {
  const problems: string[] = [];
  const rootModule = plan?.configuration?.root_module ?? {};
  for (const name of Object.keys(rootModule.module_calls ?? {}))
    problems.push(`declares module.${name}, which stack ${stack.name} does not`);
  const planned = new Map<string, Json>(
    (rootModule.resources ?? []).filter((r: Json) => r.mode === 'managed').map((r: Json) => [String(r.address), r]),
  );
  const declared = new Map(resourcesOf(stack.tf).map((r) => [r.address, r]));
  for (const address of planned.keys())
    if (!declared.has(address)) problems.push(`declares ${address}, which stack ${stack.name} does not`);
  for (const address of declared.keys()) if (!planned.has(address)) problems.push(`lacks ${address}, which stack ${stack.name} declares`);
  // Changes to undeclared resources are fine only as deletions or forgets of objects left in state (removed
  // from the code, or by a `removed` block); a move's target and an import's target must be declared.
  for (const change of plan.resource_changes ?? []) {
    if (change?.mode !== 'managed' || declared.has(change.address)) continue;
    const actions = Array.isArray(change?.change?.actions) ? change.change.actions.join(',') : '';
    if (actions !== 'delete' && actions !== 'forget')
      problems.push(`changes ${change.address} (${actions}), which stack ${stack.name} does not declare`);
  }
  for (const [address, resource] of declared) {
    const configured = planned.get(address);
    if (!configured) continue;
    const found: string[] = [];
    differences(resource.body, configured.expressions ?? {}, '', found);
    for (const difference of found) problems.push(`${address}: ${difference}`);
  }
  return problems;
}

/** Literal ids the synthesized stacks import, by resource type, with the stack that imports them. */
function importsByType(stacks: readonly SynthesizedStack[]): Map<string, { stack: string; id: string; to: string }[]> {
  const out = new Map<string, { stack: string; id: string; to: string }[]>();
  for (const stack of stacks) {
    for (const block of [stack.tf.import ?? []].flat()) {
      if (typeof block?.to !== 'string' || typeof block?.id !== 'string' || block.id.includes('${')) continue;
      const type = block.to.split('.')[0];
      out.set(type, [...(out.get(type) ?? []), { stack: stack.name, id: block.id, to: block.to }]);
    }
  }
  return out;
}

/** The ids Terraform would import an object by: its `id`, and for some types a composite (provider docs, Import). */
function identitiesOf(type: string, before: Json): string[] {
  if (!before || typeof before !== 'object') return [];
  const ids = [before.id, before.arn, before.name];
  if (type === 'aws_iam_role_policy_attachment') ids.push(`${before.role}/${before.policy_arn}`);
  if (type === 'aws_iam_role_policy') ids.push(`${before.role}:${before.name}`);
  return ids.filter((id): id is string => typeof id === 'string' && id !== '');
}

/** What stops a task (instance) or a replication (DMS Serverless) when the plan modifies it, and how to start it again. */
interface Replication {
  /** The argument that makes the provider start it after create or modify. */
  readonly startFlag: string;
  readonly noun: string;
  readonly idAttribute: string;
  readonly arnAttribute: string;
  /** The DMS API call the provider modifies it with. */
  readonly modify: string;
  /** Why a modify stops it when `startFlag` is not true. */
  readonly stopReason: string;
  /** Why moving it to another instance stops it, for the types that run on one. */
  readonly moveReason?: string;
  readonly describeArn: (id: string, region: string) => string;
  readonly start: (arn: string, type: string, region: string) => string;
}

const REPLICATIONS: Record<string, Replication> = {
  aws_dms_replication_task: {
    startFlag: 'start_replication_task',
    noun: 'task',
    idAttribute: 'replication_task_id',
    arnAttribute: 'replication_task_arn',
    modify: 'ModifyReplicationTask',
    stopReason:
      'terraform-provider-aws stops a running task before ModifyReplicationTask (DMS modifies only stopped tasks) and starts it again only when start_replication_task is true, which it is not here',
    moveReason: 'the provider stops the task to move it to the other instance (MoveReplicationTask needs a stopped task)',
    describeArn: (id, region) =>
      `$(aws dms describe-replication-tasks --filters Name=replication-task-id,Values=${id} --query 'ReplicationTasks[0].ReplicationTaskArn' --output text --region ${region})`,
    start: (arn, type, region) =>
      `aws dms start-replication-task --replication-task-arn ${arn} --start-replication-task-type ${type} --region ${region}`,
  },
  aws_dms_replication_config: {
    startFlag: 'start_replication',
    noun: 'replication',
    idAttribute: 'replication_config_identifier',
    arnAttribute: 'arn',
    modify: 'ModifyReplicationConfig',
    stopReason:
      'terraform-provider-aws stops a running DMS Serverless replication before ModifyReplicationConfig and starts it again only when start_replication is true, which it is not here',
    describeArn: (id, region) =>
      `$(aws dms describe-replication-configs --filters Name=replication-config-id,Values=${id} --query 'ReplicationConfigs[0].ReplicationConfigArn' --output text --region ${region})`,
    start: (arn, type, region) =>
      `aws dms start-replication --replication-config-arn ${arn} --start-replication-type ${type} --region ${region}`,
  },
};

/** Whether an `after_unknown` value marks anything unknown: nested blocks with nothing unknown are `[{}]`. */
function hasUnknown(value: unknown): boolean {
  if (value === true) return true;
  if (value && typeof value === 'object') return Object.values(value).some(hasUnknown);
  return false;
}

/** Attributes that differ between before and after (unknown-after counts as different). */
function changedAttributes(change: Json): string[] {
  const before = change?.change?.before ?? {};
  const after = change?.change?.after ?? {};
  const unknown = change?.change?.after_unknown ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys].filter((k) => hasUnknown(unknown[k]) || !equal(before[k], after[k])).sort();
}

/** `$(terraform output -raw x)` when the stack outputs this resource's ARN by itself, else a describe call. */
function arnExpression(stack: SynthesizedStack, address: string, arnAttribute: string, describe: string): string {
  const outputs = Object.entries<Json>(stack.tf.output ?? {});
  const exact = outputs.find(([, output]) => output?.value === `\${${address}.${arnAttribute}}`);
  return exact ? `$(terraform output -raw ${exact[0]})` : describe;
}

function regionOf(stack: SynthesizedStack, plan: Json): string {
  const provider = [stack.tf.provider?.aws ?? []].flat()[0];
  return provider?.region ?? plan?.configuration?.provider_config?.aws?.expressions?.region?.constant_value ?? '<region>';
}

function stopWarnings(plan: Json, stack: SynthesizedStack): StopWarning[] {
  const warnings: StopWarning[] = [];
  const region = regionOf(stack, plan);
  for (const change of plan.resource_changes ?? []) {
    if (change?.mode !== 'managed' || change.deposed !== undefined) continue;
    if ((change?.change?.actions ?? []).join(',') !== 'update') continue;
    const changed = changedAttributes(change).filter((k) => k !== 'tags' && k !== 'tags_all');
    const after = change.change.after ?? {};
    const before = change.change.before ?? {};
    const replication = Object.hasOwn(REPLICATIONS, change.type) ? REPLICATIONS[change.type] : undefined;
    if (replication) {
      const { startFlag, noun } = replication;
      const restarts = after[startFlag] === true;
      const modifying = changed.filter((k) => k !== startFlag);
      const stopsByFlag = changed.includes(startFlag) && after[startFlag] === false && before[startFlag] === true;
      if (modifying.length === 0 && !stopsByFlag) continue;
      const id = String(after[replication.idAttribute] ?? before[replication.idAttribute]);
      const arn = arnExpression(stack, change.address, replication.arnAttribute, replication.describeArn(id, region));
      const why =
        replication.moveReason && modifying.includes('replication_instance_arn')
          ? `${modifying.join(', ')} change${modifying.length === 1 ? 's' : ''}: ${replication.moveReason}${restarts ? '' : ' and does not start it again'}`
          : stopsByFlag
            ? `${startFlag} turns false: the provider stops the ${noun}`
            : `${modifying.join(', ')} change${modifying.length === 1 ? 's' : ''}: ${restarts ? `terraform-provider-aws stops a running ${noun} before ${replication.modify} and starts it again afterwards (${startFlag} is true)` : replication.stopReason}`;
      const start = (type: string) => replication.start(arn, type, region);
      warnings.push({
        stack: stack.name,
        address: change.address,
        id,
        why,
        commands: { resume: start('resume-processing'), reload: start('reload-target') },
      });
    } else if (change.type === 'aws_dms_endpoint' && changed.length > 0 && after.pause_replication_tasks !== true) {
      // terraform-provider-aws #27661: DMS refuses to modify an endpoint a running task uses; the provider
      // pauses those tasks only with pause_replication_tasks = true.
      const id = String(after.endpoint_id ?? before.endpoint_id);
      const tasks = Object.keys(stack.tf.resource?.aws_dms_replication_task ?? {}).map((name) => `aws_dms_replication_task.${name}`);
      warnings.push({
        stack: stack.name,
        address: change.address,
        id,
        why: `${changed.join(', ')} change${changed.length === 1 ? 's' : ''}: DMS does not modify an endpoint while a running task uses it (terraform-provider-aws #27661; pause_replication_tasks is not set), so stop ${tasks.length > 0 ? tasks.join(', ') : 'the tasks that use it'} before applying`,
        commands: {
          resume: `aws dms start-replication-task --replication-task-arn <task ARN> --start-replication-task-type resume-processing --region ${region}`,
          reload: `aws dms start-replication-task --replication-task-arn <task ARN> --start-replication-task-type reload-target --region ${region}`,
          note: 'for each task stopped before the apply',
        },
      });
    }
  }
  return warnings;
}

export interface AllowEntry {
  stack?: string;
  address: string;
  raw: string;
}

/** `redshift-fed-prod:aws_dms_replication_task.replication_task` or a bare address. */
export function parseAllow(raw: string): AllowEntry {
  const colon = raw.indexOf(':');
  return colon > 0 ? { stack: raw.slice(0, colon), address: raw.slice(colon + 1), raw } : { address: raw, raw };
}

function findingsOf(plan: Json, stackName: string, changes: PlannedChange[], stacks: readonly SynthesizedStack[]): Finding[] {
  const imports = importsByType(stacks);
  const findings: Finding[] = [];
  const raw = plan.resource_changes ?? [];
  changes.forEach((change, index) => {
    const actions = change.actions;
    if (change.action === 'unknown') {
      findings.push({
        stack: stackName,
        address: change.address,
        actions,
        message: `action list ${JSON.stringify(actions)}${change.deposed ? ` on deposed object ${change.deposed}` : ''}${change.mode !== 'managed' && change.mode !== 'data' ? ` (mode ${change.mode})` : ''} is not one this gate knows: it blocks until the gate classifies it`,
        allowable: false,
      });
      return;
    }
    if (change.mode !== 'managed') return;
    const { protected: isProtected, why } = protection(change.type);
    if (!isProtected) return;
    if (change.action === 'forget') {
      const ids = identitiesOf(change.type, raw[index]?.change?.before);
      const handover = (imports.get(change.type) ?? []).find((i) => i.stack !== stackName && ids.includes(i.id));
      if (handover) return;
      findings.push({
        stack: stackName,
        address: change.address,
        actions,
        message: `${change.label}: no other stack of this app imports it, so nothing would manage it (${why} if it is then deleted by hand)`,
        allowable: true,
      });
    } else if (change.action === 'delete' || change.action === 'replace') {
      const because = change.replaceBecause.length > 0 ? ` because of ${change.replaceBecause.join(', ')}` : '';
      findings.push({ stack: stackName, address: change.address, actions, message: `${change.label}${because}: ${why}`, allowable: true });
    }
  });
  return findings;
}

function emptyCounts(): Record<PlanAction, number> {
  return { create: 0, update: 0, delete: 0, replace: 0, read: 0, 'no-op': 0, forget: 0, unknown: 0 };
}

/** Review one plan against the synthesized stacks of the app. `allow` entries are already resolved to stacks. */
export function reviewPlan(file: string, plan: Json, stacks: readonly SynthesizedStack[], allow: readonly AllowEntry[] = []): PlanReview {
  checkPlanShape(file, plan);
  const changes = plannedChanges(plan);
  const counts = emptyCounts();
  for (const change of changes) counts[change.action]++;
  const refused: string[] = [];
  const marker = stackMarkerOf(plan);
  const stack = marker === undefined ? undefined : stacks.find((s) => s.name === marker);
  if (marker === undefined) {
    refused.push(
      `the plan has no ${STACK_MARKER_OUTPUT} output, so it was not made from a stack this project synthesized: synthesize, plan the stack directory again and review that plan`,
    );
  } else if (!stack) {
    refused.push(
      `the plan is of stack ${marker}, which the reviewed cdktf.out does not contain (it has ${stacks.map((s) => s.name).join(', ') || 'no stacks'})`,
    );
  } else {
    const mismatches = codeMismatches(plan, stack);
    if (mismatches.length > 0) {
      refused.push(`the plan was made from other code than the reviewed stack ${stack.name}: synthesize, plan again and review that plan`);
      refused.push(...mismatches);
    }
  }
  const stackName = stack?.name ?? marker ?? '?';
  const findings = findingsOf(plan, stackName, changes, stacks);
  const isAllowed = (f: Finding) => f.allowable && allow.some((a) => a.stack === f.stack && a.address === f.address);
  return {
    file,
    ...(stack ? { stack: stack.name } : {}),
    changes,
    counts,
    refused,
    blocked: findings.filter((f) => !isAllowed(f)),
    allowed: findings.filter(isAllowed),
    warnings: stack ? stopWarnings(plan, stack) : [],
  };
}

export interface GateResult {
  reviews: PlanReview[];
  /** `--allow-replace` entries that matched nothing (typos, or a change no longer planned). */
  unusedAllows: string[];
}

/**
 * Review every plan. A bare `--allow-replace` address applies only when exactly one plan is reviewed; with
 * several, it must name its stack (both default stacks share addresses such as the task's).
 */
export function reviewPlans(
  plans: readonly { file: string; plan: Json }[],
  stacks: readonly SynthesizedStack[],
  allowReplace: readonly string[],
): GateResult {
  const entries = allowReplace.map(parseAllow);
  const bare = entries.filter((e) => e.stack === undefined);
  if (bare.length > 0 && plans.length !== 1) {
    throw new PlanFileError(
      '--allow-replace',
      `${bare.map((e) => e.raw).join(', ')}: name the stack (<stack>:<address>, e.g. ${stackMarkerOf(plans[0]?.plan) ?? stacks[0]?.name ?? 'redshift-fed-prod'}:${bare[0].address}) when ${plans.length} plans are reviewed`,
    );
  }
  const reviews = plans.map(({ file, plan }) => {
    const stackName = stacks.find((s) => s.name === stackMarkerOf(plan))?.name ?? stackMarkerOf(plan);
    const resolved = entries.map((e) => (e.stack === undefined ? { ...e, stack: stackName } : e));
    return reviewPlan(file, plan, stacks, resolved);
  });
  const used = new Set(reviews.flatMap((r) => r.allowed.map((f) => `${f.stack}:${f.address}`)));
  const unusedAllows = entries
    .filter((e) => {
      const stack = e.stack ?? reviews[0]?.stack ?? stackMarkerOf(plans[0]?.plan);
      return !used.has(`${stack}:${e.address}`);
    })
    .map((e) => e.raw);
  return { reviews, unusedAllows };
}

/** Whether the reviews let the plans through: nothing refused, nothing blocked. */
export function gatePasses(result: GateResult): boolean {
  return result.reviews.every((r) => r.refused.length === 0 && r.blocked.length === 0);
}
