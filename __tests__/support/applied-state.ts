/**
 * The state a hand-written HCL root leaves after `terraform apply` against AWS, built from that root's own offline
 * plan (`terraform show -json`) and the provider schema — never from this project's output.
 *
 * Known plan values are kept as planned. What AWS or the provider decides at apply time is filled in the way they
 * fill it: ids and ARNs in each service's format (DMS ARNs `arn:aws:dms:<region>:<account>:<type>:<26 chars>`,
 * `sg-`/`sgr-` ids, IAM unique ids), account-level defaults (the `aws/dms` KMS key, a maintenance window DMS
 * picks, engine version, private IPs), a running task with the full settings document DMS returns, and every
 * value one resource takes from another (`var.x` → module call → `module.m.output` → resource attribute) resolved
 * through the plan's configuration. Ids are derived from the address, so a fixture is reproducible.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type TerraformEnvironment, expectSuccess, terraformAsync } from '../../app/terraform-offline';
import { sensitivePaths } from './legacy-state';
import { providerSchemas } from './provider-schema';
import { planAndShow } from './reattached-provider';
import type { Json } from '../../review/synthesized';

export interface StateV4 {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, { value: unknown; type: unknown }>;
  resources: Json[];
  check_results: null;
}

const PROVIDER = 'registry.terraform.io/hashicorp/aws';

interface Context {
  accountId: string;
  region: string;
  /** address → attributes, as they are being filled. */
  attributes: Map<string, Json>;
}

