/**
 * `DmsPipelineStack`: one class for every pipeline. It maps a resolved pipeline spec onto the provider,
 * backend, modules and outputs; engine knowledge comes from the engine adapters (engines/registry.ts) and the
 * instance's placement from stacks/replication-placement.ts; it holds no environment-specific logic of its own.
 */
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { DmsCertificate } from '@cdktf/provider-aws/lib/dms-certificate';
import { DmsReplicationTask } from '@cdktf/provider-aws/lib/dms-replication-task';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { type PublishedOutput, publishedOutputs, ssmParameterName } from '../config/cross-stack';
import { taskAddress } from '../config/naming';
import { partitionOf } from '../config/rules';
import type { RemoteStateLocation } from '../config/schema';
import type { ResolvedPipeline } from '../config/resolved';
import { ValidationFailed } from '../core/errors';
import { buildTarget } from '../engines/builders';
import { onSource, onTarget } from '../engines/registry';
import { type TargetParts, combineIamNeeds } from '../engines/types';
import { DmsReplication, type EgressRule, type EndpointProps, type NetworkProps } from '../modules/dms';
import { ACCOUNT_ROLE_ADDRESSES, DmsIam } from '../modules/dms-iam';
import { DmsMonitoring } from '../modules/monitoring';
import {
  Construct,
  DataTerraformRemoteState,
  DataTerraformRemoteStateS3,
  Fn,
  NamedRemoteWorkspace,
  TerraformOutput,
} from '../platform/cdktf';
import { SECURITY_GROUP, adoptedSpec, applyAdoption } from './adoption';
import { configureBackend } from './backend';
import { DmsAccountStack } from './dms-account-stack';
import { ReadableStack } from './readable-stack';
import { type PlacedInstance, type PlacementScope, placementOf } from './replication-placement';

export class DmsPipelineStack extends ReadableStack {
  private readonly partition: string;
  private readonly placement: PlacedInstance;

  readonly pipeline: ResolvedPipeline;

  constructor(scope: Construct, spec: ResolvedPipeline) {
    super(scope, spec.name);
    // With an adoption record, the live identifiers replace the conventional ones (config/adoption.ts).
    const pipeline = adoptedSpec(spec, spec.adoption);
    this.pipeline = pipeline;
    this.partition = partitionOf(pipeline.region);
    this.placement = placementOf(pipeline.replicationInstance);
    // cdktf writes the short form `aws`; the fully qualified source is what HCL authors write and review.
    this.addOverride('terraform.required_providers.aws.source', 'hashicorp/aws');

    configureBackend(this, pipeline.backend, pipeline.environment);
    this.provider();
    const iam = this.accessRoles();
    const target = this.target(iam);
    const dms = this.replication(iam, target);
    this.outputs(dms, target);
    if (pipeline.monitoring.enabled) this.monitor(dms);
    this.accountBaseline(scope);
    if (pipeline.adoption)
      applyAdoption(this, pipeline.adoption, `config/adoption/${pipeline.name}.json`, pipeline.index, pipeline.accountRoles);
  }

  private provider(): void {
    const { pipeline } = this;
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
  }

  /** The roles DMS assumes, allowed what both engines need (engines/<side>/<engine>: `iam`). */
  private accessRoles(): DmsIam {
    const { pipeline } = this;
    const needs = combineIamNeeds(
      onSource(pipeline.source, (adapter, source) => adapter.iam(source)),
      onTarget(pipeline.target, (adapter, target) => adapter.iam(target)),
    );
    return new DmsIam(this, 'dms_iam', {
      namePrefix: pipeline.name,
      accountId: pipeline.accountId,
      region: pipeline.region,
      partition: this.partition,
      // The account roles live in the account baseline stack (stacks/dms-account-stack); here they are only
      // names DMS looks up, so this stack reads nothing of that stack at plan time.
      accountRoles: 'existing',
      stagingBucket: needs.stagingBucket,
      dynamodbTables: needs.dynamodbTables,
      dynamodbKmsKeyArns: needs.dynamodbKmsKeyArns,
      secretArns: needs.secretArns,
      secretKmsKeyArns: needs.secretKmsKeyArns,
    });
  }

  /** The target's resources, endpoint, egress and outputs, built by its engine's builder. */
  private target(iam: DmsIam): TargetParts {
    const scope = {
      scope: this,
      partition: this.partition,
      pipeline: this.pipeline,
      roles: { secretsAccessRoleArn: iam.secretsAccessRoleArn, stagingRoleArn: iam.stagingRoleArn, dynamodbRoleArn: iam.dynamodbRoleArn },
      remoteState: (name: string, location: RemoteStateLocation) => this.remoteState(name, location),
    };
    return buildTarget(this.pipeline.target, scope);
  }

