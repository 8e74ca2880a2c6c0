/**
 * `DmsReplication` on its own: network isolation, instance settings, endpoints without passwords, the task
 * log group and tasks, and the IAM ordering DMS needs.
 */
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { DmsReplication, type DmsReplicationProps, type OwnedInstanceProps } from '../../../modules/dms';
import { Testing } from '../../../platform/cdktf';
import { ReadableStack } from '../../../stacks/readable-stack';
import { type TerraformJson } from '../../support/synth';
import { testApp } from '../../support/test-app';

const SOURCE_SECRET = 'arn:aws:secretsmanager:us-west-2:459286107047:secret:dms/source-AbC123';

function ownedInstance(overrides: Partial<Omit<OwnedInstanceProps, 'kind'>> = {}): OwnedInstanceProps {
  return {
    kind: 'owned',
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
    egress: [
      { name: 'source_database', description: 'source', port: 1433, cidrs: ['10.40.0.0/16', '10.41.0.0/16'] },
      { name: 'https', description: 'https', port: 443, cidrs: [], prefixListIds: ['pl-0123abcd'] },
    ],
    id: 'pipe-instance',
    instanceClass: 'dms.r5.large',
    allocatedStorage: 200,
    multiAz: true,
    engineVersion: '3.5.3',
    kmsKeyArn: 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    preferredMaintenanceWindow: 'sat:03:00-sat:04:00',
    autoMinorVersionUpgrade: false,
    applyImmediately: true,
    dependsOn: [],
    logRetentionDays: 90,
    ...overrides,
  };
}

function props(overrides: Partial<DmsReplicationProps> = {}): DmsReplicationProps {
  return {
    namePrefix: 'pipe',
    instance: ownedInstance(),
    source: {
      endpointId: 'pipe-source',
      engineName: 'sqlserver',
      databaseName: 'Raptor',
      sslMode: 'require',
      secretsManagerArn: SOURCE_SECRET,
      secretsManagerAccessRoleArn: 'arn:aws:iam::459286107047:role/pipe-dms-secrets-role',
    },
    target: {
      endpointId: 'pipe-target',
      engineName: 'redshift',
      databaseName: 'dev',
      sslMode: 'require',
      secretsManagerArn: 'arn:aws:secretsmanager:us-west-2:459286107047:secret:dms/target-DeF456',
      secretsManagerAccessRoleArn: 'arn:aws:iam::459286107047:role/pipe-dms-secrets-role',
    },
    tasks: [
      {
        address: 'replication_task',
        replicationTaskId: 'pipe-task',
        resourceIdentifier: 'pipe-task',
        migrationType: 'cdc',
        tableMappings: '{"rules":[]}',
        settings: '{"Logging":{"EnableLogging":true}}',
        startReplicationTask: true,
      },
    ],
    ...overrides,
  };
}

function synth(p: DmsReplicationProps = props(), before?: (stack: ReadableStack) => DmsReplicationProps): TerraformJson {
  const stack = new ReadableStack(testApp(), 'test');
  new DmsReplication(stack, 'dms', before ? before(stack) : p);
  return JSON.parse(Testing.synth(stack));
}

