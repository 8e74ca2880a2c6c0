/**
 * `DmsPipelineStack` from a spec: provider, backend, wiring between modules, outputs, addresses and output
 * hygiene, on the fixture Redshift pipeline. The snapshot is that stack's synthesized JSON, reviewed like code
 * (the active config's stacks have their own snapshots, in __tests__/app/active-stacks.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalTableMappings, parseTableMappings } from '../../mappings/table-mappings';
import { FIXTURE_MAPPINGS, redshiftConfig } from '../support/helpers';
import { addressesOf, resourceOf, synthesizeOne } from '../support/synth';
import { must } from '../support/must';

// Synthesized once: the tests below only read it.
let cached: ReturnType<typeof synthesizeOne> | undefined;
const defaultStack = () => (cached ??= synthesizeOne(redshiftConfig()));

describe('provider and backend', () => {
  test('GIVEN the default pipeline WHEN synthesized THEN the aws provider is pinned to 5.100.0 and locked to the account', () => {
    const { tf } = defaultStack();
    expect(tf.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '5.100.0' });
    expect(tf.provider.aws).toEqual([
      {
        region: 'us-west-2',
        allowed_account_ids: ['459286107047'],
        default_tags: [
          {
            tags: {
              Environment: 'prod',
              JiraEpic: 'OPS-49969',
              ManagedBy: 'dms-cdktf',
              Pipeline: 'redshift-fed-prod',
              Project: 'redshift-federation',
            },
          },
        ],
      },
    ]);
  });

  test('GIVEN an s3 backend WHEN synthesized THEN state is encrypted, locked with the S3 lockfile and keyed by environment/stack', () => {
    expect(defaultStack().tf.terraform.backend).toEqual({
      s3: {
        bucket: 'tfstate-459286107047-us-west-2',
        key: 'prod/redshift-fed-prod/terraform.tfstate',
        region: 'us-west-2',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test('GIVEN an s3 backend with a lock table and key WHEN synthesized THEN both are set; without the lockfile it is absent', () => {
    const key = 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { tf } = synthesizeOne(
      redshiftConfig((p) => {
        p.backend = { type: 's3', bucket: 'tf-state', region: 'us-east-1', useLockfile: false, dynamodbTable: 'tf-locks', kmsKeyId: key };
      }),
    );
    expect(tf.terraform.backend.s3).toEqual({
      bucket: 'tf-state',
      key: 'prod/redshift-fed-prod/terraform.tfstate',
      region: 'us-east-1',
      encrypt: true,
      dynamodb_table: 'tf-locks',
      kms_key_id: key,
    });
  });

  test('GIVEN a Terraform Cloud backend WHEN synthesized THEN a cloud block names the organization and one workspace per stack', () => {
    const { tf } = synthesizeOne(
      redshiftConfig((p) => {
        p.backend = { type: 'cloud', organization: 'golfnow', project: 'data-platform' };
      }),
    );
    expect(tf.terraform.backend).toBeUndefined();
    expect(tf.terraform.cloud).toEqual({
      organization: 'golfnow',
      workspaces: { name: 'redshift-fed-prod', project: 'data-platform' },
    });
  });

  test('GIVEN a local backend WHEN synthesized THEN state stays in the stack directory', () => {
    const { tf } = synthesizeOne(redshiftConfig((p) => void (p.backend = { type: 'local' })));
    expect(tf.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
  });
});

describe('wiring', () => {
  test('GIVEN a SQL Server source WHEN synthesized THEN its endpoint reads credentials through the secrets role', () => {
    const { tf } = defaultStack();
    expect(resourceOf(tf, 'aws_dms_endpoint', 'source')).toMatchObject({
      endpoint_id: 'redshift-fed-prod-source-sqlserver',
      engine_name: 'sqlserver',
      database_name: 'Raptor',
      ssl_mode: 'require',
      secrets_manager_arn: 'arn:aws:secretsmanager:us-west-2:459286107047:secret:dms/redshift-fed-prod/sqlserver-raptor-AbC123',
      secrets_manager_access_role_arn: '${aws_iam_role.dms_secrets_role.arn}',
    });
  });

  test('GIVEN a Redshift Serverless target WHEN synthesized THEN engine redshift carries the staging settings (#37063)', () => {
    const { tf } = defaultStack();
    expect(resourceOf(tf, 'aws_dms_endpoint', 'target')).toMatchObject({
      endpoint_id: 'redshift-fed-prod-target-redshift',
      engine_name: 'redshift',
      database_name: 'dev',
      secrets_manager_access_role_arn: '${aws_iam_role.dms_secrets_role.arn}',
      redshift_settings: {
        bucket_name: '${aws_s3_bucket.staging.bucket}',
        bucket_folder: 'dms-staging',
        service_access_role_arn: '${aws_iam_role.dms_s3_role.arn}',
        encryption_mode: 'SSE_S3',
      },
    });
    // A Redshift endpoint already uses SSL; DMS does not configure it ("Using SSL with AWS DMS").
    expect(resourceOf(tf, 'aws_dms_endpoint', 'target')).not.toHaveProperty('ssl_mode');
  });

  test('GIVEN the workgroup in config WHEN synthesized THEN the target endpoint records which workgroup it expects', () => {
    expect(resourceOf(defaultStack().tf, 'aws_dms_endpoint', 'target').tags).toEqual({
      DatabaseHost: 'redshift-fed-prod-workgroup.459286107047.us-west-2.redshift-serverless.amazonaws.com',
      DatabasePort: '5439',
      RedshiftWorkgroup: 'redshift-fed-prod-workgroup',
    });
    expect(resourceOf(defaultStack().tf, 'aws_dms_endpoint', 'source').tags).toEqual({ DatabaseHost: 'LSNRGNP04A', DatabasePort: '4070' });
  });

  test('GIVEN the workgroup from the Redshift root state in S3 WHEN synthesized THEN values are remote-state references', () => {
    const { tf } = synthesizeOne(
      redshiftConfig((p) => {
        p.target.workgroup = {
          from: 'remote-state',
          state: { backend: 's3', bucket: 'tf-state-redshift', key: 'prod/redshift/terraform.tfstate', region: 'us-west-2' },
        };
      }),
    );
    expect(tf.data.terraform_remote_state.redshift).toEqual({
      backend: 's3',
      config: { bucket: 'tf-state-redshift', key: 'prod/redshift/terraform.tfstate', region: 'us-west-2' },
    });
    const state = '${data.terraform_remote_state.redshift.outputs';
    expect(resourceOf(tf, 'aws_dms_endpoint', 'target')).toMatchObject({
      database_name: `${state}.database_name}`,
      tags: {
        DatabaseHost: `${state}.workgroup_endpoint_address}`,
        DatabasePort: `${state}.workgroup_endpoint_port}`,
        RedshiftNamespace: `${state}.namespace_name}`,
        RedshiftWorkgroup: `${state}.workgroup_name}`,
      },
    });
    const rule = resourceOf(tf, 'aws_vpc_security_group_egress_rule', 'target_database_10_50_0_0_16');
    expect(rule.from_port).toBe(`${state}.workgroup_endpoint_port}`);
    expect(rule.to_port).toBe(`${state}.workgroup_endpoint_port}`);
  });

  test('GIVEN the workgroup from a Terraform Cloud workspace WHEN synthesized THEN remote state reads that workspace', () => {
    const { tf } = synthesizeOne(
      redshiftConfig((p) => {
        p.target.workgroup = {
          from: 'remote-state',
          state: { backend: 'remote', organization: 'golfnow', workspace: 'redshift-prod' },
          outputs: { host: 'endpoint', port: 'port', databaseName: 'db', workgroupName: 'wg', namespaceName: 'ns' },
        };
      }),
    );
    expect(tf.data.terraform_remote_state.redshift).toEqual({
      backend: 'remote',
      config: { organization: 'golfnow', workspaces: { name: 'redshift-prod' } },
    });
    expect(resourceOf(tf, 'aws_dms_endpoint', 'target').database_name).toBe('${data.terraform_remote_state.redshift.outputs.db}');
  });

  test('GIVEN an SSE-KMS staging bucket WHEN synthesized THEN the endpoint stages with that key', () => {
    const key = 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { tf } = synthesizeOne(redshiftConfig((p) => void (p.target.stagingBucket.kmsKeyArn = key)));
    expect(resourceOf(tf, 'aws_dms_endpoint', 'target').redshift_settings).toMatchObject({
      encryption_mode: 'SSE_KMS',
      server_side_encryption_kms_key_id: key,
    });
  });

  test('GIVEN the default pipeline WHEN synthesized THEN egress is exactly SQL Server, Redshift and HTTPS', () => {
    const rules = defaultStack().tf.resource.aws_vpc_security_group_egress_rule;
    const summary = Object.values(
      rules as Record<string, { cidr_ipv4?: string; prefix_list_id?: string; from_port: number; to_port: number }>,
    )
      .map((r) => `${r.cidr_ipv4 ?? r.prefix_list_id}:${r.from_port}-${r.to_port}`)
      .sort();
    // HTTPS to the Secrets Manager interface endpoint's range and the S3 gateway endpoint's prefix list.
    expect(summary).toEqual(['10.40.0.0/16:4070-4070', '10.50.0.0/16:443-443', '10.50.0.0/16:5439-5439', 'pl-68a54001:443-443']);
    // Each HTTPS rule says which service's endpoint it reaches (review's service-path check reads this).
    expect(rules.https_pl_68a54001.description).toBe('HTTPS to the S3 VPC endpoint');
    expect(rules.https_10_50_0_0_16.description).toBe('HTTPS to the Secrets Manager VPC endpoint');
  });

  test('GIVEN internet egress with a reason WHEN synthesized THEN the 0.0.0.0/0 rule carries the reason', () => {
    const rules = synthesizeOne(
      redshiftConfig((p) => {
        p.network.vpcEndpoints = { s3: { cidrs: ['10.50.0.0/16'] } };
        p.network.egress.httpsCidrs = ['0.0.0.0/0', '10.50.0.0/16'];
        p.network.allowInternetEgress = { reason: 'Secrets Manager through the NAT until NET-123 adds its endpoint' };
      }),
    ).tf.resource.aws_vpc_security_group_egress_rule;
    expect(rules.https_0_0_0_0_0).toMatchObject({
      cidr_ipv4: '0.0.0.0/0',
      from_port: 443,
      description:
        'HTTPS to the internet (public route to Secrets Manager and S3); allowInternetEgress: Secrets Manager through the NAT until NET-123 adds its endpoint',
    });
    expect(rules.https_10_50_0_0_16.description).toBe('HTTPS to the S3 VPC endpoint and other destinations');
  });

  test('GIVEN the default task WHEN synthesized THEN mappings are the canonical file and settings the three profiles', () => {
    const { tf } = defaultStack();
    const task = resourceOf(tf, 'aws_dms_replication_task', 'replication_task');
    const file = fs.readFileSync(path.join(FIXTURE_MAPPINGS, 'dms-table-mappings.json'), 'utf8');
    const parsed = parseTableMappings(file).mappings;
    expect(parsed).toBeDefined();
    expect(JSON.parse(task.table_mappings)).toEqual(canonicalTableMappings(must(parsed)));
    expect(task).toMatchObject({
      replication_task_id: 'redshift-fed-prod-replication-task',
      resource_identifier: 'redshift-fed-prod-replication',
      migration_type: 'full-load-and-cdc',
      start_replication_task: false,
    });
    const settings = JSON.parse(task.replication_task_settings);
    expect(settings.FullLoadSettings).toEqual({ TargetTablePrepMode: 'TRUNCATE_BEFORE_LOAD', MaxFullLoadSubTasks: 16, CommitRate: 50000 });
    expect(settings.TargetMetadata).toEqual({ BatchApplyEnabled: true });
    expect(settings.ChangeProcessingTuning.MemoryLimitTotal).toBe(1024);
    expect(settings.Logging.EnableLogging).toBe(true);
    expect(settings.Logging).not.toHaveProperty('CloudWatchLogGroup');
    expect(settings.Logging).not.toHaveProperty('CloudWatchLogStream');
  });

  test('GIVEN a monitored task without resource identifier WHEN synthesized THEN its alarms and dashboard take the dimension from the ARN of that task', () => {
    const { tf } = synthesizeOne(
      redshiftConfig((p) => {
        delete p.tasks[0].resourceIdentifier;
        p.tasks.push({ ...p.tasks[0], id: 'redshift-fed-prod-backfill' });
      }),
    );
    const fromArn = (task: string) => `\${element(split(":", aws_dms_replication_task.${task}.replication_task_arn), 6)}`;
    expect(resourceOf(tf, 'aws_dms_replication_task', 'replication_task').resource_identifier).toBeUndefined();
    for (const task of ['replication_task', 'backfill']) {
      for (const metric of ['source', 'target']) {
        expect(resourceOf(tf, 'aws_cloudwatch_metric_alarm', `${task}_cdc_latency_${metric}`).dimensions).toEqual({
          ReplicationInstanceIdentifier: 'redshift-fed-prod-replication-instance',
          ReplicationTaskIdentifier: fromArn(task),
        });
      }
    }
    const dashboard = resourceOf(tf, 'aws_cloudwatch_dashboard', 'dashboard').dashboard_body as string;
    expect(dashboard.startsWith('${jsonencode(')).toBe(true);
    expect(dashboard).toContain(`"ReplicationTaskIdentifier", ${fromArn('backfill').slice(2, -1)}`);
  });

  test('GIVEN account roles referenced as existing WHEN synthesized THEN DMS resources wait for nothing', () => {
    const { tf } = synthesizeOne(redshiftConfig((p) => void (p.accountRoles = 'existing')));
    expect(resourceOf(tf, 'aws_dms_replication_instance', 'replication_instance').depends_on).toBeUndefined();
    expect(resourceOf(tf, 'aws_dms_replication_subnet_group', 'replication_subnet_group').depends_on).toBeUndefined();
  });

  test('GIVEN the default pipeline WHEN synthesized THEN the outputs the runbook and other stacks read are present', () => {
    const { tf } = defaultStack();
    expect(Object.keys(tf.output).sort()).toEqual([
      'alerts_topic_arn',
      'dashboard_name',
      'dms_cdktf_stack',
      'dms_replication_task_arn',
      'dms_replication_task_arns',
      'redshift_workgroup_endpoint',
      'replication_instance_arn',
      'source_endpoint_arn',
      'staging_bucket_name',
      'target_endpoint_arn',
    ]);
    expect(tf.output.redshift_workgroup_endpoint.value).toBe(
      'redshift-fed-prod-workgroup.459286107047.us-west-2.redshift-serverless.amazonaws.com:5439',
    );
    expect(tf.output.dms_replication_task_arn.value).toBe('${aws_dms_replication_task.replication_task.replication_task_arn}');
    expect(tf.output.dms_replication_task_arns.value).toEqual({
      'redshift-fed-prod-replication-task': '${aws_dms_replication_task.replication_task.replication_task_arn}',
    });
  });
});

describe('adoption records (config/adoption/<stack>.json)', () => {
  const record = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'adoption', 'redshift-fed-prod.json'), 'utf8'));
  // The legacy root created the account roles: the account stack imports them.
  const importing = () => redshiftConfig((p) => void (p.accountRoles = 'import'));
  const adopted = () => synthesizeOne(importing(), { 'redshift-fed-prod': record }).tf;
  const forgetAccountRoles = [
    'aws_iam_role.dms_vpc_role',
    'aws_iam_role_policy_attachment.dms_vpc_role_policy',
    'aws_iam_role.dms_cloudwatch_logs_role',
    'aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy',
  ];

  test('GIVEN a record WHEN synthesized THEN each recorded resource moves from its legacy address and the rest are created', () => {
    const tf = adopted();
    const moves = new Map<string, string>(tf.moved.map((m: { from: string; to: string }) => [m.to, m.from]));
    expect(Object.fromEntries(moves)).toEqual(
      Object.fromEntries(Object.entries(record.resources).map(([address, entry]) => [address, (entry as { from: string }).from])),
    );
    expect(tf.import).toEqual([{ to: 'aws_cloudwatch_log_group.task_logs', id: 'dms-tasks-raptor-dms-repl-01' }]);
    // This project's account-role addresses, then the record's: the legacy roles and what had no place.
    expect(tf.removed.map((r: { from: string }) => r.from).sort()).toEqual(
      [...forgetAccountRoles, 'module.dms.aws_s3_bucket_versioning.dms_staging', 'module.dms_iam.aws_iam_role.dms_vpc_role'].sort(),
    );
    expect(tf.removed.every((r: { lifecycle: unknown }) => JSON.stringify(r.lifecycle) === '{"destroy":false}')).toBe(true);
  });

  test('GIVEN a record that forgets legacy account roles WHEN the pipeline would create them THEN synth refuses', () => {
    expect(() =>
      synthesizeOne(
        redshiftConfig((p) => void (p.accountRoles = 'create')),
        { 'redshift-fed-prod': record },
      ),
    ).toThrow(
      'pipelines[0].accountRoles: must be "import" (or "existing") to adopt config/adoption/redshift-fed-prod.json: the legacy root already created dms-vpc-role and dms-cloudwatch-logs-role (module.dms_iam.aws_iam_role.dms_vpc_role)',
    );
  });

  test('GIVEN recorded live names WHEN synthesized THEN they replace the conventional ones, and literals repeating them follow', () => {
    const tf = adopted();
    expect(resourceOf(tf, 'aws_iam_role', 'dms_s3_role').name).toBe('dms-s3-role');
    expect(resourceOf(tf, 'aws_iam_role_policy', 'dms_s3_role_policy').name).toBe('dms-s3-role-policy');
    expect(resourceOf(tf, 'aws_dms_replication_subnet_group', 'replication_subnet_group').replication_subnet_group_id).toBe(
      'dms-private-subnets',
    );
    expect(resourceOf(tf, 'aws_dms_endpoint', 'source').endpoint_id).toBe('raptor-mssql-src');
    // The instance id is repeated by alarms and the task log group; the bucket name by the IAM and bucket policies.
    expect(resourceOf(tf, 'aws_dms_replication_instance', 'replication_instance').replication_instance_id).toBe('raptor-dms-repl-01');
    expect(resourceOf(tf, 'aws_cloudwatch_log_group', 'task_logs').name).toBe('dms-tasks-raptor-dms-repl-01');
    expect(resourceOf(tf, 'aws_cloudwatch_metric_alarm', 'replication_instance_cpu_utilization').dimensions).toEqual({
      ReplicationInstanceIdentifier: 'raptor-dms-repl-01',
    });
    expect(
      resourceOf(tf, 'aws_cloudwatch_metric_alarm', 'replication_task_cdc_latency_source').dimensions.ReplicationInstanceIdentifier,
    ).toBe('raptor-dms-repl-01');
    expect(resourceOf(tf, 'aws_s3_bucket', 'staging').bucket).toBe('dms-redshift-staging-459286107047');
    expect(resourceOf(tf, 'aws_iam_role_policy', 'dms_s3_role_policy').policy).toContain(
      'arn:aws:s3:::dms-redshift-staging-459286107047/*',
    );
    expect(resourceOf(tf, 'aws_s3_bucket_policy', 'staging_policy').policy).toContain('arn:aws:s3:::dms-redshift-staging-459286107047');
    // Not recorded: today's convention.
    expect(resourceOf(tf, 'aws_iam_role', 'dms_secrets_role').name).toBe('redshift-fed-prod-dms-secrets-role');
  });

  test('GIVEN the running task recorded WHEN synthesized THEN its mappings and settings are the recorded ones, escaped, and no resource identifier is forced on it', () => {
    const task = resourceOf(adopted(), 'aws_dms_replication_task', 'replication_task');
    const { set } = record.resources['aws_dms_replication_task.replication_task'];
    expect(task.table_mappings).toBe(set.table_mappings.replace('${literal}', () => '$${literal}'));
    expect(task.replication_task_settings).toBe(set.replication_task_settings);
    // The config sets resourceIdentifier; on an adopted task it would force a replacement.
    expect(redshiftConfig().pipelines[0].tasks[0].resourceIdentifier).toBeDefined();
    expect(task.resource_identifier).toBeUndefined();
  });

  test('GIVEN a security group adopted with inline rules WHEN synthesized THEN egress is inline and there is no separate rule resource', () => {
    const tf = adopted();
    const group = resourceOf(tf, 'aws_security_group', 'replication_instance');
    expect(group).toMatchObject({ name: 'dms-replication-sg', description: 'Allow DMS to reach SQL Server and Redshift' });
    expect(
      group.egress.map((rule: { from_port: number; cidr_blocks: string[]; prefix_list_ids: string[] }) => [
        rule.from_port,
        rule.cidr_blocks,
        rule.prefix_list_ids,
      ]),
    ).toEqual([
      [4070, ['10.40.0.0/16'], []],
      [5439, ['10.50.0.0/16'], []],
      [443, [], ['pl-68a54001']],
      [443, ['10.50.0.0/16'], []],
    ]);
    expect(tf.resource.aws_vpc_security_group_egress_rule).toBeUndefined();
    expect(defaultStack().tf.resource.aws_security_group.replication_instance.egress).toBeUndefined();
  });

  test('GIVEN the live inline rules recorded WHEN synthesized THEN they are the rules of the group, exactly', () => {
    const live = [
      {
        cidr_blocks: ['10.40.0.0/16'],
        description: 'SQL Server',
        from_port: 4070,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        protocol: 'tcp',
        security_groups: [],
        self: false,
        to_port: 4070,
      },
    ];
    const withRules = structuredClone(record);
    withRules.resources['aws_security_group.replication_instance'].set.egress = JSON.stringify(live);
    const { tf } = synthesizeOne(importing(), { 'redshift-fed-prod': withRules });
    expect(resourceOf(tf, 'aws_security_group', 'replication_instance').egress).toEqual(live);
    expect(tf.resource.aws_vpc_security_group_egress_rule).toBeUndefined();
  });

  test('GIVEN a record naming what the stack lacks, a non-adoptable attribute and a malformed import id WHEN synthesized THEN every problem is reported by path', () => {
    const bad = structuredClone(record);
    bad.resources['aws_s3_bucket.stagin'] = { from: 'module.dms.aws_s3_bucket.x', set: {} };
    bad.resources['aws_dms_endpoint.source'].set.ssl_mode = 'none';
    bad.imports['aws_dms_replication_task.replication_task'] = 'arn:aws:dms:us-west-2:459286107047:task:ABC';
    bad.imports['aws_kms_key.alerts_key'] = '1234';
    const where = 'config/adoption/redshift-fed-prod.json';
    expect(() => synthesizeOne(importing(), { 'redshift-fed-prod': bad })).toThrow(
      [
        `${where}: resources["aws_dms_endpoint.source"].set.ssl_mode: is not adoptable on aws_dms_endpoint (only endpoint_id, secrets_manager_access_role_arn)`,
        `${where}: imports["aws_dms_replication_task.replication_task"]: is also moved from adopted state (resources)`,
        `${where}: imports["aws_dms_replication_task.replication_task"]: must be the task identifier, not its ARN (the provider imports tasks by replication_task_id)`,
        `${where}: imports["aws_kms_key.alerts_key"]: aws_kms_key cannot be imported by npm run adopt (known: ${'aws_cloudwatch_log_group, aws_dms_endpoint, aws_dms_event_subscription, aws_dms_replication_instance, aws_dms_replication_subnet_group, aws_dms_replication_task, aws_dynamodb_table, aws_iam_role, aws_iam_role_policy, aws_iam_role_policy_attachment, aws_s3_bucket, aws_security_group, aws_sns_topic, aws_vpc_security_group_egress_rule'})`,
      ].join('\n'),
    );
    delete bad.resources['aws_dms_endpoint.source'].set.ssl_mode;
    bad.imports = {};
    expect(() => synthesizeOne(importing(), { 'redshift-fed-prod': bad })).toThrow(
      `${where}: resources["aws_s3_bucket.stagin"]: aws_s3_bucket.stagin is not a resource of stack redshift-fed-prod; run npm run adopt again`,
    );
  });

  test('GIVEN no record WHEN synthesized THEN there are no moved or import blocks, and only the account roles are forgotten', () => {
    const { tf } = defaultStack();
    expect(tf.moved).toBeUndefined();
    expect((tf.removed ?? []).map((r: { from: string }) => r.from).sort()).toEqual([...forgetAccountRoles].sort());
    expect((tf.import ?? []).filter((i: { to: string }) => !i.to.startsWith('aws_iam_role'))).toEqual([]);
  });
});

describe('addresses and hygiene', () => {
  test('GIVEN the default pipeline WHEN synthesized THEN every address reads like hand-written HCL', () => {
    expect(addressesOf(defaultStack().tf)).toEqual([
      'aws_cloudwatch_dashboard.dashboard',
      'aws_cloudwatch_log_group.task_logs',
      'aws_cloudwatch_metric_alarm.replication_instance_cpu_utilization',
      'aws_cloudwatch_metric_alarm.replication_instance_free_storage_space',
      'aws_cloudwatch_metric_alarm.replication_instance_freeable_memory',
      'aws_cloudwatch_metric_alarm.replication_task_cdc_latency_source',
      'aws_cloudwatch_metric_alarm.replication_task_cdc_latency_target',
      'aws_dms_endpoint.source',
      'aws_dms_endpoint.target',
      'aws_dms_event_subscription.replication_instance_events',
      'aws_dms_event_subscription.replication_task_events',
      'aws_dms_replication_instance.replication_instance',
      'aws_dms_replication_subnet_group.replication_subnet_group',
      'aws_dms_replication_task.replication_task',
      'aws_iam_role.dms_s3_role',
      'aws_iam_role.dms_secrets_role',
      'aws_iam_role_policy.dms_s3_role_policy',
      'aws_iam_role_policy.dms_secrets_role_policy',
      'aws_kms_alias.alerts_key_alias',
      'aws_kms_key.alerts_key',
      'aws_s3_bucket.staging',
      'aws_s3_bucket_lifecycle_configuration.staging_lifecycle',
      'aws_s3_bucket_ownership_controls.staging_ownership',
      'aws_s3_bucket_policy.staging_policy',
      'aws_s3_bucket_public_access_block.staging_public_access',
      'aws_s3_bucket_server_side_encryption_configuration.staging_encryption',
      'aws_security_group.replication_instance',
      'aws_sns_topic.alerts',
      'aws_sns_topic_policy.alerts_policy',
      'aws_sns_topic_subscription.alerts_email_data_platform_oncall_example_com',
      'aws_ssm_parameter.published_replication_instance_arn',
      'aws_ssm_parameter.published_replication_instance_id',
      'aws_vpc_security_group_egress_rule.https_10_50_0_0_16',
      'aws_vpc_security_group_egress_rule.https_pl_68a54001',
      'aws_vpc_security_group_egress_rule.source_database_10_40_0_0_16',
      'aws_vpc_security_group_egress_rule.target_database_10_50_0_0_16',
      'terraform_data.staging_encryption_mode',
    ]);
  });

  test('GIVEN the default pipeline WHEN synthesized THEN no key carries a cdktf hash suffix', () => {
    expect(defaultStack().json).not.toMatch(/"[a-z0-9_]+_[0-9A-F]{8}"\s*:/);
  });

  test('GIVEN the default pipeline WHEN synthesized THEN no password, username or secret value appears', () => {
    const { json } = defaultStack();
    expect(json).not.toMatch(/"(password|username)"\s*:/i);
    expect(json).not.toMatch(/hunter|passw/i);
  });

  test('GIVEN the default pipeline WHEN synthesized THEN there are no absolute paths or stack traces', () => {
    const { json } = defaultStack();
    expect(json).not.toContain(process.cwd());
    expect(json).not.toContain(path.resolve(__dirname, '..', '..'));
    expect(json).not.toMatch(/stackTrace|\.ts:\d+/);
  });

  test('GIVEN the same config WHEN synthesized twice THEN the JSON is byte-identical', () => {
    expect(synthesizeOne(redshiftConfig()).json).toBe(defaultStack().json);
  });

  test('GIVEN the default pipeline WHEN synthesized THEN it matches the reviewed snapshot', () => {
    // Testing.synth already drops the volatile `//` metadata (cdktf version, construct paths).
    expect(defaultStack().json).toMatchSnapshot();
  });
});
