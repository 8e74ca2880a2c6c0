/**
 * `DmsMonitoring` on its own: alarms with the right AWS/DMS dimensions and computed thresholds, DMS event
 * subscriptions with DMS's category names, the encrypted topic and who may publish to it, and the dashboard.
 */
import { DmsMonitoring, type DmsMonitoringProps, type MonitoredTask } from '../../../modules/monitoring';
import { Testing } from '../../../platform/cdktf';
import { ReadableStack } from '../../../stacks/readable-stack';
import { type TerraformJson } from '../../support/synth';
import { testApp } from '../../support/test-app';

const task = (overrides: Partial<MonitoredTask> = {}): MonitoredTask => ({
  address: 'replication_task',
  taskId: 'pipe-task',
  resourceIdentifier: 'pipe-task-rid',
  instanceId: 'pipe-instance',
  cdc: true,
  eventSourceId: 'pipe-task',
  ...overrides,
});

function props(overrides: Partial<DmsMonitoringProps> = {}): DmsMonitoringProps {
  return {
    namePrefix: 'pipe',
    accountId: '459286107047',
    region: 'us-west-2',
    partition: 'aws',
    notify: [
      { protocol: 'email', endpoint: 'oncall@example.com' },
      { protocol: 'https', endpoint: 'https://events.pagerduty.com/integration/abc/enqueue' },
    ],
    instance: { id: 'pipe-instance', allocatedStorageGb: 100, memoryGib: 4, eventSourceId: 'pipe-instance' },
    tasks: [task()],
    thresholds: {
      cdcLatencySourceSeconds: 300,
      cdcLatencyTargetSeconds: 600,
      freeStorageSpacePercent: 10,
      cpuUtilizationPercent: 80,
      freeableMemoryPercent: 25,
    },
    evaluationPeriods: 3,
    ...overrides,
  };
}

function synth(p: DmsMonitoringProps = props()): TerraformJson {
  const stack = new ReadableStack(testApp(), 'test');
  new DmsMonitoring(stack, 'monitoring', p);
  return JSON.parse(Testing.synth(stack));
}

describe('alarms', () => {
  test('GIVEN a CDC task WHEN synthesized THEN both latency alarms watch it by instance and resource identifier, and notify the topic', () => {
    const alarms = synth().resource.aws_cloudwatch_metric_alarm;
    expect(alarms.replication_task_cdc_latency_source).toMatchObject({
      alarm_name: 'pipe-task-cdc-latency-source',
      namespace: 'AWS/DMS',
      metric_name: 'CDCLatencySource',
      dimensions: { ReplicationInstanceIdentifier: 'pipe-instance', ReplicationTaskIdentifier: 'pipe-task-rid' },
      statistic: 'Maximum',
      period: 300,
      evaluation_periods: 3,
      comparison_operator: 'GreaterThanThreshold',
      threshold: 300,
      treat_missing_data: 'notBreaching',
      alarm_actions: ['${aws_sns_topic.alerts.arn}'],
      ok_actions: ['${aws_sns_topic.alerts.arn}'],
    });
    expect(alarms.replication_task_cdc_latency_target).toMatchObject({ metric_name: 'CDCLatencyTarget', threshold: 600 });
  });

  test('GIVEN an owned instance WHEN synthesized THEN storage and memory thresholds are bytes of its size, CPU a percentage', () => {
    const alarms = synth().resource.aws_cloudwatch_metric_alarm;
    expect(alarms.replication_instance_free_storage_space).toMatchObject({
      metric_name: 'FreeStorageSpace',
      dimensions: { ReplicationInstanceIdentifier: 'pipe-instance' },
      statistic: 'Minimum',
      comparison_operator: 'LessThanThreshold',
      threshold: 10 * 1024 ** 3, // 10% of 100 GB
    });
    expect(alarms.replication_instance_freeable_memory).toMatchObject({ metric_name: 'FreeableMemory', threshold: 1024 ** 3 }); // 25% of 4 GiB
    expect(alarms.replication_instance_cpu_utilization).toMatchObject({
      metric_name: 'CPUUtilization',
      statistic: 'Average',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 80,
    });
  });

  test('GIVEN a full-load task and no instance WHEN synthesized THEN there are no alarms at all', () => {
    const tf = synth(props({ instance: undefined, tasks: [task({ cdc: false })] }));
    expect(tf.resource.aws_cloudwatch_metric_alarm).toBeUndefined();
  });

  test('GIVEN two tasks WHEN synthesized THEN each has its own alarms, addressed by its Terraform name', () => {
    const tf = synth(
      props({ tasks: [task(), task({ address: 'backfill_task', taskId: 'pipe-backfill', resourceIdentifier: 'pipe-backfill' })] }),
    );
    expect(
      Object.keys(tf.resource.aws_cloudwatch_metric_alarm)
        .filter((a) => a.includes('cdc'))
        .sort(),
    ).toEqual([
      'backfill_task_cdc_latency_source',
      'backfill_task_cdc_latency_target',
      'replication_task_cdc_latency_source',
      'replication_task_cdc_latency_target',
    ]);
    expect(tf.resource.aws_cloudwatch_metric_alarm.backfill_task_cdc_latency_source.dimensions.ReplicationTaskIdentifier).toBe(
      'pipe-backfill',
    );
  });
});

