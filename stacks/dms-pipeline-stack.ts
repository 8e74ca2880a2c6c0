/**
 * `DmsPipelineStack`: one class for every pipeline. It maps a resolved pipeline spec onto the provider,
 * backend, modules and outputs; it holds no environment-specific logic of its own.
 */
import type { DmsReplicationTask } from '@cdktf/provider-aws/lib/dms-replication-task';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { DmsCertificate } from '@cdktf/provider-aws/lib/dms-certificate';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { type PublishedOutput, publishedOutputs, ssmParameterName } from '../config/cross-stack';
import { taskAddress } from '../config/naming';
import { partitionOf } from '../config/rules';
import type { RemoteStateLocation } from '../config/schema';
import type { ResolvedPipeline } from '../config/resolved';
import { instanceMemoryGiB } from '../config/instance-classes';
import { DmsReplication, type EgressRule, type EndpointProps, type NetworkProps, type OwnedInstanceProps, type ServerlessProps } from '../modules/dms';
import { StagingBucket } from '../modules/dms/staging-bucket';
import { ACCOUNT_ROLE_ADDRESSES, DmsIam } from '../modules/dms-iam';
import { DynamoDbTargetTables } from '../modules/dynamodb-target';
import { DmsMonitoring } from '../modules/monitoring';
import {
  Construct,
  DataResource,
  DataTerraformRemoteState,
  DataTerraformRemoteStateS3,
  Fn,
  NamedRemoteWorkspace,
  TerraformOutput,
  Token,
} from '../platform/cdktf';
import { SECURITY_GROUP, adoptedSpec, applyAdoption } from './adoption';
import { configureBackend } from './backend';
import { DmsAccountStack } from './dms-account-stack';
import { ReadableStack } from './readable-stack';

type Target = ResolvedPipeline['target'];
type RedshiftTarget = Extract<Target, { engine: 'redshift-serverless' }>;
type DynamoDbTarget = Extract<Target, { engine: 'dynamodb' }>;
type Source = ResolvedPipeline['source'];

/** The workgroup's connection values: literals from config, or references into the Redshift root's state. */
interface Workgroup {
  host: string;
  port: number;
  databaseName: string;
  workgroupName: string;
  namespaceName?: string;
}

/** What the target side contributes: the endpoint, an egress rule, outputs. */
interface TargetParts {
  endpoint: EndpointProps;
  egress?: EgressRule;
  outputs: Record<string, { description: string; value: unknown }>;
}

export class DmsPipelineStack extends ReadableStack {
  private readonly partition: string;

  readonly pipeline: ResolvedPipeline;

