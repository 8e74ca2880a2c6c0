/**
 * `DmsReplication`: the network, replication instance, endpoints, task log group and tasks of one pipeline; or,
 * for DMS Serverless, the network, endpoints and one replication config per task.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DmsEndpoint, type DmsEndpointConfig } from '@cdktf/provider-aws/lib/dms-endpoint';
import { DmsReplicationConfig, type DmsReplicationConfigConfig } from '@cdktf/provider-aws/lib/dms-replication-config';
import { DmsReplicationInstance } from '@cdktf/provider-aws/lib/dms-replication-instance';
import { DmsReplicationSubnetGroup } from '@cdktf/provider-aws/lib/dms-replication-subnet-group';
import { DmsReplicationTask } from '@cdktf/provider-aws/lib/dms-replication-task';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Construct, Fn, type ITerraformDependable } from '../../platform/cdktf';
import { terraformLiteral } from '../../core/terraform-literal';
import type { MigrationType } from '../../core/dms';

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
  | 'tags'
  | 'lifecycle'
  | 'certificateArn'
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

/** Where replication runs: a subnet group and a security group with egress only. */
export interface NetworkProps {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** The only traffic replication may start; there is no ingress. */
  readonly egress: readonly EgressRule[];
  /** Resources the subnet group (and instance) must wait for (account role policy attachments). */
  readonly dependsOn: readonly ITerraformDependable[];
  /**
   * Egress as inline `egress` blocks of the group instead of one rule resource per destination: only for an
   * adopted group whose live rules are inline (AWS rejects the same rule added twice). Default false.
   */
  readonly inlineEgress?: boolean;
}

/** A replication instance this construct creates, with its network and task log group. */
export interface OwnedInstanceProps extends NetworkProps {
  readonly kind: 'owned';
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
  /** Retention of the task log group `dms-tasks-<instance id>`. */
  readonly logRetentionDays: number;
  /** Customer managed key of that log group. Default: CloudWatch Logs' own encryption. */
  readonly logKmsKeyArn?: string;
}

/** DMS Serverless: no instance; each task becomes a replication config with this capacity range. */
export interface ServerlessProps extends NetworkProps {
  readonly kind: 'serverless';
  readonly serverless: {
    readonly minCapacityUnits: number;
    readonly maxCapacityUnits: number;
    readonly multiAz: boolean;
    /** Default: the AWS managed DMS key. */
    readonly kmsKeyArn?: string;
    readonly preferredMaintenanceWindow: string;
    /** Retention of each replication's log group `dms-serverless-replication-<resource id>`. */
    readonly logRetentionDays: number;
    /** Customer managed key of those log groups. @default CloudWatch Logs' own encryption */
    readonly logKmsKeyArn?: string;
  };
}

/** An instance another stack or person owns: the tasks attach to it by ARN. */
export interface ExistingInstanceProps {
  readonly kind: 'existing';
  readonly existingArn: string;
}

export interface DmsReplicationProps {
  /** Prefix of names that are not DMS identifiers (security group, subnet group). */
  readonly namePrefix: string;
  /**
   * Create an instance, attach the tasks to an existing one by ARN (its owner keeps its logs), or run them on
   * DMS Serverless.
   */
  readonly instance: OwnedInstanceProps | ServerlessProps | ExistingInstanceProps;
  readonly source: EndpointProps;
  readonly target: EndpointProps;
  readonly tasks: readonly ReplicationTaskProps[];
}

/** Where the tasks run, with what each kind needs: an instance's ARN, or DMS Serverless's capacity and network. */
type Placement =
  | { readonly kind: 'instance'; readonly arn: string }
  | {
      readonly kind: 'serverless';
      readonly serverless: ServerlessProps['serverless'];
      readonly subnetGroupId: string;
      readonly securityGroupId: string;
    };

export class DmsReplication extends Construct {
  /** The instance the tasks run on: created here, or the existing one's ARN; undefined on DMS Serverless. */
  readonly replicationInstanceArn?: string;
  readonly replicationInstance?: DmsReplicationInstance;
  readonly securityGroup?: SecurityGroup;
  readonly taskLogGroup?: CloudwatchLogGroup;
  /** On DMS Serverless: each replication config's log group, in the order of `props.tasks`. */
  readonly replicationLogGroups: CloudwatchLogGroup[] = [];
  readonly sourceEndpoint: DmsEndpoint;
  readonly targetEndpoint: DmsEndpoint;
  /** Replication tasks, or on DMS Serverless the replication configs, in the order of `props.tasks`. */
  readonly tasks: (DmsReplicationTask | DmsReplicationConfig)[];
  /** ARN of each task or replication config, in the order of `props.tasks`. */
  readonly taskArns: string[];

