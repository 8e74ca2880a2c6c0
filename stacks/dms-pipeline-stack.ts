/**
 * `DmsPipelineStack`: one class for every pipeline. It maps a resolved pipeline spec onto the provider,
 * backend, modules and outputs; it holds no environment-specific logic of its own.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ValidationFailed } from '../config/errors';
import { taskAddress } from '../config/naming';
import { partitionOf } from '../config/rules';
import type { ResolvedPipeline } from '../mappings/resolve';
import { DmsReplication, type EgressRule, type EndpointProps } from '../modules/dms';
import { StagingBucket } from '../modules/dms/staging-bucket';
import { DmsIam } from '../modules/dms-iam';
import {
  type Construct,
  DataTerraformRemoteState,
  DataTerraformRemoteStateS3,
  NamedRemoteWorkspace,
  TerraformOutput,
  TerraformResource,
  Token,
} from '../platform/cdktf';
import { configureBackend } from './backend';
import { defaultLegacyAddress } from './legacy-addresses';
import { ReadableStack } from './readable-stack';

type RedshiftTarget = ResolvedPipeline['target'];

/** The workgroup's connection values: literals from config, or references into the Redshift root's state. */
interface Workgroup {
  host: string;
  port: number;
  databaseName: string;
  workgroupName: string;
  namespaceName?: string;
}