  constructor(scope: Construct, spec: ResolvedPipeline) {
    super(scope, spec.name);
    // With an adoption record, the live identifiers replace the conventional ones (config/adoption.ts).
    const pipeline = adoptedSpec(spec, spec.adoption);
    this.pipeline = pipeline;
    this.partition = partitionOf(pipeline.region);
    // cdktf writes the short form `aws`; the fully qualified source is what HCL authors write and review.
    this.addOverride('terraform.required_providers.aws.source', 'hashicorp/aws');

    configureBackend(this, pipeline.backend, pipeline.environment);
    new AwsProvider(this, 'aws', {
      region: pipeline.region,
      // Refuses to plan or apply with credentials of any other account (e.g. a wrong AWS_PROFILE).
      allowedAccountIds: [pipeline.accountId],
      defaultTags: [
        {
          tags: { ManagedBy: 'dms-cdktf', Pipeline: pipeline.name, Environment: pipeline.environment, ...pipeline.tags },
        },
      ],
    });

    const { source, target, replicationInstance } = pipeline;
    const ownsInstance = replicationInstance.from === 'this-stack';
    // DMS Serverless also runs in this stack's network, so it needs the account roles like an owned instance.
    const ownsNetwork = ownsInstance || replicationInstance.from === 'serverless';
    const iam = new DmsIam(this, 'dms_iam', {
      namePrefix: pipeline.name,
      accountId: pipeline.accountId,
      region: pipeline.region,
      partition: this.partition,
      // Without a network of its own, the stack leaves the account roles to the instance's stack.
      // The account roles live in the account baseline stack (stacks/dms-account-stack); here they are only
      // names DMS looks up, so this stack reads nothing of that stack at plan time.
      accountRoles: 'existing',
      stagingBucket: target.engine === 'redshift-serverless' ? { name: target.stagingBucket.name, kmsKeyArn: target.stagingBucket.kmsKeyArn } : undefined,
      dynamodbTables: target.engine === 'dynamodb' ? target.tables.map((table) => table.name) : undefined,
      dynamodbKmsKeyArns: target.engine === 'dynamodb' ? target.tables.flatMap((table) => (table.kmsKeyArn ? [table.kmsKeyArn] : [])) : undefined,
      secretArns: [source.secretArn, ...(target.engine === 'redshift-serverless' ? [target.secretArn] : [])],
      secretKmsKeyArns: [source.secretKmsKeyArn, target.engine === 'redshift-serverless' ? target.secretKmsKeyArn : undefined].filter(
        (arn): arn is string => !!arn,
      ),
    });

    const targetParts = target.engine === 'redshift-serverless' ? this.redshiftTarget(target, iam) : this.dynamodbTarget(target, iam);

    const networkProps = (): NetworkProps => {
      // Validation guarantees a network whenever this stack creates the instance or runs DMS Serverless.
      const network = pipeline.network!;
      const adoptedGroup = pipeline.adoption?.resources[SECURITY_GROUP];
      return {
        vpcId: network.vpcId,
        subnetIds: network.subnets.map((subnet) => subnet.id),
        // An adopted group's recorded inline rules are its rules, as they are (overrides append to lists).
        egress: adoptedGroup?.set.egress ? [] : [
          ...byInternetExposure(network, {
            name: 'source_database',
            description: `${source.engine} source ${source.serverName}:${source.port}`,
            port: source.port,
            cidrs: network.egress.sourceCidrs,
          }),
          ...(targetParts.egress ? byInternetExposure(network, { ...targetParts.egress, cidrs: network.egress.targetCidrs }) : []),
          ...httpsEgress(network, target.engine),
        ],
        dependsOn: iam.accountRolesReady,
        // An adopted group with inline rules keeps them inline: separate rule resources would duplicate them.
        inlineEgress: !!adoptedGroup?.inlineEgress,
      };
    };

    let instance: OwnedInstanceProps | ServerlessProps | { existingArn: string };
    if (replicationInstance.from === 'this-stack') {
      const { from: _from, minCapacityUnits: _min, maxCapacityUnits: _max, ...settings } = replicationInstance;
      instance = { ...settings, ...networkProps(), logRetentionDays: pipeline.logRetentionDays, logKmsKeyArn: pipeline.logKmsKeyArn };
    } else if (replicationInstance.from === 'serverless') {
      const { minCapacityUnits, maxCapacityUnits, multiAz, kmsKeyArn, preferredMaintenanceWindow } = replicationInstance;
      instance = {
        ...networkProps(),
        serverless: { minCapacityUnits, maxCapacityUnits, multiAz, kmsKeyArn, preferredMaintenanceWindow, logRetentionDays: pipeline.logRetentionDays, logKmsKeyArn: pipeline.logKmsKeyArn },
      };
    } else if (replicationInstance.from === 'arn') {
      instance = { existingArn: replicationInstance.arn };
    } else if (replicationInstance.from === 'stack') {
      instance = { existingArn: this.publishedValue(replicationInstance.stack, replicationInstance.output) };
    } else {
      const state = this.remoteState('replication_instance', replicationInstance.state);
      instance = { existingArn: state.getString(replicationInstance.output) };
    }

    const dms = new DmsReplication(this, 'dms', {
      namePrefix: pipeline.name,
      instance,
      source: this.sourceEndpoint(source, iam.secretsAccessRoleArn),
      target: targetParts.endpoint,
      tasks: pipeline.tasks.map((task) => ({
        address: taskAddress(pipeline.name, task.id),
        replicationTaskId: task.id,
        resourceIdentifier: task.resourceIdentifier,
        migrationType: task.migrationType,
        tableMappings: task.tableMappingsJson,
        settings: task.settingsJson,
        startReplicationTask: task.startReplicationTask,
      })),
    });

    const { taskArns } = dms;
    const kind = replicationInstance.from === 'serverless' ? 'replication_config' : 'replication_task';
    const noun = replicationInstance.from === 'serverless' ? 'DMS Serverless replication config' : 'replication task';
    new TerraformOutput(this, `dms_${kind}_arn`, {
      description: `ARN of ${pipeline.tasks[0].id}, the pipeline's first ${noun} (the runbook starts it with this).`,
      value: taskArns[0],
    });
    new TerraformOutput(this, `dms_${kind}_arns`, {
      description: `ARN of every ${noun}, by task id.`,
      value: Object.fromEntries(pipeline.tasks.map((task, index) => [task.id, taskArns[index]])),
    });
    if (dms.replicationInstance) {
      // Published for other stacks of this app (config/cross-stack.ts): they read these, never this state.
      const published: Record<PublishedOutput, string> = {
        replication_instance_arn: dms.replicationInstance.replicationInstanceArn,
        replication_instance_id: dms.replicationInstance.replicationInstanceId,
      };
      for (const output of publishedOutputs(pipeline)) {
        new SsmParameter(this, `published_${output}`, {
          name: ssmParameterName(pipeline.name, output),
          description: `${output} of stack ${pipeline.name}, for stacks that attach tasks to its instance.`,
          type: 'String',
          // An ARN and an id are not secrets: insecure_value keeps them readable in plans, review and outputs
          // (value is always marked sensitive).
          insecureValue: published[output],
        });
      }
    }
    if (dms.replicationInstanceArn) {
      new TerraformOutput(this, 'replication_instance_arn', {
        description: ownsInstance ? 'ARN of the DMS replication instance.' : 'ARN of the replication instance the tasks run on (owned elsewhere).',
        value: dms.replicationInstanceArn,
      });
    }
    new TerraformOutput(this, 'source_endpoint_arn', {
      description: 'ARN of the source endpoint (aws dms test-connection).',
      value: dms.sourceEndpoint.endpointArn,
    });
    new TerraformOutput(this, 'target_endpoint_arn', { description: 'ARN of the target endpoint.', value: dms.targetEndpoint.endpointArn });
    for (const [name, output] of Object.entries(targetParts.outputs)) new TerraformOutput(this, name, output);

    if (pipeline.monitoring.enabled) this.monitor(dms);

    const account = ownsNetwork ? DmsAccountStack.forPipeline(scope, pipeline) : undefined;
    if (account) {
      // Deploy order for `cdktf deploy`: the roles exist before a subnet group needs dms-vpc-role.
      this.addDependency(account);
      this.forgetAccountRoles();
    }

    if (pipeline.adoption) applyAdoption(this, pipeline.adoption, `config/adoption/${pipeline.name}.json`, pipeline.index, pipeline.accountRoles);
  }