  constructor(scope: Construct, id: string, props: DmsReplicationProps) {
    super(scope, id);
    const { instance } = props;
    let placement: Placement;
    if (instance.kind === 'existing') {
      this.replicationInstanceArn = instance.existingArn;
      placement = { kind: 'instance', arn: instance.existingArn };
    } else {
      const network = this.createNetwork(props.namePrefix, instance);
      this.securityGroup = network.securityGroup;
      if (instance.kind === 'serverless') {
        placement = {
          kind: 'serverless',
          serverless: instance.serverless,
          subnetGroupId: network.subnetGroup.replicationSubnetGroupId,
          securityGroupId: network.securityGroup.id,
        };
      } else {
        this.replicationInstance = this.createInstance(instance, network);
        this.replicationInstanceArn = this.replicationInstance.replicationInstanceArn;
        placement = { kind: 'instance', arn: this.replicationInstanceArn };
        // DMS writes task logs to this group name; managing it here sets the retention.
        this.taskLogGroup = new CloudwatchLogGroup(this, 'task_logs', {
          name: `dms-tasks-${instance.id}`,
          retentionInDays: instance.logRetentionDays,
          kmsKeyId: instance.logKmsKeyArn,
        });
      }
    }

    this.sourceEndpoint = new DmsEndpoint(this, 'source', { ...props.source, endpointType: 'source' });
    this.targetEndpoint = new DmsEndpoint(this, 'target', { ...props.target, endpointType: 'target' });

    const common = (task: ReplicationTaskProps) => ({
      resourceIdentifier: task.resourceIdentifier,
      sourceEndpointArn: this.sourceEndpoint.endpointArn,
      targetEndpointArn: this.targetEndpoint.endpointArn,
      // Object mappings carry `${column}` templates for DMS, not for Terraform.
      tableMappings: terraformLiteral(task.tableMappings),
    });
    this.tasks = props.tasks.map((task) =>
      placement.kind === 'serverless'
        ? this.createReplicationConfig(task, placement.serverless, {
            ...common(task),
            replicationConfigIdentifier: task.replicationTaskId,
            replicationType: task.migrationType,
            replicationSettings: terraformLiteral(task.settings),
            startReplication: task.startReplicationTask,
            computeConfig: {
              replicationSubnetGroupId: placement.subnetGroupId,
              vpcSecurityGroupIds: [placement.securityGroupId],
              minCapacityUnits: placement.serverless.minCapacityUnits,
              maxCapacityUnits: placement.serverless.maxCapacityUnits,
              multiAz: placement.serverless.multiAz,
              kmsKeyId: placement.serverless.kmsKeyArn,
              preferredMaintenanceWindow: placement.serverless.preferredMaintenanceWindow,
            },
          })
        : new DmsReplicationTask(this, task.address, {
            ...common(task),
            replicationTaskId: task.replicationTaskId,
            migrationType: task.migrationType,
            replicationInstanceArn: placement.arn,
            replicationTaskSettings: terraformLiteral(task.settings),
            startReplicationTask: task.startReplicationTask,
            // The log group must exist (with its retention) before the task first logs.
            dependsOn: this.taskLogGroup ? [this.taskLogGroup] : undefined,
          }),
    );
    this.taskArns = this.tasks.map((task) => (task instanceof DmsReplicationConfig ? task.arn : task.replicationTaskArn));
  }