describe('DMS events', () => {
  test('GIVEN an instance and tasks WHEN synthesized THEN both subscriptions use DMS category names and wait for the topic policy', () => {
    const subscriptions = synth().resource.aws_dms_event_subscription;
    expect(subscriptions.replication_instance_events).toMatchObject({
      name: 'pipe-replication-instance-events',
      source_type: 'replication-instance',
      source_ids: ['pipe-instance'],
      event_categories: ['failure', 'failover', 'low storage', 'maintenance', 'configuration change'],
      sns_topic_arn: '${aws_sns_topic.alerts.arn}',
      depends_on: ['aws_sns_topic_policy.alerts_policy'],
    });
    expect(subscriptions.replication_task_events).toMatchObject({
      source_type: 'replication-task',
      source_ids: ['pipe-task'],
      event_categories: ['failure', 'state change'],
    });
  });

  test('GIVEN no instance and no tasks (DMS Serverless) WHEN synthesized THEN only the topic and its subscriptions remain', () => {
    const tf = synth(props({ instance: undefined, tasks: [] }));
    expect(Object.keys(tf.resource).sort()).toEqual([
      'aws_kms_alias',
      'aws_kms_key',
      'aws_sns_topic',
      'aws_sns_topic_policy',
      'aws_sns_topic_subscription',
    ]);
  });
});

describe('alert topic', () => {
  test('GIVEN no key WHEN synthesized THEN the topic is encrypted with a rotating key CloudWatch and DMS may use', () => {
    const tf = synth();
    expect(tf.resource.aws_sns_topic.alerts).toMatchObject({ name: 'pipe-dms-alerts', kms_master_key_id: '${aws_kms_key.alerts_key.arn}' });
    const key = tf.resource.aws_kms_key.alerts_key;
    expect(key.enable_key_rotation).toBe(true);
    const statements = JSON.parse(key.policy).Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === 'AlarmsAndDmsEventsPublishToTopic')).toEqual({
      Sid: 'AlarmsAndDmsEventsPublishToTopic',
      Effect: 'Allow',
      Principal: { Service: ['cloudwatch.amazonaws.com', 'dms.amazonaws.com'] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
    expect(tf.resource.aws_kms_alias.alerts_key_alias.name).toBe('alias/pipe-dms-alerts');
  });

  test('GIVEN a key from config WHEN synthesized THEN the topic uses it and no key is created', () => {
    const arn = 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const tf = synth(props({ topicKmsKeyArn: arn }));
    expect(tf.resource.aws_sns_topic.alerts.kms_master_key_id).toBe(arn);
    expect(tf.resource.aws_kms_key).toBeUndefined();
  });

  test("GIVEN the topic policy WHEN read THEN only this account's alarms and DMS may publish, over TLS", () => {
    const statements = JSON.parse(synth().resource.aws_sns_topic_policy.alerts_policy.policy).Statement;
    const bySid = Object.fromEntries(statements.map((s: { Sid: string }) => [s.Sid, s]));
    expect(bySid.AlarmsOfThisAccountPublish).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '459286107047' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-west-2:459286107047:alarm:*' },
      },
    });
    // Only this account's DMS event subscriptions (DMS events page: the subscription ARN, es:*).
    expect(bySid.DmsEventsOfThisAccountPublish).toMatchObject({
      Principal: { Service: 'dms.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '459286107047' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:dms:us-west-2:459286107047:es:*' },
      },
    });
    expect(bySid.DenyInsecureTransport).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Condition: { Bool: { 'aws:SecureTransport': false } },
    });
  });

  test('GIVEN email and HTTPS endpoints WHEN synthesized THEN each is a subscription named after its endpoint', () => {
    const subscriptions = synth().resource.aws_sns_topic_subscription;
    expect(Object.keys(subscriptions).sort()).toEqual([
      'alerts_email_oncall_example_com',
      'alerts_https_events_pagerduty_com_integration_abc_enqueue',
    ]);
    expect(subscriptions.alerts_email_oncall_example_com).toMatchObject({
      protocol: 'email',
      endpoint: 'oncall@example.com',
      topic_arn: '${aws_sns_topic.alerts.arn}',
    });
  });
});

describe('dashboard', () => {
  test('GIVEN a task and an instance WHEN synthesized THEN the runbook metrics and the instance metrics are charted with alarm lines', () => {
    const body = JSON.parse(synth().resource.aws_cloudwatch_dashboard.dashboard.dashboard_body);
    const titles = body.widgets.map((w: { properties: { title: string } }) => w.properties.title);
    expect(titles).toEqual([
      'Full load throughput (rows/s)',
      'CDC latency (s)',
      'CDC incoming changes',
      'Instance CPU (%)',
      'Instance free storage (bytes)',
      'Instance freeable memory (bytes)',
    ]);
    const metricNames = body.widgets.flatMap((w: { properties: { metrics: unknown[][] } }) => w.properties.metrics.map((m) => m[1]));
    expect(metricNames).toEqual(
      expect.arrayContaining(['FullLoadThroughputRowsSource', 'FullLoadThroughputRowsTarget', 'CDCLatencySource', 'CDCIncomingChanges']),
    );
    const latency = body.widgets[1].properties;
    expect(latency.metrics[0]).toEqual([
      'AWS/DMS',
      'CDCLatencySource',
      'ReplicationInstanceIdentifier',
      'pipe-instance',
      'ReplicationTaskIdentifier',
      'pipe-task-rid',
      { label: 'pipe-task CDCLatencySource' },
    ]);
    expect(latency.annotations.horizontal.map((a: { value: number }) => a.value)).toEqual([300, 600]);
    expect(body.widgets.map((w: { x: number; y: number }) => [w.x, w.y])).toEqual([
      [0, 0],
      [12, 0],
      [0, 6],
      [12, 6],
      [0, 12],
      [12, 12],
    ]);
  });
});