  /**
   * Alarms and events for what this stack owns: its tasks, and its instance when it created it (an instance
   * owned elsewhere is monitored by its owner). DMS Serverless gets the topic only (README: Monitoring).
   */
  private monitor(dms: DmsReplication): void {
    const { pipeline } = this;
    const { replicationInstance, monitoring } = pipeline;
    const serverless = replicationInstance.from === 'serverless';
    const instanceId =
      replicationInstance.from === 'serverless'
        ? undefined
        : replicationInstance.from === 'stack'
          ? this.publishedValue(replicationInstance.stack, 'replication_instance_id')
          : replicationInstance.id;
    const alerts = new DmsMonitoring(this, 'monitoring', {
      namePrefix: pipeline.name,
      accountId: pipeline.accountId,
      region: pipeline.region,
      partition: this.partition,
      topicKmsKeyArn: monitoring.topicKmsKeyArn,
      notify: monitoring.notify,
      thresholds: monitoring.thresholds,
      evaluationPeriods: monitoring.evaluationPeriods,
      instance:
        replicationInstance.from === 'this-stack'
          ? {
              id: replicationInstance.id,
              allocatedStorageGb: replicationInstance.allocatedStorage,
              memoryGib: instanceMemoryGiB(replicationInstance.instanceClass),
              eventSourceId: dms.replicationInstance!.replicationInstanceId,
            }
          : undefined,
      tasks: serverless
        ? []
        : pipeline.tasks.map((task, index) => ({
            address: taskAddress(pipeline.name, task.id),
            taskId: task.id,
            // The ARN's last segment (arn:aws:dms:<region>:<account>:task:<resource id>, AWS DMS user guide,
            // "Constructing an ARN for AWS DMS"), so alarms watch adopted tasks DMS named as well as new ones.
            resourceIdentifier: Fn.element(Fn.split(':', dms.taskArns[index]), 6),
            instanceId: instanceId!,
            cdc: task.migrationType !== 'full-load',
            eventSourceId: (dms.tasks[index] as DmsReplicationTask).replicationTaskId,
          })),
    });
    new TerraformOutput(this, 'alerts_topic_arn', { description: 'SNS topic of the pipeline alarms and DMS events.', value: alerts.topic.arn });
    if (alerts.dashboard) {
      new TerraformOutput(this, 'dashboard_name', { description: 'CloudWatch dashboard of the pipeline.', value: alerts.dashboard.dashboardName });
    }
  }

