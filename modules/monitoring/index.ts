/**
 * `DmsMonitoring`: what pages someone when a pipeline stalls or fails. CloudWatch alarms on CDC latency per task
 * and on the replication instance's storage, CPU and memory; DMS event subscriptions for instance and task
 * failures; all delivered to one KMS-encrypted SNS topic with the configured subscriptions; and a dashboard with
 * the metrics the team's runbook watches by hand.
 */
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DmsEventSubscription } from '@cdktf/provider-aws/lib/dms-event-subscription';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct, Fn, Token } from '../../platform/cdktf';
import { dmsSourceConditions, policyDocument, servicePrincipal } from '../iam-policy';
import { arn } from '../../core/arn';

/**
 * Event categories as DMS names them (`aws dms describe-event-categories`, AWS CLI reference; the provider does
 * not validate them, DMS rejects unknown ones at apply).
 */
const INSTANCE_EVENT_CATEGORIES = ['failure', 'failover', 'low storage', 'maintenance', 'configuration change'] as const;
const TASK_EVENT_CATEGORIES = ['failure', 'state change'] as const;

/** Every alarm looks at 5-minute periods. */
const PERIOD_SECONDS = 300;
const GIB = 1024 ** 3;

export interface MonitoringThresholds {
  readonly cdcLatencySourceSeconds: number;
  readonly cdcLatencyTargetSeconds: number;
  /** Share of the allocated storage. */
  readonly freeStorageSpacePercent: number;
  readonly cpuUtilizationPercent: number;
  /** Share of the instance class's memory. */
  readonly freeableMemoryPercent: number;
}

/** A replication instance this stack owns (alarms and events of instances owned elsewhere stay with their owner). */
export interface MonitoredInstance {
  /** Its identifier: the CloudWatch `ReplicationInstanceIdentifier` dimension. */
  readonly id: string;
  readonly allocatedStorageGb: number;
  readonly memoryGib: number;
  /** The identifier as a reference to the instance resource, so the event subscription waits for it. */
  readonly eventSourceId: string;
}

export interface MonitoredTask {
  /** Terraform name of the task; alarm addresses start with it (`replication_task_cdc_latency_source`). */
  readonly address: string;
  readonly taskId: string;
  /**
   * The CloudWatch `ReplicationTaskIdentifier` dimension: the task's resource identifier (the end of its ARN),
   * not its name; usually an expression on the task's ARN.
   */
  readonly resourceIdentifier: string;
  /** The instance it runs on (`ReplicationInstanceIdentifier`). */
  readonly instanceId: string;
  /** CDC latency alarms only for tasks that replicate changes. */
  readonly cdc: boolean;
  /** The task id as a reference to the task resource, so the event subscription waits for it. */
  readonly eventSourceId: string;
}

export interface Notification {
  readonly protocol: 'email' | 'https';
  readonly endpoint: string;
}

export interface DmsMonitoringProps {
  /** Prefix of topic, key alias, alarm-free names and the dashboard. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Customer managed key for the topic. Default: a key created here, usable by CloudWatch and DMS. */
  readonly topicKmsKeyArn?: string;
  readonly notify: readonly Notification[];
  /** Default: no instance alarms or instance events (instance owned elsewhere, or DMS Serverless). */
  readonly instance?: MonitoredInstance;
  /** Default: none (DMS Serverless replication configs get no task alarms; see README). */
  readonly tasks?: readonly MonitoredTask[];
  readonly thresholds: MonitoringThresholds;
  /** Consecutive periods over a threshold before an alarm fires. */
  readonly evaluationPeriods: number;
}

interface AlarmSpec {
  address: string;
  name: string;
  metric: string;
  dimensions: Record<string, string>;
  statistic: 'Maximum' | 'Average' | 'Minimum';
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
  threshold: number;
  /** What the alarm means and where to look first. */
  description: string;
  /** Task metrics are absent while a task is stopped or still in full load: not a breach. */
  treatMissingData: 'notBreaching' | 'missing';
}