  /** The instance (or DMS Serverless, or an instance owned elsewhere), the endpoints and the tasks. */
  private replication(iam: DmsIam, target: TargetParts): DmsReplication {
    const { pipeline } = this;
    const scope: PlacementScope = {
      pipeline,
      networkProps: () => this.networkProps(iam, target),
      publishedValue: (stack, output) => this.publishedValue(stack, output),
      remoteState: (name, location) => this.remoteState(name, location),
    };
    const instance = this.placement.instance(scope);
    return new DmsReplication(this, 'dms', {
      namePrefix: pipeline.name,
      instance,
      source: this.sourceEndpoint(iam.secretsAccessRoleArn),
      target: target.endpoint,
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
  }

  /** Subnets and egress of the network DMS runs in when this stack creates the instance or runs DMS Serverless. */
  private networkProps(iam: DmsIam, target: TargetParts): NetworkProps {
    const { pipeline } = this;
    const { network, source } = pipeline;
    // config's checkInstanceOwnership requires a network for these placements; this fails closed without one.
    if (!network)
      throw new ValidationFailed([
        {
          path: `pipelines[${pipeline.index}].network`,
          message: 'is required when DMS runs in this stack (from this-stack or serverless)',
        },
      ]);
    const adoptedGroup = pipeline.adoption?.resources[SECURITY_GROUP];
    return {
      vpcId: network.vpcId,
      subnetIds: network.subnets.map((subnet) => subnet.id),
      // An adopted group's recorded inline rules are its rules, as they are (overrides append to lists).
      egress: adoptedGroup?.set.egress
        ? []
        : [
            ...byInternetExposure(network, {
              name: 'source_database',
              description: onSource(source, (adapter, spec) => adapter.egressDescription(spec)),
              port: source.port,
              cidrs: network.egress.sourceCidrs,
            }),
            ...(target.egress ? byInternetExposure(network, { ...target.egress, cidrs: network.egress.targetCidrs }) : []),
            ...httpsEgress(
              network,
              onTarget(pipeline.target, (adapter) => adapter.publicServices),
            ),
          ],
      dependsOn: iam.accountRolesReady,
      // An adopted group with inline rules keeps them inline: separate rule resources would duplicate them.
      inlineEgress: !!adoptedGroup?.inlineEgress,
    };
  }

  private outputs(dms: DmsReplication, target: TargetParts): void {
    const { pipeline, placement } = this;
    const { taskArns } = dms;
    const { kind, noun } = placement.tasks;
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
        description: placement.createsInstance
          ? 'ARN of the DMS replication instance.'
          : 'ARN of the replication instance the tasks run on (owned elsewhere).',
        value: dms.replicationInstanceArn,
      });
    }
    new TerraformOutput(this, 'source_endpoint_arn', {
      description: 'ARN of the source endpoint (aws dms test-connection).',
      value: dms.sourceEndpoint.endpointArn,
    });
    new TerraformOutput(this, 'target_endpoint_arn', { description: 'ARN of the target endpoint.', value: dms.targetEndpoint.endpointArn });
    for (const [name, output] of Object.entries(target.outputs)) new TerraformOutput(this, name, output);
  }

  /**
   * Alarms and events for what this stack owns: its tasks, and its instance when it created it (an instance
   * owned elsewhere is monitored by its owner). DMS Serverless gets the topic only (README: Monitoring).
   */
  private monitor(dms: DmsReplication): void {
    const { pipeline, placement } = this;
    const { monitoring } = pipeline;
    const instanceId = placement.taskInstanceId({ publishedValue: (stack, output) => this.publishedValue(stack, output) });
    const alerts = new DmsMonitoring(this, 'monitoring', {
      namePrefix: pipeline.name,
      accountId: pipeline.accountId,
      region: pipeline.region,
      partition: this.partition,
      topicKmsKeyArn: monitoring.topicKmsKeyArn,
      notify: monitoring.notify,
      thresholds: monitoring.thresholds,
      evaluationPeriods: monitoring.evaluationPeriods,
      instance: placement.monitoredInstance(dms),
      // Tasks on an instance only: DMS Serverless replications have no instance to alarm on.
      tasks:
        instanceId === undefined
          ? []
          : pipeline.tasks.flatMap((task, index) => {
              const resource = dms.tasks[index];
              if (!(resource instanceof DmsReplicationTask)) return [];
              return [
                {
                  address: taskAddress(pipeline.name, task.id),
                  taskId: task.id,
                  // The ARN's last segment (arn:aws:dms:<region>:<account>:task:<resource id>, AWS DMS user guide,
                  // "Constructing an ARN for AWS DMS"), so alarms watch adopted tasks DMS named as well as new ones.
                  resourceIdentifier: Fn.element(Fn.split(':', dms.taskArns[index]), 6),
                  instanceId,
                  cdc: task.migrationType !== 'full-load',
                  eventSourceId: resource.replicationTaskId,
                },
              ];
            }),
    });
    new TerraformOutput(this, 'alerts_topic_arn', {
      description: 'SNS topic of the pipeline alarms and DMS events.',
      value: alerts.topic.arn,
    });
    if (alerts.dashboard) {
      new TerraformOutput(this, 'dashboard_name', {
        description: 'CloudWatch dashboard of the pipeline.',
        value: alerts.dashboard.dashboardName,
      });
    }
  }

  /** A network of its own needs the account roles: the account baseline stack, deployed before this one. */
  private accountBaseline(scope: Construct): void {
    if (!this.placement.inThisNetwork) return;
    const account = DmsAccountStack.forPipeline(scope, this.pipeline);
    if (!account) return;
    // Deploy order for `cdktf deploy`: the roles exist before a subnet group needs dms-vpc-role.
    this.addDependency(account);
    this.forgetAccountRoles();
  }

  /**
   * DMS reads host and port from the secret. The DatabaseHost/DatabasePort tags record what this stack expects
   * there, so review, plans and the console show which database an endpoint is for.
   */
  private sourceEndpoint(secretsRoleArn: string): EndpointProps {
    const { source } = this.pipeline;
    const common: EndpointProps = {
      endpointId: source.endpointId,
      engineName: source.engine,
      databaseName: source.databaseName,
      sslMode: source.sslMode,
      certificateArn: source.certificatePem
        ? new DmsCertificate(this, 'source_ca', { certificateId: `${source.endpointId}-ca`, certificatePem: source.certificatePem })
            .certificateArn
        : undefined,
      secretsManagerArn: source.secretArn,
      secretsManagerAccessRoleArn: secretsRoleArn,
      tags: { DatabaseHost: source.serverName, DatabasePort: String(source.port) },
    };
    return { ...common, ...onSource(source, (adapter, spec) => adapter.endpointSettings(spec)) };
  }

  /**
   * A value another stack of this app publishes: `data.aws_ssm_parameter.<output>`, by the name the producer
   * derives (config/cross-stack.ts). Read at plan time with ssm:GetParameter; nothing else of that stack.
   */
  private publishedValue(stack: string, output: PublishedOutput): string {
    // A scope of their own: the addresses stay data.aws_ssm_parameter.<output>, beside outputs of that name.
    const found = this.node.tryFindChild('published_by_other_stacks');
    const scope = found instanceof Construct ? found : new Construct(this, 'published_by_other_stacks');
    const existing = scope.node.tryFindChild(output);
    const parameter =
      existing instanceof DataAwsSsmParameter
        ? existing
        : new DataAwsSsmParameter(scope, output, { name: ssmParameterName(stack, output) });
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

const SERVICE_NAMES = [
  ['s3', 'S3'],
  ['dynamodb', 'DynamoDB'],
  ['secretsManager', 'Secrets Manager'],
] as const;

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
function httpsEgress(network: Network, publicServices: string): EgressRule[] {
  const services = new Map<string, { prefixList: boolean; names: string[]; other: boolean }>();
  const add = (destination: string, prefixList: boolean, name?: string) => {
    const entry = services.get(destination) ?? { prefixList, names: [], other: false };
    if (name) entry.names.push(name);
    else entry.other = true;
    services.set(destination, entry);
  };
  for (const [service, name] of SERVICE_NAMES) {
    const path = network.vpcEndpoints[service];
    for (const cidr of path?.cidrs ?? []) add(cidr, false, name);
    for (const id of path && 'prefixListIds' in path ? path.prefixListIds : []) add(id, true, name);
  }
  network.egress.httpsCidrs.forEach((cidr) => add(cidr, false));
  network.egress.httpsPrefixListIds.forEach((id) => add(id, true));
  return [...services].map(([destination, entry]) => {
    const endpoints = entry.names.length === 0 ? '' : `the ${entry.names.join(' and ')} VPC endpoint${entry.names.length > 1 ? 's' : ''}`;
    const description = destination.endsWith('/0')
      ? internetDescription(network, `HTTPS to the internet (public route to ${publicServices})`)
      : `HTTPS to ${[endpoints, entry.other ? 'other destinations' : ''].filter(Boolean).join(' and ')}`;
    return {
      name: 'https',
      description,
      port: 443,
      cidrs: entry.prefixList ? [] : [destination],
      prefixListIds: entry.prefixList ? [destination] : [],
    };
  });
}
