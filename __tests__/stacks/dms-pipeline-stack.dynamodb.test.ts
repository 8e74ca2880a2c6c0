/**
 * `DmsPipelineStack` for the Aurora PostgreSQL → DynamoDB pipeline: tasks on an existing instance, the
 * PostgreSQL CDC settings, the tables, the DynamoDB access role and the derived mappings.
 */
import { dynamodbConfig } from '../support/helpers';
import { addressesOf, resourceOf, synthesizeOne } from '../support/synth';

let cached: ReturnType<typeof synthesizeOne> | undefined;
const stack = () => (cached ??= synthesizeOne(dynamodbConfig()));

test('GIVEN the loan application pipeline WHEN synthesized THEN it creates endpoints, tables, roles, the task and its monitoring, and nothing of the instance', () => {
  expect(addressesOf(stack().tf)).toEqual([
    // Task alarms and events only: the shared instance's owner monitors the instance.
    'aws_cloudwatch_dashboard.dashboard',
    'aws_cloudwatch_metric_alarm.replication_task_cdc_latency_source',
    'aws_cloudwatch_metric_alarm.replication_task_cdc_latency_target',
    'aws_dms_endpoint.source',
    'aws_dms_endpoint.target',
    'aws_dms_event_subscription.replication_task_events',
    'aws_dms_replication_task.replication_task',
    'aws_dynamodb_table.integration_logs',
    'aws_dynamodb_table.payments',
    'aws_iam_role.dms_dynamodb_role',
    'aws_iam_role.dms_secrets_role',
    'aws_iam_role_policy.dms_dynamodb_role_policy',
    'aws_iam_role_policy.dms_secrets_role_policy',
    'aws_kms_alias.alerts_key_alias',
    'aws_kms_key.alerts_key',
    'aws_sns_topic.alerts',
    'aws_sns_topic_policy.alerts_policy',
    'aws_sns_topic_subscription.alerts_email_loanapp_dev_alerts_example_com',
  ]);
});

test('GIVEN an Aurora PostgreSQL source WHEN synthesized THEN CDC uses test-decoding, the slot, a heartbeat and no DDL capture', () => {
  expect(resourceOf(stack().tf, 'aws_dms_endpoint', 'source')).toMatchObject({
    engine_name: 'aurora-postgresql',
    database_name: 'LoanApplication',
    ssl_mode: 'require',
    secrets_manager_arn: 'arn:aws:secretsmanager:us-west-2:210987654321:secret:dms/loanapp-dynamodb-dev/aurora-LoAn42',
    secrets_manager_access_role_arn: '${aws_iam_role.dms_secrets_role.arn}',
    postgres_settings: {
      plugin_name: 'test-decoding',
      slot_name: 'dms_loanapp_dynamodb_dev',
      heartbeat_enable: true,
      heartbeat_frequency: 5,
      heartbeat_schema: 'dbo',
      capture_ddls: false,
    },
  });
});

test('GIVEN pglogical without a heartbeat WHEN synthesized THEN the plugin changes and no heartbeat settings are sent', () => {
  const { tf } = synthesizeOne(dynamodbConfig((p) => void (p.source.cdc = { plugin: 'pglogical', heartbeat: { enabled: false } })));
  expect(resourceOf(tf, 'aws_dms_endpoint', 'source').postgres_settings).toEqual({
    plugin_name: 'pglogical',
    heartbeat_enable: false,
    capture_ddls: false,
  });
});

test('GIVEN a DynamoDB target WHEN synthesized THEN the endpoint writes through the DynamoDB role', () => {
  expect(resourceOf(stack().tf, 'aws_dms_endpoint', 'target')).toEqual(
    expect.objectContaining({
      engine_name: 'dynamodb',
      endpoint_type: 'target',
      service_access_role: '${aws_iam_role.dms_dynamodb_role.arn}',
    }),
  );
});

test('GIVEN the tables in dev WHEN synthesized THEN keys, indexes, on-demand billing, PITR and encryption are set, deletion protection off', () => {
  const logs = resourceOf(stack().tf, 'aws_dynamodb_table', 'integration_logs');
  expect(logs).toMatchObject({
    name: 'LoanApp-IntegrationLogs-dev',
    hash_key: 'PK',
    range_key: 'SK',
    billing_mode: 'PAY_PER_REQUEST',
    point_in_time_recovery: { enabled: true },
    server_side_encryption: { enabled: true },
    deletion_protection_enabled: false,
  });
  expect(logs.attribute).toEqual([
    { name: 'PK', type: 'S' },
    { name: 'SK', type: 'S' },
    { name: 'ApplicationId', type: 'N' },
    { name: 'LogTimestamp', type: 'S' },
    { name: 'CorrelationId', type: 'S' },
    { name: 'ErrorStatus', type: 'S' },
  ]);
  expect(logs.global_secondary_index).toEqual([
    { name: 'GSI1-ApplicationId-LogTimestamp', hash_key: 'ApplicationId', range_key: 'LogTimestamp', projection_type: 'ALL' },
    { name: 'GSI2-CorrelationId-LogTimestamp', hash_key: 'CorrelationId', range_key: 'LogTimestamp', projection_type: 'ALL' },
    { name: 'GSI3-ErrorStatus-LogTimestamp', hash_key: 'ErrorStatus', range_key: 'LogTimestamp', projection_type: 'ALL' },
  ]);
  expect(resourceOf(stack().tf, 'aws_dynamodb_table', 'payments')).toMatchObject({
    hash_key: 'PaymentId',
    attribute: [{ name: 'PaymentId', type: 'N' }],
  });
});

