/**
 * What a reviewer needs to know about a synthesized stack, as data: resources, replication instance,
 * endpoints, tasks with their mappings, backend, IAM statements, security posture and operations (alarms,
 * DMS event subscriptions, alert topic, dashboard).
 */
import { type Json, type SynthesizedStack, embeddedJson, reference, resourcesOf, resourcesOfType } from './synthesized';

export interface StackSummary {
  stack: string;
  backend: string;
  provider: { version: string; region: string; allowedAccounts: string[] };
  resources: { type: string; addresses: string[] }[];
  instances: {
    address: string;
    id: string;
    class: string;
    storageGb: number;
    multiAz: boolean;
    publiclyAccessible: boolean;
    engineVersion: string;
    kmsKey: string;
  }[];
  endpoints: {
    address: string;
    id: string;
    type: string;
    engine: string;
    host: string;
    port: string;
    database: string;
    sslMode: string;
    credentials: string;
  }[];
  tasks: {
    address: string;
    id: string;
    migrationType: string;
    startOnApply: boolean;
    selections: string[];
    transformations: string[];
    otherRules: string[];
    settingsSections: string[];
  }[];
  iam: {
    role: string;
    name: string;
    trustedBy: string[];
    statements: { policy: string; sid: string; effect: string; actions: string[]; resources: string[]; condition: string }[];
    managedPolicies: string[];
  }[];
  security: { topic: string; finding: string }[];
  stateChanges: { moved: number; imported: string[] };
  operations: Operations;
}

export interface Operations {
  alarms: { address: string; name: string; metric: string; dimensions: string; condition: string }[];
  events: { address: string; sourceType: string; sources: string[]; categories: string[] }[];
  topics: { address: string; name: string; encryption: string; subscriptions: string[] }[];
  dashboards: string[];
  /** Filled by `npm run review` from the project's prereqs/ directory; not part of the synthesized stack. */
  prerequisites?: string;
}

export function summarizeStack({ name, tf }: SynthesizedStack): StackSummary {
  const resources = resourcesOf(tf);
  const byType = new Map<string, string[]>();
  for (const resource of resources) byType.set(resource.type, [...(byType.get(resource.type) ?? []), resource.address]);
  const provider = (tf.provider?.aws ?? [])[0] ?? {};

  return {
    stack: name,
    backend: describeBackend(tf.terraform ?? {}),
    provider: {
      version: tf.terraform?.required_providers?.aws?.version ?? 'unpinned',
      region: provider.region ?? '',
      allowedAccounts: provider.allowed_account_ids ?? [],
    },
    resources: [...byType].map(([type, addresses]) => ({ type, addresses })),
    instances: resourcesOfType(tf, 'aws_dms_replication_instance').map(({ address, body }) => ({
      address,
      id: body.replication_instance_id,
      class: body.replication_instance_class,
      storageGb: body.allocated_storage,
      multiAz: body.multi_az === true,
      publiclyAccessible: body.publicly_accessible === true,
      engineVersion: body.engine_version ?? 'DMS default',
      kmsKey: body.kms_key_arn ?? 'AWS managed key',
    })),
    endpoints: resourcesOfType(tf, 'aws_dms_endpoint').map(({ address, body }) => ({
      address,
      id: body.endpoint_id,
      type: body.endpoint_type,
      engine: body.engine_name,
      host: body.server_name ?? (body.tags?.DatabaseHost ? `${reference(body.tags.DatabaseHost)} (from the secret)` : 'from the secret'),
      port: String(body.port ?? (body.tags?.DatabasePort ? reference(body.tags.DatabasePort) : 'from the secret')),
      database: reference(body.database_name ?? ''),
      // A Redshift endpoint already uses SSL; DMS does not configure it ("Using SSL with AWS DMS").
      sslMode:
        body.ssl_mode ?? (body.engine_name === 'redshift' || body.engine_name === 'redshift-serverless' ? 'set by Redshift' : 'none'),
      credentials: body.secrets_manager_arn
        ? `Secrets Manager ${body.secrets_manager_arn} via ${reference(body.secrets_manager_access_role_arn)}`
        : body.service_access_role
          ? `IAM role ${reference(body.service_access_role)}`
          : body.password
            ? 'PASSWORD IN CONFIGURATION'
            : 'none',
    })),
    // Replication tasks, and DMS Serverless replication configs, which play their part.
    tasks: [...resourcesOfType(tf, 'aws_dms_replication_task'), ...resourcesOfType(tf, 'aws_dms_replication_config')].map(
      ({ address, body }) => {
        const rules: Json[] = embeddedJson(body.table_mappings)?.rules ?? [];
        return {
          address,
          id: body.replication_task_id ?? body.replication_config_identifier,
          migrationType: body.migration_type ?? body.replication_type,
          startOnApply: (body.start_replication_task ?? body.start_replication) === true,
          selections: rules.filter((r) => r['rule-type'] === 'selection').map(describeRule),
          transformations: rules.filter((r) => r['rule-type'] === 'transformation').map(describeRule),
          otherRules: rules.filter((r) => r['rule-type'] !== 'selection' && r['rule-type'] !== 'transformation').map(describeRule),
          settingsSections: Object.keys(embeddedJson(body.replication_task_settings ?? body.replication_settings) ?? {}),
        };
      },
    ),
    iam: summarizeIam(tf),
    security: securityFindings(tf),
    stateChanges: {
      moved: (tf.moved ?? []).length,
      imported: (tf.import ?? []).map((i: Json) => `${i.to} ← ${i.id}`),
    },
    operations: summarizeOperations(tf),
  };
}