export class DmsMonitoring extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];
  readonly eventSubscriptions: DmsEventSubscription[] = [];
  readonly dashboard?: CloudwatchDashboard;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: DmsMonitoringProps,
  ) {
    super(scope, id);
    const tasks = props.tasks ?? [];
    const topicKey = props.topicKmsKeyArn ?? this.createTopicKey().arn;
    this.topic = new SnsTopic(this, 'alerts', { name: `${props.namePrefix}-dms-alerts`, kmsMasterKeyId: topicKey });
    const topicPolicy = new SnsTopicPolicy(this, 'alerts_policy', { arn: this.topic.arn, policy: this.topicPolicy() });
    for (const notification of props.notify) {
      new SnsTopicSubscription(this, `alerts_${notification.protocol}_${snakeCase(notification.endpoint)}`, {
        topicArn: this.topic.arn,
        protocol: notification.protocol,
        endpoint: notification.endpoint,
      });
    }

    for (const alarm of [
      ...tasks.flatMap((task) => this.taskAlarms(task)),
      ...(props.instance ? this.instanceAlarms(props.instance) : []),
    ]) {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, alarm.address, {
          alarmName: alarm.name,
          alarmDescription: alarm.description,
          namespace: 'AWS/DMS',
          metricName: alarm.metric,
          dimensions: alarm.dimensions,
          statistic: alarm.statistic,
          period: PERIOD_SECONDS,
          evaluationPeriods: props.evaluationPeriods,
          comparisonOperator: alarm.comparison,
          threshold: alarm.threshold,
          treatMissingData: alarm.treatMissingData,
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
        }),
      );
    }

    // DMS checks the topic when the subscription is created: the policy letting it publish comes first.
    if (props.instance) {
      this.eventSubscriptions.push(
        new DmsEventSubscription(this, 'replication_instance_events', {
          name: `${props.namePrefix}-replication-instance-events`,
          snsTopicArn: this.topic.arn,
          sourceType: 'replication-instance',
          sourceIds: [props.instance.eventSourceId],
          eventCategories: [...INSTANCE_EVENT_CATEGORIES],
          dependsOn: [topicPolicy],
        }),
      );
    }
    if (tasks.length > 0) {
      this.eventSubscriptions.push(
        new DmsEventSubscription(this, 'replication_task_events', {
          name: `${props.namePrefix}-replication-task-events`,
          snsTopicArn: this.topic.arn,
          sourceType: 'replication-task',
          sourceIds: tasks.map((task) => task.eventSourceId),
          eventCategories: [...TASK_EVENT_CATEGORIES],
          dependsOn: [topicPolicy],
        }),
      );
      this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
        dashboardName: `${props.namePrefix}-dms`,
        dashboardBody: dashboardJson(this.dashboardBody(tasks)),
      });
    }
  }

  /**
   * The AWS managed aws/sns key cannot be used by CloudWatch alarms or DMS (its policy is fixed), so the topic
   * gets its own key (AWS re:Post, "Configure a CloudWatch alarm with an encrypted SNS topic").
   */
  private createTopicKey(): KmsKey {
    const { accountId, partition, namePrefix } = this.props;
    const key = new KmsKey(this, 'alerts_key', {
      description: `Encrypts the ${namePrefix} DMS alert topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        // Without it the key could not be administered at all: IAM policies of the account decide who may.
        {
          sid: 'AccountAdministersKey',
          principal: { AWS: arn({ partition, service: 'iam', account: accountId, resource: 'root' }) },
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          sid: 'AlarmsAndDmsEventsPublishToTopic',
          principal: { Service: [servicePrincipal('cloudwatch'), servicePrincipal('dms')] },
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        },
      ]),
    });
    new KmsAlias(this, 'alerts_key_alias', { name: `alias/${namePrefix}-dms-alerts`, targetKeyId: key.keyId });
    return key;
  }

  /** Written with the topic's ARN spelled out (it follows from its name): readable in review, plain in HCL. */
  private topicPolicy(): string {
    const { accountId, partition, region, namePrefix } = this.props;
    const topicArn = arn({ partition, service: 'sns', region, account: accountId, resource: `${namePrefix}-dms-alerts` });
    const sourceAccount = { StringEquals: { 'aws:SourceAccount': accountId } };
    return policyDocument([
      {
        sid: 'AccountManagesTopic',
        principal: { AWS: arn({ partition, service: 'iam', account: accountId, resource: 'root' }) },
        actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
        resources: [topicArn],
      },
      {
        sid: 'AlarmsOfThisAccountPublish',
        principal: { Service: [servicePrincipal('cloudwatch')] },
        actions: ['sns:Publish'],
        resources: [topicArn],
        conditions: {
          ...sourceAccount,
          ArnLike: { 'aws:SourceArn': arn({ partition, service: 'cloudwatch', region, account: accountId, resource: 'alarm:*' }) },
        },
      },
      {
        // Only this account's DMS event subscriptions (AWS DMS user guide, "Working with Amazon SNS events":
        // the topic policy's source ARN is the subscription, arn:<partition>:dms:<region>:<account>:es:*).
        sid: 'DmsEventsOfThisAccountPublish',
        principal: { Service: [servicePrincipal('dms')] },
        actions: ['sns:Publish'],
        resources: [topicArn],
        conditions: dmsSourceConditions(partition, region, accountId, 'es:*'),
      },
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principal: '*',
        actions: ['sns:Publish'],
        resources: [topicArn],
        conditions: { Bool: { 'aws:SecureTransport': false } },
      },
    ]);
  }

  private taskAlarms(task: MonitoredTask): AlarmSpec[] {
    if (!task.cdc) return [];
    const { thresholds } = this.props;
    const dimensions = { ReplicationInstanceIdentifier: task.instanceId, ReplicationTaskIdentifier: task.resourceIdentifier };
    return [
      {
        address: `${task.address}_cdc_latency_source`,
        name: `${task.taskId}-cdc-latency-source`,
        metric: 'CDCLatencySource',
        dimensions,
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: thresholds.cdcLatencySourceSeconds,
        description: `${task.taskId}: DMS reads source changes more than ${thresholds.cdcLatencySourceSeconds} s late. Check the source (log/CDC job, connectivity) and the instance's CPU.`,
        treatMissingData: 'notBreaching',
      },
      {
        address: `${task.address}_cdc_latency_target`,
        name: `${task.taskId}-cdc-latency-target`,
        metric: 'CDCLatencyTarget',
        dimensions,
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: thresholds.cdcLatencyTargetSeconds,
        description: `${task.taskId}: changes reach the target more than ${thresholds.cdcLatencyTargetSeconds} s after their source commit. Check the target's load and the task's apply settings.`,
        treatMissingData: 'notBreaching',
      },
    ];
  }

  private instanceAlarms(instance: MonitoredInstance): AlarmSpec[] {
    const { thresholds } = this.props;
    const dimensions = { ReplicationInstanceIdentifier: instance.id };
    const storageBytes = Math.round(instance.allocatedStorageGb * GIB * (thresholds.freeStorageSpacePercent / 100));
    const memoryBytes = Math.round(instance.memoryGib * GIB * (thresholds.freeableMemoryPercent / 100));
    return [
      {
        address: 'replication_instance_free_storage_space',
        name: `${instance.id}-free-storage-space`,
        metric: 'FreeStorageSpace',
        dimensions,
        statistic: 'Minimum',
        comparison: 'LessThanThreshold',
        threshold: storageBytes,
        description: `${instance.id}: less than ${thresholds.freeStorageSpacePercent}% of ${instance.allocatedStorageGb} GB free. Swap files and logs fill it when the target falls behind; grow allocatedStorage.`,
        treatMissingData: 'missing',
      },
      {
        address: 'replication_instance_cpu_utilization',
        name: `${instance.id}-cpu-utilization`,
        metric: 'CPUUtilization',
        dimensions,
        statistic: 'Average',
        comparison: 'GreaterThanThreshold',
        threshold: thresholds.cpuUtilizationPercent,
        description: `${instance.id}: CPU above ${thresholds.cpuUtilizationPercent}%. Fewer parallel loads or a larger instance class.`,
        treatMissingData: 'missing',
      },
      {
        address: 'replication_instance_freeable_memory',
        name: `${instance.id}-freeable-memory`,
        metric: 'FreeableMemory',
        dimensions,
        statistic: 'Minimum',
        comparison: 'LessThanThreshold',
        threshold: memoryBytes,
        description: `${instance.id}: less than ${thresholds.freeableMemoryPercent}% of ${instance.memoryGib} GiB memory free. Large transactions or LOBs spill to disk; consider an r-class instance.`,
        treatMissingData: 'missing',
      },
    ];
  }

  /** The runbook's metrics per task, then the instance's, with the alarm thresholds drawn in. */
  private dashboardBody(tasks: readonly MonitoredTask[]) {
    const { region, thresholds, instance } = this.props;
    const taskMetrics = (name: string) =>
      tasks.map((task) => [
        'AWS/DMS',
        name,
        'ReplicationInstanceIdentifier',
        task.instanceId,
        'ReplicationTaskIdentifier',
        task.resourceIdentifier,
        { label: `${task.taskId} ${name}` },
      ]);
    const widget = (title: string, metrics: unknown[][], stat: string, horizontal: { label: string; value: number }[] = []) => ({
      type: 'metric',
      width: 12,
      height: 6,
      properties: {
        title,
        region,
        view: 'timeSeries',
        stat,
        period: PERIOD_SECONDS,
        metrics,
        ...(horizontal.length > 0 ? { annotations: { horizontal } } : {}),
      },
    });
    const widgets = [
      widget(
        'Full load throughput (rows/s)',
        [...taskMetrics('FullLoadThroughputRowsSource'), ...taskMetrics('FullLoadThroughputRowsTarget')],
        'Average',
      ),
      widget('CDC latency (s)', [...taskMetrics('CDCLatencySource'), ...taskMetrics('CDCLatencyTarget')], 'Maximum', [
        { label: 'CDCLatencySource alarm', value: thresholds.cdcLatencySourceSeconds },
        { label: 'CDCLatencyTarget alarm', value: thresholds.cdcLatencyTargetSeconds },
      ]),
      widget('CDC incoming changes', taskMetrics('CDCIncomingChanges'), 'Maximum'),
    ];
    if (instance) {
      const metric = (name: string) => [['AWS/DMS', name, 'ReplicationInstanceIdentifier', instance.id]];
      widgets.push(
        widget('Instance CPU (%)', metric('CPUUtilization'), 'Average', [{ label: 'alarm', value: thresholds.cpuUtilizationPercent }]),
        widget('Instance free storage (bytes)', metric('FreeStorageSpace'), 'Minimum'),
        widget('Instance freeable memory (bytes)', metric('FreeableMemory'), 'Minimum'),
      );
    }
    // Two widgets per row, in order.
    return { widgets: widgets.map((w, index) => ({ ...w, x: (index % 2) * 12, y: Math.floor(index / 2) * 6 })) };
  }
}

/** `oncall@example.com` → `oncall_example_com`: a Terraform name from a subscription endpoint. */
function snakeCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/^https:\/\//, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
}

/**
 * The dashboard body as JSON. With references in it (the task dimension comes from the task's ARN) it is a
 * `jsonencode(...)` expression: cdktf's HCL output writes a string holding references as a template without
 * escaping its JSON quotes, which does not parse.
 */
function dashboardJson(body: object): string {
  const text = JSON.stringify(body);
  return Token.isUnresolved(text) ? Fn.jsonencode(body) : text;
}