test('GIVEN another environment, provisioned billing and a key WHEN synthesized THEN deletion protection is on and capacity reaches table and indexes', () => {
  const key = 'arn:aws:kms:us-west-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const { tf } = synthesizeOne(
    dynamodbConfig((p) => {
      p.environment = 'prod';
      Object.assign(p.target.tables[0], { billingMode: 'PROVISIONED', readCapacity: 10, writeCapacity: 20, kmsKeyArn: key });
    }),
  );
  const logs = resourceOf(tf, 'aws_dynamodb_table', 'integration_logs');
  expect(logs).toMatchObject({
    deletion_protection_enabled: true,
    billing_mode: 'PROVISIONED',
    read_capacity: 10,
    write_capacity: 20,
    server_side_encryption: { enabled: true, kms_key_arn: key },
  });
  for (const index of logs.global_secondary_index) expect(index).toMatchObject({ read_capacity: 10, write_capacity: 20 });
});

test('GIVEN a table that already exists WHEN synthesized THEN it is not created but the role and outputs still name it', () => {
  const { tf } = synthesizeOne(dynamodbConfig((p) => void (p.target.tables[1].managed = false)));
  expect(tf.resource.aws_dynamodb_table.payments).toBeUndefined();
  expect(tf.output.dynamodb_table_arns.value['LoanApp-Payments-dev']).toBe(
    'arn:aws:dynamodb:us-west-2:210987654321:table/LoanApp-Payments-dev',
  );
  expect(JSON.parse(resourceOf(tf, 'aws_iam_role_policy', 'dms_dynamodb_role_policy').policy).Statement[0].Resource).toContain(
    'arn:aws:dynamodb:us-west-2:210987654321:table/LoanApp-Payments-dev',
  );
});

test('GIVEN the task WHEN synthesized THEN it runs on the existing instance with derived, Terraform-escaped mappings and DO_NOTHING', () => {
  const task = resourceOf(stack().tf, 'aws_dms_replication_task', 'replication_task');
  expect(task).toMatchObject({
    replication_task_id: 'loanapp-dynamodb-dev-replication-task',
    migration_type: 'full-load-and-cdc',
    replication_instance_arn: 'arn:aws:dms:us-west-2:210987654321:rep:LOANAPPDEVSHAREDINSTANCE',
    start_replication_task: false,
  });
  expect(task.depends_on).toBeUndefined();
  // `$${` in the configuration is `${` for DMS: Terraform must not read the templates as interpolations.
  expect(task.table_mappings).toContain('"value":"LOG#$${LogId}"');
  expect(task.table_mappings).not.toMatch(/[^$]\$\{/);
  expect(JSON.parse(task.replication_task_settings).FullLoadSettings.TargetTablePrepMode).toBe('DO_NOTHING');
});

test('GIVEN the instance from another stack state WHEN synthesized THEN its ARN is read from that state', () => {
  const { tf } = synthesizeOne(
    dynamodbConfig((p) => {
      p.replicationInstance = {
        from: 'remote-state',
        id: 'shared-dev',
        state: { backend: 's3', bucket: 'tfstate-shared', key: 'dev/dms-shared/terraform.tfstate', region: 'us-west-2' },
      };
    }),
  );
  expect(tf.data.terraform_remote_state.replication_instance.config).toEqual({
    bucket: 'tfstate-shared',
    key: 'dev/dms-shared/terraform.tfstate',
    region: 'us-west-2',
  });
  expect(resourceOf(tf, 'aws_dms_replication_task', 'replication_task').replication_instance_arn).toBe(
    '${data.terraform_remote_state.replication_instance.outputs.replication_instance_arn}',
  );
});

test('GIVEN the pipeline WHEN synthesized THEN the outputs name the tables and the instance used', () => {
  const { tf } = stack();
  expect(Object.keys(tf.output).sort()).toEqual([
    'alerts_topic_arn',
    'dashboard_name',
    'dms_cdktf_stack',
    'dms_replication_task_arn',
    'dms_replication_task_arns',
    'dynamodb_table_arns',
    'replication_instance_arn',
    'source_endpoint_arn',
    'target_endpoint_arn',
  ]);
  expect(tf.output.dynamodb_table_arns.value).toEqual({
    'LoanApp-IntegrationLogs-dev': '${aws_dynamodb_table.integration_logs.arn}',
    'LoanApp-Payments-dev': '${aws_dynamodb_table.payments.arn}',
  });
});

test('GIVEN the pipeline WHEN synthesized THEN it matches the reviewed snapshot', () => {
  expect(stack().json).toMatchSnapshot();
});
