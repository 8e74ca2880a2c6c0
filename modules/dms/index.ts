/**
 * `DmsReplication`: the network, replication instance, endpoints, task log group and tasks of one pipeline.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DmsEndpoint, type DmsEndpointConfig } from '@cdktf/provider-aws/lib/dms-endpoint';
import { DmsReplicationInstance } from '@cdktf/provider-aws/lib/dms-replication-instance';
import { DmsReplicationSubnetGroup } from '@cdktf/provider-aws/lib/dms-replication-subnet-group';
import { DmsReplicationTask } from '@cdktf/provider-aws/lib/dms-replication-task';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Construct, type ITerraformDependable } from '../../platform/cdktf';

export type MigrationType = 'full-load' | 'cdc' | 'full-load-and-cdc';

/**
 * An endpoint as DMS sees it. Credentials come only from Secrets Manager: the type has no `username`,
 * `password`, `serverName` or `port` (they conflict with `secretsManagerArn` in the provider anyway).
 */
export type EndpointProps = Pick<
  DmsEndpointConfig,
  | 'endpointId'
  | 'engineName'
  | 'databaseName'
  | 'sslMode'
  | 'secretsManagerArn'
  | 'secretsManagerAccessRoleArn'
  | 'redshiftSettings'
  | 'postgresSettings'
  | 'serviceAccessRole'
  | 'extraConnectionAttributes'
  | 'tags'
>;

export interface EgressRule {
  /** snake_case purpose; with the CIDR it forms the rule's address, e.g. `source_database_10_40_0_0_16`. */
  readonly name: string;
  readonly description: string;
  readonly port: number;
  readonly cidrs: readonly string[];
  /** Gateway endpoint prefix lists (e.g. S3). Default: none. */
  readonly prefixListIds?: readonly string[];
}

export interface ReplicationTaskProps {
  /** Terraform resource name, e.g. `replication_task`. */
  readonly address: string;
  readonly replicationTaskId: string;
  /** Fixes the ARN suffix, which is the CloudWatch `ReplicationTaskIdentifier` dimension. Default: DMS picks one. */
  readonly resourceIdentifier?: string;
  readonly migrationType: MigrationType;
  /** Canonical table-mapping JSON. */
  readonly tableMappings: string;
  /** Normalised task-settings JSON. */
  readonly settings: string;
  /** Start the task on create. */
  readonly startReplicationTask: boolean;
}

export interface DmsReplicationProps {
  /** Prefix of names that are not DMS identifiers (security group, subnet group). */
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** The only traffic the instance may start; there is no ingress. */
  readonly egress: readonly EgressRule[];
  readonly replicationInstance: {
    readonly id: string;
    readonly instanceClass: string;
    readonly allocatedStorage: number;
    readonly multiAz: boolean;
    /** Default: the current DMS default version. */
    readonly engineVersion?: string;
    /** Default: the AWS managed DMS key. */
    readonly kmsKeyArn?: string;
    readonly preferredMaintenanceWindow: string;
    readonly autoMinorVersionUpgrade: boolean;
    readonly applyImmediately: boolean;
  };
  /** Resources the subnet group and instance must wait for (account role policy attachments). */
  readonly dependsOn: readonly ITerraformDependable[];
  readonly source: EndpointProps;
  readonly target: EndpointProps;
  /** Retention of the task log group `dms-tasks-<instance id>`. */
  readonly logRetentionDays: number;
  readonly tasks: readonly ReplicationTaskProps[];
}