const BYTE_METRICS = new Set(['FreeStorageSpace', 'FreeableMemory']);

function summarizeOperations(tf: Json): Operations {
  const subscriptions = resourcesOfType(tf, 'aws_sns_topic_subscription');
  return {
    alarms: resourcesOfType(tf, 'aws_cloudwatch_metric_alarm').map(({ address, body }) => {
      const threshold = BYTE_METRICS.has(body.metric_name) ? `${(body.threshold / 1024 ** 3).toFixed(1)} GiB` : String(body.threshold);
      const comparison =
        body.comparison_operator === 'LessThanThreshold'
          ? '<'
          : body.comparison_operator === 'GreaterThanThreshold'
            ? '>'
            : body.comparison_operator;
      return {
        address,
        name: body.alarm_name,
        metric: `${body.namespace}/${body.metric_name}`,
        dimensions: Object.entries<string>(body.dimensions ?? {})
          .map(([k, v]) => `${k}=${reference(v)}`)
          .join(', '),
        condition: `${body.statistic} ${comparison} ${threshold} for ${body.evaluation_periods} × ${body.period / 60} min${body.alarm_actions?.length ? ` → ${body.alarm_actions.map(reference).join(', ')}` : ', NO ACTION'}`,
      };
    }),
    events: resourcesOfType(tf, 'aws_dms_event_subscription').map(({ address, body }) => ({
      address,
      sourceType: body.source_type,
      sources: (body.source_ids ?? []).map(reference),
      categories: body.event_categories ?? [],
    })),
    topics: resourcesOfType(tf, 'aws_sns_topic').map(({ address, body }) => ({
      address,
      name: body.name,
      encryption: body.kms_master_key_id ? `KMS ${reference(body.kms_master_key_id)}` : 'NOT ENCRYPTED',
      subscriptions: subscriptions
        .filter((sub) => reference(sub.body.topic_arn).startsWith(`${address}.`))
        .map((sub) => `${sub.body.protocol}: ${sub.body.endpoint}`),
    })),
    dashboards: resourcesOfType(tf, 'aws_cloudwatch_dashboard').map(({ body }) => body.dashboard_name),
  };
}

function describeBackend(terraform: Json): string {
  if (terraform.cloud)
    return `Terraform Cloud: organization ${terraform.cloud.organization}, workspace ${terraform.cloud.workspaces?.name ?? JSON.stringify(terraform.cloud.workspaces)}`;
  const [type, settings] = Object.entries<Json>(terraform.backend ?? { local: {} })[0];
  if (type === 's3') {
    const locking = [
      settings.use_lockfile ? 'S3 lockfile' : undefined,
      settings.dynamodb_table ? `DynamoDB table ${settings.dynamodb_table}` : undefined,
    ].filter(Boolean);
    return `S3: s3://${settings.bucket}/${settings.key} (${settings.region}), ${settings.encrypt ? 'encrypted' : 'NOT ENCRYPTED'}${settings.kms_key_id ? ` with ${settings.kms_key_id}` : ''}, locking: ${locking.join(' + ') || 'NONE'}`;
  }
  return `${type}: ${JSON.stringify(settings)}`;
}

export function describeRule(rule: Json): string {
  const locator = rule['object-locator'] ?? {};
  const object = [locator['schema-name'], locator['table-name'], locator['column-name']].filter((v) => v !== undefined).join('.');
  switch (rule['rule-type']) {
    case 'selection':
      return `#${rule['rule-id']} ${rule['rule-action']} ${object}${locator['table-type'] && locator['table-type'] !== 'table' ? ` (${locator['table-type']})` : ''}${rule.filters?.length ? ` with ${rule.filters.length} filter(s)` : ''}`;
    case 'transformation':
      return `#${rule['rule-id']} ${rule['rule-action']} ${rule['rule-target']} ${object}${rule.value !== undefined ? ` → ${rule.value}` : ''}${rule['old-value'] !== undefined ? ` (from ${rule['old-value']})` : ''}${rule['data-type'] ? ` as ${rule['data-type'].type}` : ''}`;
    case 'object-mapping': {
      const parameters = rule['mapping-parameters'] ?? {};
      const keys = [parameters['partition-key-name'], parameters['sort-key-name']].filter(Boolean).join(' + ');
      return `#${rule['rule-id']} ${rule['rule-action']} ${object} → ${rule['target-table-name'] ?? '(same name)'}${keys ? ` keys ${keys}` : ''}, ${(parameters['attribute-mappings'] ?? []).length} attribute(s)`;
    }
    case 'table-settings':
      return `#${rule['rule-id']} table-settings ${object}${rule['parallel-load'] ? ` parallel-load ${rule['parallel-load'].type}` : ''}${rule['lob-settings'] ? ` lob ${rule['lob-settings'].mode ?? 'limited'}` : ''}`;
    default:
      return `#${rule['rule-id']} ${rule['rule-type']} ${rule['rule-action'] ?? ''} ${object}`.trim();
  }
}