export class DmsPipelineStack extends ReadableStack {
  constructor(scope: Construct, readonly pipeline: ResolvedPipeline) {
    super(scope, pipeline.name);
    const partition = partitionOf(pipeline.region);
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

    const { source, target } = pipeline;
    const { stagingBucket } = target;
    const workgroup = this.workgroup(target);
    const iam = new DmsIam(this, 'dms_iam', {
      namePrefix: pipeline.name,
      region: pipeline.region,
      partition,
      accountRoles: pipeline.accountRoles,
      stagingBucket: { name: stagingBucket.name, kmsKeyArn: stagingBucket.kmsKeyArn },
      secretArns: [source.secretArn, target.secretArn],
      secretKmsKeyArns: [source.secretKmsKeyArn, target.secretKmsKeyArn].filter((arn): arn is string => !!arn),
    });

    const staging = new StagingBucket(this, 'staging_bucket', {
      name: stagingBucket.name,
      partition,
      folder: stagingBucket.folder,
      expireAfterDays: stagingBucket.expireAfterDays,
      kmsKeyArn: stagingBucket.kmsKeyArn,
    });

    // DMS reads host and port from the secret. The DatabaseHost/DatabasePort tags record what this stack
    // expects there, so review, plans and the console show which database an endpoint is for.
    const sourceEndpoint: EndpointProps = {
      endpointId: source.endpointId,
      engineName: source.engine,
      databaseName: source.databaseName,
      sslMode: source.sslMode,
      secretsManagerArn: source.secretArn,
      secretsManagerAccessRoleArn: iam.secretsAccessRoleArn,
      tags: { DatabaseHost: source.serverName, DatabasePort: String(source.port) },
    };

    // Engine `redshift`, not `redshift-serverless`: the provider ignores `redshift_settings` for
    // `redshift-serverless` (terraform-provider-aws #37063), which would drop the staging bucket, its folder,
    // access role and encryption. DMS reaches the workgroup through the host and port kept in the secret.
    const targetEndpoint: EndpointProps = {
      endpointId: target.endpointId,
      engineName: 'redshift',
      databaseName: workgroup.databaseName,
      sslMode: target.sslMode,
      secretsManagerArn: target.secretArn,
      secretsManagerAccessRoleArn: iam.secretsAccessRoleArn,
      redshiftSettings: {
        bucketName: staging.bucketName,
        bucketFolder: stagingBucket.folder,
        serviceAccessRoleArn: iam.stagingRoleArn,
        encryptionMode: stagingBucket.kmsKeyArn ? 'SSE_KMS' : 'SSE_S3',
        serverSideEncryptionKmsKeyId: stagingBucket.kmsKeyArn,
      },
      tags: {
        DatabaseHost: workgroup.host,
        DatabasePort: Token.isUnresolved(workgroup.port) ? Token.asString(workgroup.port) : String(workgroup.port),
        RedshiftWorkgroup: workgroup.workgroupName,
        ...(workgroup.namespaceName ? { RedshiftNamespace: workgroup.namespaceName } : {}),
      },
    };

    const egress: EgressRule[] = [
      {
        name: 'source_database',
        description: `${source.engine} source ${source.serverName}:${source.port}`,
        port: source.port,
        cidrs: pipeline.network.egress.sourceCidrs,
      },
      {
        name: 'target_database',
        description: `Redshift Serverless workgroup ${workgroup.workgroupName}`,
        port: workgroup.port,
        cidrs: pipeline.network.egress.targetCidrs,
      },
      {
        name: 'https',
        description: 'HTTPS to Secrets Manager and S3',
        port: 443,
        cidrs: pipeline.network.egress.httpsCidrs,
        prefixListIds: pipeline.network.egress.httpsPrefixListIds,
      },
    ];

    const dms = new DmsReplication(this, 'dms', {
      namePrefix: pipeline.name,
      vpcId: pipeline.network.vpcId,
      subnetIds: pipeline.network.subnets.map((subnet) => subnet.id),
      egress,
      replicationInstance: pipeline.replicationInstance,
      dependsOn: iam.accountRolesReady,
      source: sourceEndpoint,
      target: targetEndpoint,
      logRetentionDays: pipeline.logRetentionDays,
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

    new TerraformOutput(this, 'dms_replication_task_arn', {
      description: `ARN of ${pipeline.tasks[0].id}, the pipeline's first task (the runbook starts it with this).`,
      value: dms.tasks[0].replicationTaskArn,
    });
    new TerraformOutput(this, 'dms_replication_task_arns', {
      description: 'ARN of every replication task, by task id.',
      value: Object.fromEntries(pipeline.tasks.map((task, index) => [task.id, dms.tasks[index].replicationTaskArn])),
    });
    new TerraformOutput(this, 'replication_instance_arn', {
      description: 'ARN of the DMS replication instance.',
      value: dms.replicationInstance.replicationInstanceArn,
    });
    new TerraformOutput(this, 'source_endpoint_arn', {
      description: 'ARN of the source endpoint (aws dms test-connection).',
      value: dms.sourceEndpoint.endpointArn,
    });
    new TerraformOutput(this, 'target_endpoint_arn', {
      description: 'ARN of the target endpoint.',
      value: dms.targetEndpoint.endpointArn,
    });
    new TerraformOutput(this, 'staging_bucket_name', {
      description: 'S3 bucket DMS stages files in before Redshift COPY.',
      value: staging.bucketName,
    });
    new TerraformOutput(this, 'redshift_workgroup_endpoint', {
      description: 'host:port of the Redshift Serverless workgroup the target endpoint expects (the secret must match).',
      value: `${workgroup.host}:${workgroup.port}`,
    });

    if (pipeline.adoptLegacyState) this.moveFromLegacyAddresses(pipeline.adoptLegacyState.addresses, taskAddress(pipeline.name, pipeline.tasks[0].id));
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
    const location = workgroup.state;
    const state =
      location.backend === 's3'
        ? new DataTerraformRemoteStateS3(this, 'redshift', { bucket: location.bucket, key: location.key, region: location.region })
        : new DataTerraformRemoteState(this, 'redshift', {
            organization: location.organization,
            hostname: location.hostname,
            workspaces: new NamedRemoteWorkspace(location.workspace),
          });
    const { outputs } = workgroup;
    return {
      host: state.getString(outputs.host),
      port: state.getNumber(outputs.port),
      databaseName: state.getString(outputs.databaseName),
      workgroupName: state.getString(outputs.workgroupName),
      namespaceName: state.getString(outputs.namespaceName),
    };
  }

  /** `moved` blocks from the HCL modules' addresses; config overrides the default map per address. */
  private moveFromLegacyAddresses(overrides: Record<string, string | null>, firstTaskAddress: string): void {
    const resources = this.node.findAll().filter(TerraformResource.isTerraformResource);
    const addresses = new Map(resources.map((resource) => [`${resource.terraformResourceType}.${resource.node.id}`, resource]));
    const unknown = Object.keys(overrides).filter((address) => !addresses.has(address));
    if (unknown.length > 0) {
      throw new ValidationFailed(
        unknown.map((address) => ({
          path: `pipelines[${this.pipeline.index}].adoptLegacyState.addresses[${JSON.stringify(address)}]`,
          message: `is not a resource of stack ${this.pipeline.name}`,
        })),
      );
    }
    for (const [address, resource] of addresses) {
      const legacy = address in overrides ? overrides[address] : defaultLegacyAddress(address, `aws_dms_replication_task.${firstTaskAddress}`);
      if (legacy) resource.moveFromId(legacy);
    }
  }
}