export class DmsReplication extends Construct {
  readonly replicationInstance: DmsReplicationInstance;
  readonly sourceEndpoint: DmsEndpoint;
  readonly targetEndpoint: DmsEndpoint;
  readonly tasks: DmsReplicationTask[];
  readonly securityGroup: SecurityGroup;
  readonly taskLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: DmsReplicationProps) {
    super(scope, id);
    const dependsOn = props.dependsOn.length > 0 ? [...props.dependsOn] : undefined;

    // Its own scope so the group can share the name `replication_instance` with the instance it protects.
    const network = new Construct(this, 'network');
    this.securityGroup = new SecurityGroup(network, 'replication_instance', {
      name: `${props.namePrefix}-dms-replication-instance`,
      description: 'AWS DMS replication instance: no ingress; egress only to the databases and HTTPS',
      vpcId: props.vpcId,
    });
    for (const rule of props.egress) {
      for (const cidr of rule.cidrs) {
        new VpcSecurityGroupEgressRule(network, `${rule.name}_${cidr.replace(/[./]/g, '_')}`, {
          securityGroupId: this.securityGroup.id,
          description: rule.description,
          ipProtocol: 'tcp',
          fromPort: rule.port,
          toPort: rule.port,
          cidrIpv4: cidr,
        });
      }
      for (const prefixListId of rule.prefixListIds ?? []) {
        new VpcSecurityGroupEgressRule(network, `${rule.name}_${prefixListId.replace(/-/g, '_')}`, {
          securityGroupId: this.securityGroup.id,
          description: rule.description,
          ipProtocol: 'tcp',
          fromPort: rule.port,
          toPort: rule.port,
          prefixListId,
        });
      }
    }

    const subnetGroup = new DmsReplicationSubnetGroup(this, 'replication_subnet_group', {
      replicationSubnetGroupId: `${props.namePrefix}-dms-subnet-group`,
      replicationSubnetGroupDescription: `AWS DMS subnets of ${props.namePrefix}`,
      subnetIds: [...props.subnetIds],
      // dms-vpc-role must be attached before DMS validates the subnet group (terraform-provider-aws #11025;
      // the provider retries AccessDeniedFault while IAM propagates).
      dependsOn,
    });

    const instance = props.replicationInstance;
    this.replicationInstance = new DmsReplicationInstance(this, 'replication_instance', {
      replicationInstanceId: instance.id,
      replicationInstanceClass: instance.instanceClass,
      allocatedStorage: instance.allocatedStorage,
      multiAz: instance.multiAz,
      engineVersion: instance.engineVersion,
      kmsKeyArn: instance.kmsKeyArn,
      publiclyAccessible: false,
      preferredMaintenanceWindow: instance.preferredMaintenanceWindow,
      autoMinorVersionUpgrade: instance.autoMinorVersionUpgrade,
      applyImmediately: instance.applyImmediately,
      replicationSubnetGroupId: subnetGroup.replicationSubnetGroupId,
      vpcSecurityGroupIds: [this.securityGroup.id],
      dependsOn,
    });

    this.sourceEndpoint = new DmsEndpoint(this, 'source', { ...props.source, endpointType: 'source' });
    this.targetEndpoint = new DmsEndpoint(this, 'target', { ...props.target, endpointType: 'target' });

    // DMS writes task logs to this group name; managing it here sets the retention and keeps logs after a
    // task is deleted only as long as the group lives.
    this.taskLogGroup = new CloudwatchLogGroup(this, 'task_logs', {
      name: `dms-tasks-${instance.id}`,
      retentionInDays: props.logRetentionDays,
    });

    this.tasks = props.tasks.map(
      (task) =>
        new DmsReplicationTask(this, task.address, {
          replicationTaskId: task.replicationTaskId,
          resourceIdentifier: task.resourceIdentifier,
          migrationType: task.migrationType,
          replicationInstanceArn: this.replicationInstance.replicationInstanceArn,
          sourceEndpointArn: this.sourceEndpoint.endpointArn,
          targetEndpointArn: this.targetEndpoint.endpointArn,
          tableMappings: task.tableMappings,
          replicationTaskSettings: task.settings,
          startReplicationTask: task.startReplicationTask,
          // The log group must exist (with its retention) before the task first logs.
          dependsOn: [this.taskLogGroup],
        }),
    );
  }
}