  /**
   * DMS reads host and port from the secret. The DatabaseHost/DatabasePort tags record what this stack expects
   * there, so review, plans and the console show which database an endpoint is for.
   */
  private sourceEndpoint(source: Source, secretsRoleArn: string): EndpointProps {
    const common: EndpointProps = {
      endpointId: source.endpointId,
      engineName: source.engine,
      databaseName: source.databaseName,
      sslMode: source.sslMode,
      certificateArn: source.certificatePem
        ? new DmsCertificate(this, 'source_ca', { certificateId: `${source.endpointId}-ca`, certificatePem: source.certificatePem }).certificateArn
        : undefined,
      secretsManagerArn: source.secretArn,
      secretsManagerAccessRoleArn: secretsRoleArn,
      tags: { DatabaseHost: source.serverName, DatabasePort: String(source.port) },
    };
    if (source.engine === 'sqlserver') return common;
    const { cdc } = source;
    return {
      ...common,
      postgresSettings: {
        pluginName: cdc.plugin,
        slotName: cdc.slotName,
        heartbeatEnable: cdc.heartbeat.enabled,
        heartbeatFrequency: cdc.heartbeat.enabled ? cdc.heartbeat.frequencyMinutes : undefined,
        heartbeatSchema: cdc.heartbeat.enabled ? cdc.heartbeat.schema : undefined,
        captureDdls: cdc.captureDdls,
      },
    };
  }

  private redshiftTarget(target: RedshiftTarget, iam: DmsIam): TargetParts {
    const { stagingBucket } = target;
    const workgroup = this.workgroup(target);
    const staging = new StagingBucket(this, 'staging_bucket', {
      name: stagingBucket.name,
      partition: this.partition,
      folder: stagingBucket.folder,
      expireAfterDays: stagingBucket.expireAfterDays,
      kmsKeyArn: stagingBucket.kmsKeyArn,
    });
    const encryptionMode = stagingBucket.kmsKeyArn ? 'SSE_KMS' : 'SSE_S3';
    // DMS cannot modify an endpoint's EncryptionMode from SSE_S3 to SSE_KMS (DMS API reference,
    // RedshiftSettings.EncryptionMode), and the provider would try in place: a change of mode replaces the
    // endpoint instead, which `npm run review -- --plan` shows and blocks unless --allow-replace names it.
    const encryptionMarker = new DataResource(this, 'staging_encryption_mode', { triggersReplace: { encryption_mode: encryptionMode } });
    return {
      // Engine `redshift`, not `redshift-serverless`: the provider ignores `redshift_settings` for
      // `redshift-serverless` (terraform-provider-aws #37063), which would drop the staging bucket, its folder,
      // access role and encryption. DMS reaches the workgroup through the host and port kept in the secret.
      endpoint: {
        endpointId: target.endpointId,
        engineName: 'redshift',
        // No ssl_mode: a Redshift endpoint already uses SSL and DMS does not configure it (validation rejects it).
        databaseName: workgroup.databaseName,
        secretsManagerArn: target.secretArn,
        secretsManagerAccessRoleArn: iam.secretsAccessRoleArn,
        redshiftSettings: {
          bucketName: staging.bucketName,
          bucketFolder: stagingBucket.folder,
          serviceAccessRoleArn: iam.stagingRoleArn,
          encryptionMode,
          serverSideEncryptionKmsKeyId: stagingBucket.kmsKeyArn,
        },
        tags: {
          DatabaseHost: workgroup.host,
          DatabasePort: Token.isUnresolved(workgroup.port) ? Token.asString(workgroup.port) : String(workgroup.port),
          RedshiftWorkgroup: workgroup.workgroupName,
          ...(workgroup.namespaceName ? { RedshiftNamespace: workgroup.namespaceName } : {}),
        },
        // A plain address: cdktf 0.21 renders a construct here as "${...}", which Terraform's JSON syntax refuses.
        lifecycle: { replaceTriggeredBy: [`${encryptionMarker.terraformResourceType}.${encryptionMarker.friendlyUniqueId}`] },
      },
      egress: { name: 'target_database', description: `Redshift Serverless workgroup ${workgroup.workgroupName}`, port: workgroup.port, cidrs: [] },
      outputs: {
        staging_bucket_name: { description: 'S3 bucket DMS stages files in before Redshift COPY.', value: staging.bucketName },
        redshift_workgroup_endpoint: {
          description: 'host:port of the Redshift Serverless workgroup the target endpoint expects (the secret must match).',
          value: `${workgroup.host}:${workgroup.port}`,
        },
      },
    };
  }