/** A reproducible pseudo-random string of `length` characters from `alphabet`, seeded by `seed`. */
function token(seed: string, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (const byte of createHash('sha256').update(`${seed}#${round}`).digest()) {
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
const hex = (seed: string, length: number) => token(seed, length, '0123456789abcdef');

/** The default settings document DMS stores for a task (AWS DMS user guide, "Saving task settings"). */
function dmsTaskSettingsDefaults(): Json {
  const component = (Id: string) => ({ Id, Severity: 'LOGGER_SEVERITY_DEFAULT' });
  return {
    TargetMetadata: {
      TargetSchema: '',
      SupportLobs: true,
      FullLobMode: false,
      LobChunkSize: 0,
      LimitedSizeLobMode: true,
      LobMaxSize: 32,
      InlineLobMaxSize: 0,
      LoadMaxFileSize: 0,
      ParallelLoadThreads: 0,
      ParallelLoadBufferSize: 0,
      BatchApplyEnabled: false,
      TaskRecoveryTableEnabled: false,
      ParallelLoadQueuesPerThread: 0,
      ParallelApplyThreads: 0,
      ParallelApplyBufferSize: 0,
      ParallelApplyQueuesPerThread: 0,
    },
    FullLoadSettings: {
      TargetTablePrepMode: 'DROP_AND_CREATE',
      CreatePkAfterFullLoad: false,
      StopTaskCachedChangesApplied: false,
      StopTaskCachedChangesNotApplied: false,
      MaxFullLoadSubTasks: 8,
      TransactionConsistencyTimeout: 600,
      CommitRate: 10000,
    },
    Logging: {
      EnableLogging: false,
      EnableLogContext: false,
      LogComponents: [
        'TRANSFORMATION',
        'SOURCE_UNLOAD',
        'IO',
        'TARGET_LOAD',
        'PERFORMANCE',
        'SOURCE_CAPTURE',
        'SORTER',
        'REST_SERVER',
        'VALIDATOR_EXT',
        'TARGET_APPLY',
        'TASK_MANAGER',
        'TABLES_MANAGER',
        'METADATA_MANAGER',
        'FILE_FACTORY',
        'COMMON',
        'ADDONS',
        'DATA_STRUCTURE',
        'COMMUNICATION',
        'FILE_TRANSFER',
      ].map(component),
      CloudWatchLogGroup: null,
      CloudWatchLogStream: null,
    },
    ControlTablesSettings: {
      historyTimeslotInMinutes: 5,
      ControlSchema: '',
      HistoryTimeslotInMinutes: 5,
      HistoryTableEnabled: false,
      SuspendedTablesTableEnabled: false,
      StatusTableEnabled: false,
      FullLoadExceptionTableEnabled: false,
    },
    StreamBufferSettings: { StreamBufferCount: 3, StreamBufferSizeInMB: 8, CtrlStreamBufferSizeInMB: 5 },
    ChangeProcessingDdlHandlingPolicy: { HandleSourceTableDropped: true, HandleSourceTableTruncated: true, HandleSourceTableAltered: true },
    ErrorBehavior: {
      DataErrorPolicy: 'LOG_ERROR',
      DataTruncationErrorPolicy: 'LOG_ERROR',
      DataErrorEscalationPolicy: 'SUSPEND_TABLE',
      DataErrorEscalationCount: 0,
      TableErrorPolicy: 'SUSPEND_TABLE',
      TableErrorEscalationPolicy: 'STOP_TASK',
      TableErrorEscalationCount: 0,
      RecoverableErrorCount: -1,
      RecoverableErrorInterval: 5,
      RecoverableErrorThrottling: true,
      RecoverableErrorThrottlingMax: 1800,
      RecoverableErrorStopRetryAfterThrottlingMax: true,
      ApplyErrorDeletePolicy: 'IGNORE_RECORD',
      ApplyErrorInsertPolicy: 'LOG_ERROR',
      ApplyErrorUpdatePolicy: 'LOG_ERROR',
      ApplyErrorEscalationPolicy: 'LOG_ERROR',
      ApplyErrorEscalationCount: 0,
      ApplyErrorFailOnTruncationDdl: false,
      FullLoadIgnoreConflicts: true,
      FailOnTransactionConsistencyBreached: false,
      FailOnNoTablesCaptured: true,
    },
    ChangeProcessingTuning: {
      BatchApplyPreserveTransaction: true,
      BatchApplyTimeoutMin: 1,
      BatchApplyTimeoutMax: 30,
      BatchApplyMemoryLimit: 500,
      BatchSplitSize: 0,
      MinTransactionSize: 1000,
      CommitTimeout: 1,
      MemoryLimitTotal: 1024,
      MemoryKeepTime: 60,
      StatementCacheSize: 50,
    },
    ValidationSettings: {
      EnableValidation: false,
      ValidationMode: 'ROW_LEVEL',
      ThreadCount: 5,
      FailureMaxCount: 10000,
      TableFailureMaxCount: 1000,
      HandleCollationDiff: false,
      ValidationOnly: false,
      RecordFailureDelayLimitInMinutes: 0,
      SkipLobColumns: false,
      ValidationPartialLobSize: 0,
      ValidationQueryCdcDelaySeconds: 0,
      PartitionSize: 10000,
    },
    PostProcessingRules: null,
    CharacterSetSettings: null,
    LoopbackPreventionSettings: null,
    BeforeImageSettings: null,
    FailTaskWhenCleanTaskResourceFailed: false,
  };
}

function deepMerge(base: Json, over: Json): Json {
  if (!over || typeof over !== 'object' || Array.isArray(over) || !base || typeof base !== 'object' || Array.isArray(base)) return over;
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

/**
 * What DescribeReplicationTasks returns for a running task created with `configured` settings: every section
 * with DMS's defaults, and the log group and stream DMS logs to (which AWS refuses on create, AWS DMS user guide
 * "Saving task settings"). Provider 5.100.0 stores it as returned: an import of a running task through
 * __tests__/support/live-aws.ts keeps `Logging.CloudWatchLogGroup` in state.
 */
export function settingsAsStored(configured: string | null, instanceId: string, taskResourceId: string): string {
  const document = deepMerge(dmsTaskSettingsDefaults(), configured ? JSON.parse(configured) : {});
  if (document.Logging.EnableLogging) {
    document.Logging.CloudWatchLogGroup = `dms-tasks-${instanceId}`;
    document.Logging.CloudWatchLogStream = `dms-task-${taskResourceId}`;
  }
  return JSON.stringify(document);
}

/** Attributes AWS assigns on create, by resource type; only those still unset are filled. */
function assigned(type: string, address: string, a: Json, ctx: Context): Json {
  const { accountId, region } = ctx;
  const dmsArn = (kind: string) => `arn:aws:dms:${region}:${accountId}:${kind}:${token(address, 26)}`;
  const dmsKey = `arn:aws:kms:${region}:${accountId}:key/${hex(`${accountId}/aws-dms`, 8)}-${hex('k1', 4)}-${hex('k2', 4)}-${hex('k3', 4)}-${hex('k4', 12)}`;
  switch (type) {
    case 'aws_iam_role':
      return {
        id: a.name,
        arn: `arn:aws:iam::${accountId}:role${a.path ?? '/'}${a.name}`,
        unique_id: `AROA${token(address, 17)}`,
        create_date: '2025-12-05T18:42:07Z',
        name_prefix: '',
        managed_policy_arns: [],
        inline_policy: [],
      };
    case 'aws_iam_role_policy':
      return a.role ? { id: `${a.role}:${a.name}`, name_prefix: '' } : {};
    case 'aws_iam_role_policy_attachment':
      return a.role ? { id: `${a.role}-20251205184209${token(address, 12, '0123456789')}` } : {};
    case 'aws_security_group': {
      const id = `sg-${hex(address, 17)}`;
      return {
        id,
        arn: `arn:aws:ec2:${region}:${accountId}:security-group/${id}`,
        owner_id: accountId,
        name_prefix: '',
        ingress: [],
        egress: [],
      };
    }
    case 'aws_vpc_security_group_egress_rule':
    case 'aws_vpc_security_group_ingress_rule': {
      const id = `sgr-${hex(address, 17)}`;
      return { id, security_group_rule_id: id, arn: `arn:aws:ec2:${region}:${accountId}:security-group-rule/${id}` };
    }
    case 'aws_dms_replication_subnet_group':
      return {
        id: a.replication_subnet_group_id,
        replication_subnet_group_arn: `arn:aws:dms:${region}:${accountId}:subgrp:${a.replication_subnet_group_id}`,
        vpc_id: a.vpc_id ?? `vpc-${hex(address, 17)}`,
      };
    case 'aws_dms_replication_instance':
      return {
        id: a.replication_instance_id,
        replication_instance_arn: dmsArn('rep'),
        engine_version: '3.5.3',
        availability_zone: `${region}b`,
        kms_key_arn: dmsKey,
        network_type: 'IPV4',
        preferred_maintenance_window: 'wed:11:05-wed:11:35',
        auto_minor_version_upgrade: true,
        replication_instance_private_ips: [`10.20.${parseInt(hex(address, 2), 16) % 250}.${parseInt(hex(`${address}/ip`, 2), 16) % 250}`],
        replication_instance_public_ips: [],
      };
    case 'aws_dms_endpoint':
      return {
        id: a.endpoint_id,
        endpoint_arn: dmsArn('endpoint'),
        kms_key_arn: dmsKey,
        certificate_arn: '',
        extra_connection_attributes: '',
        // DMS's default when the endpoint is created without one.
        ssl_mode: 'none',
      };
    case 'aws_dms_replication_task': {
      return { id: a.replication_task_id, replication_task_arn: dmsArn('task'), status: 'running', cdc_start_position: '' };
    }
    case 'aws_s3_bucket':
      return {
        id: a.bucket,
        arn: `arn:aws:s3:::${a.bucket}`,
        bucket_domain_name: `${a.bucket}.s3.amazonaws.com`,
        bucket_regional_domain_name: `${a.bucket}.s3.${region}.amazonaws.com`,
        hosted_zone_id: 'Z3BJ6K6RIION7M',
        region,
        bucket_prefix: '',
        acceleration_status: '',
        request_payer: 'BucketOwner',
        object_lock_enabled: false,
        // Since January 2023 S3 encrypts every new bucket with SSE-S3 and disables ACLs.
        server_side_encryption_configuration: [
          {
            rule: [
              { apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256', kms_master_key_id: '' }], bucket_key_enabled: false },
            ],
          },
        ],
        versioning: [{ enabled: false, mfa_delete: false }],
        grant: [{ id: hex(`${accountId}/canonical`, 64), type: 'CanonicalUser', uri: '', permissions: ['FULL_CONTROL'] }],
        policy: '',
      };
    case 'aws_s3_bucket_public_access_block':
    case 'aws_s3_bucket_server_side_encryption_configuration':
    case 'aws_s3_bucket_ownership_controls':
    case 'aws_s3_bucket_policy':
    case 'aws_s3_bucket_lifecycle_configuration':
    case 'aws_s3_bucket_versioning':
      return a.bucket ? { id: a.bucket } : {};
    case 'aws_cloudwatch_log_group':
      return { id: a.name, arn: `arn:aws:logs:${region}:${accountId}:log-group:${a.name}` };
    default:
      return {};
  }
}

/** The address of the resource whose `attribute` holds `value` (e.g. which instance an ARN belongs to). */
function addressWith(ctx: Context, attribute: string, value: unknown): string {
  for (const [address, attributes] of ctx.attributes) if (attributes[attribute] === value) return address;
  return '';
}

/** Empty value of a schema type, for computed attributes AWS leaves unset. */
function emptyOf(type: Json): unknown {
  if (type === 'bool') return false;
  if (type === 'number') return 0;
  if (type === 'string') return '';
  if (Array.isArray(type) && ['list', 'set'].includes(type[0])) return [];
  if (Array.isArray(type) && type[0] === 'map') return {};
  return null;
}

interface Pending {
  holder: Json;
  name: string;
  target: { address: string; attribute: string };
  list: boolean;
}

/** Module configuration by module path (`['dms']`), from the plan's `configuration`. */
function moduleConfig(plan: Json, modulePath: string[]): Json {
  let config = plan.configuration.root_module;
  for (const name of modulePath) config = config.module_calls[name].module;
  return config;
}

/**
 * Follow a configuration reference from module `modulePath` to the resource attribute it reads: `var.x` through the
 * calling module's argument, `module.m.o` through that module's output, `type.name.attr` to that resource.
 */
function follow(
  plan: Json,
  references: string[] | undefined,
  modulePath: string[],
  depth = 0,
): { address: string; attribute: string } | undefined {
  if (!references || depth > 20) return undefined;
  for (const reference of references) {
    const parts = reference.split('.');
    if (parts[0] === 'var' && parts.length >= 2 && modulePath.length > 0) {
      const parent = modulePath.slice(0, -1);
      const call = moduleConfig(plan, parent).module_calls[modulePath[modulePath.length - 1]];
      return follow(plan, call.expressions?.[parts[1]]?.references, parent, depth + 1);
    }
    if (parts[0] === 'module' && parts.length >= 3) {
      const output = moduleConfig(plan, [...modulePath, parts[1]]).outputs?.[parts[2]];
      return follow(plan, output?.expression?.references, [...modulePath, parts[1]], depth + 1);
    }
    if (parts[0] !== 'var' && parts[0] !== 'module' && parts[0] !== 'data' && parts[0] !== 'local' && parts.length >= 3) {
      const prefix = modulePath.map((name) => `module.${name}.`).join('');
      return { address: `${prefix}${parts[0]}.${parts[1]}`, attribute: parts[2] };
    }
  }
  return undefined;
}

/** Fill one object (resource or nested block) from plan values and schema; unknowns become pending or unset. */
function fill(after: Json, unknown: Json, block: Json, expressions: Json, modulePath: string[], plan: Json, pending: Pending[]): Json {
  const out: Json = { ...(after ?? {}) };
  for (const [name, attribute] of Object.entries<Json>(block.attributes ?? {})) {
    const isUnknown = unknown?.[name] === true || (Array.isArray(unknown?.[name]) && unknown[name].some((u: unknown) => u === true));
    if (!isUnknown) {
      if (!(name in out)) out[name] = null;
      continue;
    }
    const target = follow(plan, expressions?.[name]?.references, modulePath);
    out[name] = undefined;
    if (target) pending.push({ holder: out, name, target, list: Array.isArray(attribute.type) });
  }
  for (const [name, nested] of Object.entries<Json>(block.block_types ?? {})) {
    const values = out[name];
    if (Array.isArray(values)) {
      out[name] = values.map((value: Json, index: number) =>
        fill(value, unknown?.[name]?.[index], nested.block, expressions?.[name]?.[index], modulePath, plan, pending),
      );
    } else if (values === undefined || values === null) {
      out[name] = nested.nesting_mode === 'single' ? null : [];
    }
  }
  return out;
}

/**
 * Attributes still undefined after assignment: the empty value of their type (AWS returned nothing). Inside
 * nested blocks an unset string is stored as "" (the SDKv2 provider reads blocks back with zero values).
 */
function settle(value: Json, block: Json, nested = false): Json {
  for (const [name, attribute] of Object.entries<Json>(block.attributes ?? {})) {
    if (value[name] === undefined || (nested && value[name] === null && attribute.type === 'string')) value[name] = emptyOf(attribute.type);
  }
  for (const [name, inner] of Object.entries<Json>(block.block_types ?? {})) {
    if (Array.isArray(value[name])) value[name].forEach((item: Json) => settle(item, inner.block, true));
  }
  return value;
}

function resourceConfig(plan: Json, change: Json): { expressions: Json; modulePath: string[] } {
  const modulePath = [...(change.module_address ?? '').matchAll(/module\.([^.[]+)/g)].map((m) => m[1]);
  const local = `${change.type}.${change.name}`;
  const config = moduleConfig(plan, modulePath).resources?.find((r: Json) => r.address === local);
  return { expressions: config?.expressions, modulePath };
}

export interface AppliedStateOptions {
  accountId: string;
  region: string;
}

/** The v4 state `plan` (every action a create) leaves after a successful apply. */
export function stateAfterApply(plan: Json, schemas: Json, options: AppliedStateOptions): StateV4 {
  const resourceSchemas = schemas.provider_schemas[PROVIDER].resource_schemas;
  const ctx: Context = { ...options, attributes: new Map() };
  const pending: Pending[] = [];
  const changes = plan.resource_changes.filter((change: Json) => change.mode === 'managed');
  for (const change of changes) {
    if (change.change.actions.join() !== 'create')
      throw new Error(`${change.address}: expected a create, got ${change.change.actions.join('+')}`);
    const { expressions, modulePath } = resourceConfig(plan, change);
    const schema = resourceSchemas[change.type].block;
    ctx.attributes.set(
      change.address,
      fill(change.change.after, change.change.after_unknown, schema, expressions, modulePath, plan, pending),
    );
  }
  // AWS assigns ids and ARNs; values read from other resources follow once those exist. Repeat until settled.
  for (let round = 0; round < 10; round++) {
    for (const change of changes) {
      const attributes = ctx.attributes.get(change.address);
      for (const [name, value] of Object.entries(assigned(change.type, change.address, attributes, ctx))) {
        if (attributes[name] === undefined) attributes[name] = value;
      }
    }
    for (const item of pending.splice(0)) {
      const value = ctx.attributes.get(item.target.address)?.[item.target.attribute];
      if (value === undefined || value === null) pending.push(item);
      else item.holder[item.name] = item.list && !Array.isArray(value) ? [value] : value;
    }
  }
  if (pending.length > 0)
    throw new Error(`unresolved references: ${pending.map((p) => `${p.target.address}.${p.target.attribute}`).join(', ')}`);

  // The settings DMS keeps (defaults filled in, log group named after the instance), as the provider reads them.
  for (const change of changes.filter((c: Json) => c.type === 'aws_dms_replication_task')) {
    const task = ctx.attributes.get(change.address);
    const instance = ctx.attributes.get(addressWith(ctx, 'replication_instance_arn', task.replication_instance_arn));
    task.replication_task_settings = settingsAsStored(
      task.replication_task_settings ?? null,
      instance?.replication_instance_id ?? 'unknown',
      task.replication_task_arn.split(':')[6],
    );
  }

  const resources = changes.map((change: Json) => {
    const schema = resourceSchemas[change.type];
    const attributes = settle(ctx.attributes.get(change.address), schema.block);
    return {
      ...(change.module_address ? { module: change.module_address } : {}),
      mode: 'managed',
      type: change.type,
      name: change.name,
      provider: `provider["${PROVIDER}"]`,
      instances: [{ schema_version: schema.version ?? 0, attributes, sensitive_attributes: sensitivePaths(schema.block, attributes) }],
    };
  });
  const outputs = Object.fromEntries(
    Object.entries<Json>(plan.configuration.root_module.outputs ?? {}).flatMap(([name, output]) => {
      const target = follow(plan, output.expression?.references, []);
      const value = target ? ctx.attributes.get(target.address)?.[target.attribute] : undefined;
      return value === undefined ? [] : [[name, { value, type: 'string' }]];
    }),
  );
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: 7,
    lineage: `${hex(`${options.accountId}/lineage`, 8)}-${hex('l1', 4)}-4${hex('l2', 3)}-a${hex('l3', 3)}-${hex('l4', 12)}`,
    outputs,
    resources,
    check_results: null,
  };
}

/** Plan a legacy HCL root offline (local backend, test credentials) and return the plan and provider schemas. */
export async function planLegacyRoot(root: string, work: string, tf: TerraformEnvironment): Promise<{ plan: Json; schemas: Json }> {
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(root, work, { recursive: true });
  fs.writeFileSync(
    path.join(work, 'zz_offline_override.tf.json'),
    JSON.stringify({
      terraform: { backend: { local: { path: 'terraform.tfstate' } } },
      provider: {
        aws: {
          access_key: 'offline-test',
          secret_key: 'offline-test',
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
        },
      },
    }),
  );
  const run = async (args: string[]) => expectSuccess(await terraformAsync([...args, '-no-color'], work, tf.env), `${args[0]} in ${root}`);
  await run(['init', '-input=false']);
  const { plan } = await planAndShow(work, tf.env);
  return { plan, schemas: await providerSchemas(work, tf.env) };
}
