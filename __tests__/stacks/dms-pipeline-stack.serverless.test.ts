/**
 * `DmsPipelineStack` on DMS Serverless: the loan application pipeline with `replicationInstance.from:
 * serverless`: replication configs instead of an instance and tasks, in the stack's own network.
 */
import { serverlessDynamodbConfig } from '../support/helpers';
import { addressesOf, resourceOf, synthesizeOne } from '../support/synth';

const serverlessLoanApp = () => synthesizeOne(serverlessDynamodbConfig());

test('GIVEN the loan application pipeline on DMS Serverless WHEN synthesized THEN a replication config replaces the instance and the task', () => {
  const { tf } = serverlessLoanApp();
  const addresses = addressesOf(tf);
  expect(addresses).toContain('aws_dms_replication_config.replication_task');
  expect(
    addresses.filter((a) => /replication_instance\.|replication_task\.|task_logs/.test(a) && !a.startsWith('aws_security_group')),
  ).toEqual(['aws_cloudwatch_log_group.replication_task_logs']);
  // The replication's own log group (AWS DMS user guide, "AWS DMS serverless replication logs"), with retention.
  expect(resourceOf(tf, 'aws_cloudwatch_log_group', 'replication_task_logs')).toEqual({
    name: 'dms-serverless-replication-loanapp-dynamodb-dev-task',
    retention_in_days: 30,
  });
  expect(resourceOf(tf, 'aws_dms_replication_config', 'replication_task')).toMatchObject({
    replication_config_identifier: 'loanapp-dynamodb-dev-replication-task',
    resource_identifier: 'loanapp-dynamodb-dev-task',
    replication_type: 'full-load-and-cdc',
    start_replication: false,
    compute_config: { min_capacity_units: 1, max_capacity_units: 16, multi_az: false },
  });
  // The same mappings and settings as on an instance, escaped for Terraform.
  const config = resourceOf(tf, 'aws_dms_replication_config', 'replication_task');
  expect(config.table_mappings).toContain('"value":"LOG#$${LogId}"');
  expect(JSON.parse(config.replication_settings).FullLoadSettings.TargetTablePrepMode).toBe('DO_NOTHING');
});

test('GIVEN DMS Serverless WHEN synthesized THEN it runs in the stack network: subnet group, egress to Aurora and HTTPS only', () => {
  const { tf } = serverlessLoanApp();
  expect(Object.keys(tf.resource.aws_vpc_security_group_egress_rule).sort()).toEqual([
    'https_10_61_0_0_16',
    'https_pl_00a54069',
    'https_pl_68a54001',
    'source_database_10_60_0_0_16',
  ]);
  expect(resourceOf(tf, 'aws_vpc_security_group_egress_rule', 'source_database_10_60_0_0_16')).toMatchObject({
    from_port: 5432,
    to_port: 5432,
  });
  expect(resourceOf(tf, 'aws_dms_replication_config', 'replication_task').compute_config).toMatchObject({
    replication_subnet_group_id: '${aws_dms_replication_subnet_group.replication_subnet_group.replication_subnet_group_id}',
    vpc_security_group_ids: ['${aws_security_group.replication_instance.id}'],
  });
});

test('GIVEN DMS Serverless WHEN synthesized THEN outputs name replication configs, and monitoring keeps only the topic', () => {
  const { tf } = serverlessLoanApp();
  expect(Object.keys(tf.output).sort()).toEqual([
    'alerts_topic_arn',
    'dms_cdktf_stack',
    'dms_replication_config_arn',
    'dms_replication_config_arns',
    'dynamodb_table_arns',
    'source_endpoint_arn',
    'target_endpoint_arn',
  ]);
  expect(tf.output.dms_replication_config_arn.value).toBe('${aws_dms_replication_config.replication_task.arn}');
  expect(tf.resource.aws_cloudwatch_metric_alarm).toBeUndefined();
  expect(tf.resource.aws_dms_event_subscription).toBeUndefined();
  expect(tf.resource.aws_sns_topic.alerts).toBeDefined();
});