function summarizeIam(tf: Json): StackSummary['iam'] {
  const policies = resourcesOfType(tf, 'aws_iam_role_policy');
  const attachments = resourcesOfType(tf, 'aws_iam_role_policy_attachment');
  return resourcesOfType(tf, 'aws_iam_role').map(({ address, body }) => {
    const trust = embeddedJson(body.assume_role_policy);
    const trustedBy = (trust?.Statement ?? []).flatMap((s: Json) => [s.Principal?.Service ?? s.Principal?.AWS ?? []].flat());
    const belongs = (role: unknown) => reference(role).startsWith(`${address}.`);
    const statements = policies
      .filter((policy) => belongs(policy.body.role))
      .flatMap((policy) =>
        (embeddedJson(policy.body.policy)?.Statement ?? []).map((s: Json) => ({
          policy: policy.address,
          sid: s.Sid ?? '',
          effect: s.Effect,
          actions: [s.Action].flat(),
          resources: [s.Resource].flat(),
          condition: s.Condition ? JSON.stringify(s.Condition) : '',
        })),
      );
    return {
      role: address,
      name: body.name,
      trustedBy,
      statements,
      managedPolicies: attachments.filter((a) => belongs(a.body.role)).map((a) => a.body.policy_arn),
    };
  });
}

function securityFindings(tf: Json): StackSummary['security'] {
  const findings: StackSummary['security'] = [];
  const add = (topic: string, finding: string) => findings.push({ topic, finding });
  for (const { address, body } of resourcesOfType(tf, 'aws_dms_replication_instance')) {
    add(address, body.publicly_accessible ? 'PUBLICLY ACCESSIBLE' : 'not publicly accessible');
    add(address, body.kms_key_arn ? `storage encrypted with ${body.kms_key_arn}` : 'storage encrypted with the AWS managed DMS key');
  }
  for (const { address, body } of resourcesOfType(tf, 'aws_s3_bucket')) {
    const bucket = `${address}.id`;
    const of = (type: string) =>
      resourcesOfType(tf, type).find((r) => reference(r.body.bucket) === bucket || reference(r.body.bucket) === `${address}.bucket`);
    const block = of('aws_s3_bucket_public_access_block')?.body;
    const blocked = block
      ? ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].filter((k) => block[k] === true)
          .length
      : 0;
    add(address, `public access blocks: ${blocked}/4`);
    const encryption = of('aws_s3_bucket_server_side_encryption_configuration')?.body?.rule?.[0]?.apply_server_side_encryption_by_default;
    add(
      address,
      encryption
        ? `encryption: ${encryption.sse_algorithm}${encryption.kms_master_key_id ? ` (${encryption.kms_master_key_id})` : ''}`
        : 'NO DEFAULT ENCRYPTION',
    );
    const policy = embeddedJson(of('aws_s3_bucket_policy')?.body?.policy);
    const tlsOnly = (policy?.Statement ?? []).some(
      (s: Json) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === false,
    );
    add(address, tlsOnly ? 'TLS required (non-TLS requests denied)' : 'TLS NOT ENFORCED');
    add(address, of('aws_s3_bucket_versioning') ? 'versioning configured' : 'not versioned (as DMS staging requires)');
    add(address, body.force_destroy ? 'force_destroy ON: destroy empties the bucket' : 'force_destroy off');
  }
  for (const { address, body } of resourcesOfType(tf, 'aws_security_group')) {
    const group = `${address}.id`;
    const ingress = resourcesOfType(tf, 'aws_vpc_security_group_ingress_rule').filter((r) => reference(r.body.security_group_id) === group);
    const egress = resourcesOfType(tf, 'aws_vpc_security_group_egress_rule').filter((r) => reference(r.body.security_group_id) === group);
    add(address, ingress.length === 0 && !body.ingress?.length ? 'no ingress' : `${ingress.length} ingress rule(s)`);
    for (const rule of egress) {
      add(
        address,
        `egress ${rule.body.ip_protocol} ${reference(rule.body.from_port)}${rule.body.to_port !== rule.body.from_port ? `-${reference(rule.body.to_port)}` : ''} to ${rule.body.cidr_ipv4 ?? rule.body.prefix_list_id}: ${rule.body.description ?? ''}`,
      );
    }
  }
  for (const { address, body } of resourcesOfType(tf, 'aws_dms_endpoint')) {
    add(
      address,
      `TLS ${body.ssl_mode ?? 'none'}; credentials ${body.secrets_manager_arn ? 'from Secrets Manager' : body.password ? 'PASSWORD IN CONFIGURATION' : 'by IAM role'}`,
    );
  }
  return findings;
}