  /**
   * A DMS Serverless replication and the log group DMS writes it to, `dms-serverless-replication-<replication
   * config resource ID>` (AWS DMS user guide, "AWS DMS serverless replication logs"), managed here for its
   * retention as `dms-tasks-<instance id>` is for an instance. With a set resource identifier the group exists
   * before the replication can run; otherwise the name comes from the ARN DMS assigns, and the group is created
   * right after the replication, which is created stopped unless `startReplicationTask` says otherwise.
   */
  private createReplicationConfig(
    task: ReplicationTaskProps,
    serverless: ServerlessProps['serverless'],
    config: DmsReplicationConfigConfig,
  ): DmsReplicationConfig {
    const logs = (name: string) =>
      new CloudwatchLogGroup(this, `${task.address}_logs`, {
        name,
        retentionInDays: serverless.logRetentionDays,
        kmsKeyId: serverless.logKmsKeyArn,
      });
    if (task.resourceIdentifier !== undefined) {
      const group = logs(`dms-serverless-replication-${task.resourceIdentifier}`);
      this.replicationLogGroups.push(group);
      return new DmsReplicationConfig(this, task.address, { ...config, dependsOn: [group] });
    }
    const replication = new DmsReplicationConfig(this, task.address, config);
    // arn:<partition>:dms:<region>:<account>:replication-config:<resource id>
    this.replicationLogGroups.push(logs(`dms-serverless-replication-${Fn.element(Fn.split(':', replication.arn), 6)}`));
    return replication;
  }

  private createNetwork(namePrefix: string, props: NetworkProps) {
    const dependsOn = props.dependsOn.length > 0 ? [...props.dependsOn] : undefined;

    // Its own scope so the group can share the name `replication_instance` with the instance it protects.
    const network = new Construct(this, 'network');
    // Replaced create-first: the new group (and its rules) exist before the instance or replication switches
    // to it, and the old one is deleted last (it cannot be deleted while attached anyway). Names are unique
    // per VPC only, so a create-first replacement collides when the name stays and the VPC does too: that is
    // a change of the description alone (name and vpc_id are the other ForceNew arguments), which is why
    // description changes are ignored rather than allowed to replace the group.
    const securityGroup = new SecurityGroup(network, 'replication_instance', {
      name: `${namePrefix}-dms-replication-instance`,
      description: 'AWS DMS replication instance: no ingress; egress only to the databases and HTTPS',
      vpcId: props.vpcId,
      lifecycle: { createBeforeDestroy: true, ignoreChanges: ['description'] },
      // Inline blocks take every argument (attributes-as-blocks): the unused ones are empty.
      egress: props.inlineEgress
        ? props.egress.map((rule) => ({
            description: rule.description,
            protocol: 'tcp',
            fromPort: rule.port,
            toPort: rule.port,
            cidrBlocks: [...rule.cidrs],
            prefixListIds: [...(rule.prefixListIds ?? [])],
            ipv6CidrBlocks: [],
            securityGroups: [],
            selfAttribute: false,
          }))
        : undefined,
    });
    for (const rule of props.inlineEgress ? [] : props.egress) {
      const targets = [
        ...rule.cidrs.map((cidr) => ({ suffix: cidr.replace(/[./]/g, '_'), cidrIpv4: cidr })),
        ...(rule.prefixListIds ?? []).map((prefixListId) => ({ suffix: prefixListId.replace(/-/g, '_'), prefixListId })),
      ];
      for (const { suffix, ...destination } of targets) {
        new VpcSecurityGroupEgressRule(network, `${rule.name}_${suffix}`, {
          securityGroupId: securityGroup.id,
          description: rule.description,
          ipProtocol: 'tcp',
          fromPort: rule.port,
          toPort: rule.port,
          ...destination,
          // With the group: a rule is replaced only when the group is, and the new group must have its rules
          // before anything moves to it.
          lifecycle: { createBeforeDestroy: true },
        });
      }
    }

    const subnetGroup = new DmsReplicationSubnetGroup(this, 'replication_subnet_group', {
      replicationSubnetGroupId: `${namePrefix}-dms-subnet-group`,
      replicationSubnetGroupDescription: `AWS DMS subnets of ${namePrefix}`,
      subnetIds: [...props.subnetIds],
      // dms-vpc-role must be attached before DMS validates the subnet group (terraform-provider-aws #11025;
      // the provider retries AccessDeniedFault while IAM propagates).
      dependsOn,
    });
    return { securityGroup, subnetGroup, dependsOn };
  }

  private createInstance(instance: OwnedInstanceProps, network: ReturnType<DmsReplication['createNetwork']>) {
    return new DmsReplicationInstance(this, 'replication_instance', {
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
      replicationSubnetGroupId: network.subnetGroup.replicationSubnetGroupId,
      vpcSecurityGroupIds: [network.securityGroup.id],
      dependsOn: network.dependsOn,
    });
  }
}