describe('network', () => {
  test('GIVEN egress rules WHEN synthesized THEN the group has no ingress and one egress rule per CIDR or prefix list', () => {
    const tf = synth();
    const group = tf.resource.aws_security_group.replication_instance;
    expect(group).toMatchObject({ name: 'pipe-dms-replication-instance', vpc_id: 'vpc-0a1b2c3d4e5f60718' });
    expect(group.ingress).toBeUndefined();
    expect(tf.resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
    const rules = tf.resource.aws_vpc_security_group_egress_rule;
    expect(Object.keys(rules).sort()).toEqual(['https_pl_0123abcd', 'source_database_10_40_0_0_16', 'source_database_10_41_0_0_16']);
    expect(rules.source_database_10_41_0_0_16).toMatchObject({
      security_group_id: '${aws_security_group.replication_instance.id}',
      ip_protocol: 'tcp',
      from_port: 1433,
      to_port: 1433,
      cidr_ipv4: '10.41.0.0/16',
    });
    expect(rules.https_pl_0123abcd).toMatchObject({ from_port: 443, to_port: 443, prefix_list_id: 'pl-0123abcd' });
    expect(rules.https_pl_0123abcd.cidr_ipv4).toBeUndefined();
  });

  test('GIVEN the network WHEN synthesized THEN group and rules are replaced create-first, and a description change cannot replace the group', () => {
    // Names are unique per VPC: a create-first replacement with the same name and VPC (a description change
    // alone) would collide, so description changes are ignored. The real plan is in review-gate.terraform.test.ts.
    const tf = synth();
    expect(tf.resource.aws_security_group.replication_instance.lifecycle).toEqual({
      create_before_destroy: true,
      ignore_changes: ['description'],
    });
    for (const rule of Object.values<{ lifecycle: unknown }>(tf.resource.aws_vpc_security_group_egress_rule)) {
      expect(rule.lifecycle).toEqual({ create_before_destroy: true });
    }
  });

  test('GIVEN subnets WHEN synthesized THEN the subnet group holds them', () => {
    const tf = synth();
    expect(tf.resource.aws_dms_replication_subnet_group.replication_subnet_group).toMatchObject({
      replication_subnet_group_id: 'pipe-dms-subnet-group',
      subnet_ids: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
    });
  });
});

describe('replication instance', () => {
  test('GIVEN instance settings WHEN synthesized THEN each reaches the instance and it is never public', () => {
    const instance = synth().resource.aws_dms_replication_instance.replication_instance;
    expect(instance).toMatchObject({
      replication_instance_id: 'pipe-instance',
      replication_instance_class: 'dms.r5.large',
      allocated_storage: 200,
      multi_az: true,
      engine_version: '3.5.3',
      kms_key_arn: 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      publicly_accessible: false,
      preferred_maintenance_window: 'sat:03:00-sat:04:00',
      auto_minor_version_upgrade: false,
      apply_immediately: true,
      replication_subnet_group_id: '${aws_dms_replication_subnet_group.replication_subnet_group.replication_subnet_group_id}',
      vpc_security_group_ids: ['${aws_security_group.replication_instance.id}'],
    });
  });

  test('GIVEN no engine version or key WHEN synthesized THEN DMS defaults apply (the arguments are absent)', () => {
    const instance = synth(props({ instance: ownedInstance({ engineVersion: undefined, kmsKeyArn: undefined }) })).resource
      .aws_dms_replication_instance.replication_instance;
    expect(instance.engine_version).toBeUndefined();
    expect(instance.kms_key_arn).toBeUndefined();
  });

  test('GIVEN IAM attachments to wait for WHEN synthesized THEN subnet group and instance depend on them', () => {
    const tf = synth(undefined, (stack) => {
      const attachment = new IamRolePolicyAttachment(stack, 'dms_vpc_role_policy', {
        role: 'dms-vpc-role',
        policyArn: 'arn:aws:iam::aws:policy/x',
      });
      return props({ instance: ownedInstance({ dependsOn: [attachment] }) });
    });
    expect(tf.resource.aws_dms_replication_subnet_group.replication_subnet_group.depends_on).toEqual([
      'aws_iam_role_policy_attachment.dms_vpc_role_policy',
    ]);
    expect(tf.resource.aws_dms_replication_instance.replication_instance.depends_on).toEqual([
      'aws_iam_role_policy_attachment.dms_vpc_role_policy',
    ]);
  });
});

describe('existing replication instance', () => {
  test('GIVEN an existing instance ARN WHEN synthesized THEN tasks use it and no instance, network or log group is created', () => {
    const arn = 'arn:aws:dms:us-west-2:459286107047:rep:SHAREDINSTANCE';
    const tf = synth(props({ instance: { kind: 'existing', existingArn: arn } }));
    expect(tf.resource.aws_dms_replication_instance).toBeUndefined();
    expect(tf.resource.aws_dms_replication_subnet_group).toBeUndefined();
    expect(tf.resource.aws_security_group).toBeUndefined();
    expect(tf.resource.aws_vpc_security_group_egress_rule).toBeUndefined();
    expect(tf.resource.aws_cloudwatch_log_group).toBeUndefined();
    const task = tf.resource.aws_dms_replication_task.replication_task;
    expect(task.replication_instance_arn).toBe(arn);
    expect(task.depends_on).toBeUndefined();
  });
});

describe('endpoints', () => {
  test('GIVEN secret-based endpoints WHEN synthesized THEN they carry the secret and role, and no connection details', () => {
    const tf = synth();
    const source = tf.resource.aws_dms_endpoint.source;
    expect(source).toMatchObject({
      endpoint_id: 'pipe-source',
      endpoint_type: 'source',
      engine_name: 'sqlserver',
      database_name: 'Raptor',
      ssl_mode: 'require',
      secrets_manager_arn: SOURCE_SECRET,
      secrets_manager_access_role_arn: 'arn:aws:iam::459286107047:role/pipe-dms-secrets-role',
    });
    expect(tf.resource.aws_dms_endpoint.target.endpoint_type).toBe('target');
    for (const endpoint of Object.values(tf.resource.aws_dms_endpoint) as TerraformJson[]) {
      for (const key of ['password', 'username', 'server_name', 'port']) expect(endpoint[key]).toBeUndefined();
    }
  });
});

describe('task logs and tasks', () => {
  test('GIVEN an instance id WHEN synthesized THEN the log group is the one DMS writes to, with the retention', () => {
    expect(synth().resource.aws_cloudwatch_log_group.task_logs).toMatchObject({
      name: 'dms-tasks-pipe-instance',
      retention_in_days: 90,
    });
  });

  test('GIVEN a task WHEN synthesized THEN it wires instance, endpoints, mappings and settings, after the log group', () => {
    const task = synth().resource.aws_dms_replication_task.replication_task;
    expect(task).toMatchObject({
      replication_task_id: 'pipe-task',
      resource_identifier: 'pipe-task',
      migration_type: 'cdc',
      replication_instance_arn: '${aws_dms_replication_instance.replication_instance.replication_instance_arn}',
      source_endpoint_arn: '${aws_dms_endpoint.source.endpoint_arn}',
      target_endpoint_arn: '${aws_dms_endpoint.target.endpoint_arn}',
      table_mappings: '{"rules":[]}',
      replication_task_settings: '{"Logging":{"EnableLogging":true}}',
      start_replication_task: true,
      depends_on: ['aws_cloudwatch_log_group.task_logs'],
    });
  });

  test('GIVEN two tasks WHEN synthesized THEN each has its own address', () => {
    const base = props();
    const tf = synth(
      props({
        tasks: [
          base.tasks[0],
          { ...base.tasks[0], address: 'backfill', replicationTaskId: 'pipe-backfill', resourceIdentifier: undefined },
        ],
      }),
    );
    expect(Object.keys(tf.resource.aws_dms_replication_task).sort()).toEqual(['backfill', 'replication_task']);
    expect(tf.resource.aws_dms_replication_task.backfill.resource_identifier).toBeUndefined();
  });
});

describe('DMS Serverless', () => {
  const serverless = (task: { resourceIdentifier?: string } = {}) => {
    const {
      id: _id,
      instanceClass: _c,
      allocatedStorage: _s,
      engineVersion: _e,
      kmsKeyArn: _k,
      autoMinorVersionUpgrade: _a,
      applyImmediately: _i,
      logRetentionDays: _l,
      multiAz: _m,
      preferredMaintenanceWindow: _p,
      ...network
    } = ownedInstance();
    return synth(
      props({
        instance: {
          ...network,
          kind: 'serverless',
          serverless: {
            minCapacityUnits: 2,
            maxCapacityUnits: 16,
            multiAz: true,
            kmsKeyArn: 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            preferredMaintenanceWindow: 'sat:03:00-sat:04:00',
            logRetentionDays: 14,
          },
        },
        tasks: props().tasks.map((t) => ({ ...t, ...task })),
      }),
    );
  };

  test('GIVEN serverless capacity WHEN synthesized THEN each task is a replication config in the stack network, and there is no instance or task', () => {
    const tf = serverless();
    expect(tf.resource.aws_dms_replication_instance).toBeUndefined();
    expect(tf.resource.aws_dms_replication_task).toBeUndefined();
    expect(Object.keys(tf.resource.aws_cloudwatch_log_group)).toEqual(['replication_task_logs']);
    const config = tf.resource.aws_dms_replication_config.replication_task;
    expect(config).toMatchObject({
      replication_config_identifier: 'pipe-task',
      resource_identifier: 'pipe-task',
      replication_type: 'cdc',
      source_endpoint_arn: '${aws_dms_endpoint.source.endpoint_arn}',
      target_endpoint_arn: '${aws_dms_endpoint.target.endpoint_arn}',
      table_mappings: '{"rules":[]}',
      replication_settings: '{"Logging":{"EnableLogging":true}}',
      start_replication: true,
      compute_config: {
        replication_subnet_group_id: '${aws_dms_replication_subnet_group.replication_subnet_group.replication_subnet_group_id}',
        vpc_security_group_ids: ['${aws_security_group.replication_instance.id}'],
        min_capacity_units: 2,
        max_capacity_units: 16,
        multi_az: true,
        kms_key_id: 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        preferred_maintenance_window: 'sat:03:00-sat:04:00',
      },
    });
    expect(Object.keys(tf.resource.aws_vpc_security_group_egress_rule)).toHaveLength(3);
  });

  test('GIVEN a resource identifier WHEN synthesized THEN the log group DMS writes to is managed with its retention, before the replication', () => {
    // GIVEN / WHEN
    const tf = serverless({ resourceIdentifier: 'loanapp-dev-replication' });
    // THEN: the name the DMS user guide gives, dms-serverless-replication-<replication config resource ID>
    expect(tf.resource.aws_cloudwatch_log_group.replication_task_logs).toEqual({
      name: 'dms-serverless-replication-loanapp-dev-replication',
      retention_in_days: 14,
    });
    expect(tf.resource.aws_dms_replication_config.replication_task.depends_on).toEqual(['aws_cloudwatch_log_group.replication_task_logs']);
  });

  test('GIVEN no resource identifier WHEN synthesized THEN the log group is named from the ARN DMS assigns', () => {
    const tf = serverless({ resourceIdentifier: undefined });
    expect(tf.resource.aws_dms_replication_config.replication_task.resource_identifier).toBeUndefined();
    expect(tf.resource.aws_dms_replication_config.replication_task.depends_on).toBeUndefined();
    expect(tf.resource.aws_cloudwatch_log_group.replication_task_logs).toEqual({
      name: 'dms-serverless-replication-${element(split(":", aws_dms_replication_config.replication_task.arn), 6)}',
      retention_in_days: 14,
    });
  });
});