  private dynamodbTarget(target: DynamoDbTarget, iam: DmsIam): TargetParts {
    const tables = new DynamoDbTargetTables(this, 'dynamodb', {
      partition: this.partition,
      region: this.pipeline.region,
      accountId: this.pipeline.accountId,
      tables: target.tables.map((table) => ({
        ...table,
        // Tables hold migrated data: protected from deletion everywhere but dev unless the config says otherwise.
        deletionProtection: table.deletionProtection ?? this.pipeline.environment !== 'dev',
      })),
    });
    return {
      endpoint: { endpointId: target.endpointId, engineName: 'dynamodb', serviceAccessRole: iam.dynamodbRoleArn },
      outputs: {
        dynamodb_table_arns: { description: 'ARN of every target DynamoDB table, by name.', value: Object.fromEntries(tables.arns) },
      },
    };
  }

  private workgroup(target: RedshiftTarget): Workgroup {
    const { workgroup } = target;
    if (workgroup.from === 'config') {
      return {
        host: workgroup.host,
        port: workgroup.port,
        databaseName: workgroup.databaseName,
        workgroupName: workgroup.workgroupName,
        namespaceName: workgroup.namespaceName,
      };
    }
    // The Redshift root's state is the source of truth for the deployed workgroup.
    const state = this.remoteState('redshift', workgroup.state);
    const { outputs } = workgroup;
    return {
      host: state.getString(outputs.host),
      port: state.getNumber(outputs.port),
      databaseName: state.getString(outputs.databaseName),
      workgroupName: state.getString(outputs.workgroupName),
      namespaceName: state.getString(outputs.namespaceName),
    };
  }

  /**
   * A value another stack of this app publishes: `data.aws_ssm_parameter.<output>`, by the name the producer
   * derives (config/cross-stack.ts). Read at plan time with ssm:GetParameter; nothing else of that stack.
   */
  private publishedValue(stack: string, output: PublishedOutput): string {
    // A scope of their own: the addresses stay data.aws_ssm_parameter.<output>, beside outputs of that name.
    const scope = (this.node.tryFindChild('published_by_other_stacks') as Construct | undefined) ?? new Construct(this, 'published_by_other_stacks');
    const existing = scope.node.tryFindChild(output);
    const parameter = existing instanceof DataAwsSsmParameter ? existing : new DataAwsSsmParameter(scope, output, { name: ssmParameterName(stack, output) });
    // insecure_value: the producer publishes non-secret String parameters (see above), readable in plans.
    return parameter.insecureValue;
  }

  /** Another Terraform root's outputs: `data.terraform_remote_state.<name>` (reads its state, no AWS API). */
  private remoteState(name: string, location: RemoteStateLocation) {
    return location.backend === 's3'
      ? new DataTerraformRemoteStateS3(this, name, { bucket: location.bucket, key: location.key, region: location.region })
      : new DataTerraformRemoteState(this, name, {
          organization: location.organization,
          hostname: location.hostname,
          workspaces: new NamedRemoteWorkspace(location.workspace),
        });
  }

  /**
   * The account roles left this stack for the account baseline stack: `removed` blocks with `destroy = false`
   * make Terraform forget any it still holds, at this project's addresses (an adoption record adds the legacy root's),
   * without deleting them; the account stack's `import` blocks take them over. Blocks for addresses with no
   * state are no-ops, so they can stay while accountRoles is create or import.
   */
  private forgetAccountRoles(): void {
    // An adoption forgets the legacy roots' role addresses too: `npm run adopt` lists them in the record's removed.
    this.addOverride(
      'removed',
      ACCOUNT_ROLE_ADDRESSES.map((address) => ({ from: address, lifecycle: { destroy: false } })),
    );
  }
}


type Network = NonNullable<ResolvedPipeline['network']>;

const SERVICE_NAMES = { s3: 'S3', dynamodb: 'DynamoDB', secretsManager: 'Secrets Manager' } as const;

/** EC2 rule descriptions allow only these characters (EC2 API, SecurityGroupRule Description), up to 255. */
function ruleDescription(text: string): string {
  return text.replace(/[^a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]/g, ' ').slice(0, 255);
}

/** The written reason for internet egress travels with the rule, so review sees it next to 0.0.0.0/0. */
function internetDescription(network: Network, description: string): string {
  return ruleDescription(`${description}; allowInternetEgress: ${network.allowInternetEgress?.reason ?? 'NO REASON'}`);
}

/** A rule's CIDRs, with any /0 split off into a rule of its own that carries the allowInternetEgress reason. */
function byInternetExposure(network: Network, rule: EgressRule): EgressRule[] {
  const open = rule.cidrs.filter((cidr) => cidr.endsWith('/0'));
  if (open.length === 0) return [rule];
  return [
    { ...rule, cidrs: rule.cidrs.filter((cidr) => !cidr.endsWith('/0')) },
    { ...rule, cidrs: open, prefixListIds: [], description: internetDescription(network, rule.description) },
  ];
}

/**
 * One HTTPS rule per destination, described by what it reaches: `HTTPS to the S3 and DynamoDB VPC endpoints`.
 * Review checks these descriptions for a path to every service the pipeline uses; a destination listed in
 * several places gets one rule (EC2 refuses a duplicate permission) naming all of them.
 */
function httpsEgress(network: Network, engine: string): EgressRule[] {
  const services = new Map<string, { prefixList: boolean; names: string[]; other: boolean }>();
  const add = (destination: string, prefixList: boolean, name?: string) => {
    const entry = services.get(destination) ?? { prefixList, names: [], other: false };
    if (name) entry.names.push(name);
    else entry.other = true;
    services.set(destination, entry);
  };
  for (const [service, name] of Object.entries(SERVICE_NAMES)) {
    const path = network.vpcEndpoints[service as keyof typeof SERVICE_NAMES];
    for (const cidr of path?.cidrs ?? []) add(cidr, false, name);
    for (const id of path && 'prefixListIds' in path ? path.prefixListIds : []) add(id, true, name);
  }
  network.egress.httpsCidrs.forEach((cidr) => add(cidr, false));
  network.egress.httpsPrefixListIds.forEach((id) => add(id, true));
  return [...services].map(([destination, entry]) => {
    const endpoints = entry.names.length === 0 ? '' : `the ${entry.names.join(' and ')} VPC endpoint${entry.names.length > 1 ? 's' : ''}`;
    const description = destination.endsWith('/0')
      ? internetDescription(network, `HTTPS to the internet (public route to ${engine === 'dynamodb' ? 'Secrets Manager, S3 and DynamoDB' : 'Secrets Manager and S3'})`)
      : `HTTPS to ${[endpoints, entry.other ? 'other destinations' : ''].filter(Boolean).join(' and ')}`;
    return { name: 'https', description, port: 443, cidrs: entry.prefixList ? [] : [destination], prefixListIds: entry.prefixList ? [destination] : [] };
  });
}
