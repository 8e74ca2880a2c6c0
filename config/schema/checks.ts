/** Checks across the sections of a pipeline, and across the pipelines of a config. */
import { ACCOUNT_ROLE_MODES } from '../../core/dms';
import { parseArn, partitionOf } from '../../core/arn';
import { firstUses, repeats } from '../../core/duplicates';
import { valueAt } from '../../core/value-at';
import { publishedOutputs } from '../cross-stack';
import { taskAddress } from '../naming';
import { VPC_ENDPOINT_SERVICES, VPC_ENDPOINT_SERVICE_NAMES, type VpcEndpointService } from './network';
import type { PipelineSpec } from './pipeline-spec';
import { checkDuplicates, type Ctx } from './refine';
import { RUNS_IN_THIS_STACK } from './replication-instance';
import { DERIVING_LABELS, sectionOf } from './targets';

/** ARN fields that must be in the pipeline's account and region. */
export const ACCOUNT_SCOPED_ARNS: string[][] = [
  ['source', 'secretArn'],
  ['source', 'secretKmsKeyArn'],
  ['target', 'secretArn'],
  ['target', 'secretKmsKeyArn'],
  ['replicationInstance', 'kmsKeyArn'],
  ['replicationInstance', 'arn'],
  ['target', 'stagingBucket', 'kmsKeyArn'],
  ['monitoring', 'topicKmsKeyArn'],
  ['logKmsKeyArn'],
];

export function checkTasks(pipeline: PipelineSpec, ctx: Ctx) {
  checkDuplicates(
    pipeline.tasks.map((t) => t.id.toLowerCase()),
    (index) => ['tasks', index, 'id'],
    'duplicate task id',
    ctx,
  );
  // Only among distinct ids: a repeated id is already reported above.
  const distinctIds = new Set<string>();
  checkDuplicates(
    pipeline.tasks.map((t) => {
      const id = t.id.toLowerCase();
      if (distinctIds.has(id)) return undefined;
      distinctIds.add(id);
      return taskAddress(pipeline.name, t.id);
    }),
    (index) => ['tasks', index, 'id'],
    'task id gives the same Terraform address as another task:',
    ctx,
  );
  checkDuplicates(
    pipeline.tasks.map((t) => t.resourceIdentifier?.toLowerCase()),
    (index) => ['tasks', index, 'resourceIdentifier'],
    'duplicate task resourceIdentifier',
    ctx,
  );
}

/** Two egress rules for the same port and CIDR would be rejected by EC2 as a duplicate permission. */
export function checkEgressOverlap(pipeline: PipelineSpec, ctx: Ctx) {
  if (!pipeline.network) return;
  const { egress } = pipeline.network;
  // A port read from remote state is unknown until plan; it cannot be compared here.
  const targetPort = sectionOf(pipeline.target).port;
  const rules: [string, number | undefined, string[]][] = [
    ['sourceCidrs', pipeline.source.port, egress.sourceCidrs],
    ['targetCidrs', targetPort, egress.targetCidrs],
    ['httpsCidrs', 443, egress.httpsCidrs],
  ];
  const firstRule = firstUses<string, string>();
  for (const [field, port, cidrs] of rules) {
    if (port === undefined) continue;
    cidrs.forEach((cidr, index) => {
      const first = firstRule(`${cidr}:${port}`, `network.egress.${field}[${index}]`);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['network', 'egress', field, index],
          message: `${cidr} on port ${port} is already allowed by ${first}`,
        });
      }
    });
  }
}

/**
 * Egress to the whole internet only with a written reason; and a path to each AWS service DMS calls: from DMS
 * 3.4.7, VPC endpoints or public routes are required for S3, DynamoDB and Secrets Manager (AWS DMS user guide,
 * "Configuring VPC endpoints for AWS DMS"). A public route is HTTPS egress to 0.0.0.0/0, which itself needs
 * allowInternetEgress.
 */
export function checkNetworkPaths(pipeline: PipelineSpec, ctx: Ctx) {
  const { network, target } = pipeline;
  // A network on a stack attaching tasks elsewhere is reported as misplaced (checkInstanceOwnership).
  if (!network || RUNS_IN_THIS_STACK[pipeline.replicationInstance.from] === undefined) return;
  const { egress, vpcEndpoints } = network;
  const open = (cidr: string) => cidr.endsWith('/0');
  const lists: [(string | number)[], string[]][] = [
    [['network', 'egress', 'sourceCidrs'], egress.sourceCidrs],
    [['network', 'egress', 'targetCidrs'], egress.targetCidrs],
    [['network', 'egress', 'httpsCidrs'], egress.httpsCidrs],
    [['network', 'vpcEndpoints', 's3', 'cidrs'], vpcEndpoints.s3?.cidrs ?? []],
    [['network', 'vpcEndpoints', 'dynamodb', 'cidrs'], vpcEndpoints.dynamodb?.cidrs ?? []],
    [['network', 'vpcEndpoints', 'secretsManager', 'cidrs'], vpcEndpoints.secretsManager?.cidrs ?? []],
  ];
  if (!network.allowInternetEgress) {
    for (const [path, cidrs] of lists) {
      cidrs.forEach((cidr, index) => {
        if (open(cidr)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, index],
            message: `${cidr} opens egress to the whole internet: use VPC endpoints, or set network.allowInternetEgress.reason to say why`,
          });
        }
      });
    }
  }
  const publicRoute = egress.httpsCidrs.some(open);
  const required: Partial<Record<VpcEndpointService, string>> = {
    ...sectionOf(target).vpcEndpoints,
    secretsManager: 'because endpoint credentials come from Secrets Manager',
  };
  for (const service of VPC_ENDPOINT_SERVICES) {
    const why = required[service];
    if (why !== undefined && !vpcEndpoints[service] && !publicRoute) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'vpcEndpoints', service],
        message: `is required ${why}: from DMS 3.4.7 a replication instance in a private subnet reaches ${VPC_ENDPOINT_SERVICE_NAMES[service]} only through a VPC endpoint or a public route (AWS DMS user guide, "Configuring VPC endpoints for AWS DMS")`,
      });
    }
  }
}

/** A CA certificate exactly when the source verifies the server; a log key only where this stack makes the log group. */
export function checkCertificates(pipeline: PipelineSpec, ctx: Ctx) {
  const { source } = pipeline;
  const verifies = source.sslMode === 'verify-ca' || source.sslMode === 'verify-full';
  if (verifies && !source.certificatePem) {
    ctx.addIssue({
      code: 'custom',
      path: ['source', 'certificatePem'],
      message: `is required with sslMode ${source.sslMode}: DMS verifies the server certificate against this CA`,
    });
  } else if (!verifies && source.certificatePem) {
    ctx.addIssue({
      code: 'custom',
      path: ['source', 'certificatePem'],
      message: `is used only with sslMode verify-ca or verify-full, not ${source.sslMode}`,
    });
  }
  if (pipeline.logKmsKeyArn && RUNS_IN_THIS_STACK[pipeline.replicationInstance.from] === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['logKmsKeyArn'],
      message: `applies to the log groups of an instance this stack creates (from this-stack) or of DMS Serverless replications, not from ${pipeline.replicationInstance.from}`,
    });
  }
}

export function checkEndpointIds(pipeline: PipelineSpec, ctx: Ctx) {
  if (pipeline.source.endpointId.toLowerCase() === pipeline.target.endpointId.toLowerCase()) {
    ctx.addIssue({ code: 'custom', path: ['target', 'endpointId'], message: 'must differ from source.endpointId' });
  }
}

/** Secrets and keys DMS uses must live in the pipeline's region, and (for this project) its account. */
export function checkSameAccountAndRegion(pipeline: PipelineSpec, ctx: Ctx) {
  const partition = partitionOf(pipeline.region);
  for (const path of ACCOUNT_SCOPED_ARNS) {
    // Read defensively: a sibling field of the section may have failed validation.
    const arn = valueAt(pipeline, path);
    if (typeof arn !== 'string') continue;
    const parts = parseArn(arn);
    if (!parts) continue;
    if (parts.partition !== partition) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `must be in partition ${partition} (region ${pipeline.region}), not ${parts.partition}`,
      });
    }
    if (parts.region !== pipeline.region) {
      ctx.addIssue({ code: 'custom', path, message: `must be in the pipeline's region ${pipeline.region}, not ${parts.region}` });
    }
    if (parts.account !== pipeline.accountId) {
      ctx.addIssue({ code: 'custom', path, message: `must be in the pipeline's account ${pipeline.accountId}, not ${parts.account}` });
    }
  }
}

export function checkAvailabilityZones(pipeline: PipelineSpec, ctx: Ctx) {
  if (!pipeline.network) return;
  const subnets = pipeline.network.subnets;
  subnets.forEach((subnet, index) => {
    if (!subnet.availabilityZone.startsWith(pipeline.region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'subnets', index, 'availabilityZone'],
        message: `must be an Availability Zone of ${pipeline.region}`,
      });
    }
  });
  checkDuplicates(
    subnets.map((s) => s.id),
    (index) => ['network', 'subnets', index, 'id'],
    'duplicate subnet',
    ctx,
  );
  const zones = new Set(subnets.map((s) => s.availabilityZone));
  if (subnets.length >= 2 && zones.size < 2) {
    ctx.addIssue({
      code: 'custom',
      path: ['network', 'subnets'],
      message: `must span at least 2 Availability Zones (all are in ${[...zones].join(', ')})`,
    });
  }
}

/**
 * A stack that creates its replication instance also says where it runs (network) and how it handles the
 * account-global roles; a stack attaching tasks to another instance has neither.
 */
export function checkInstanceOwnership(pipeline: PipelineSpec, ctx: Ctx) {
  const { from } = pipeline.replicationInstance;
  const when = RUNS_IN_THIS_STACK[from];
  if (when !== undefined) {
    if (!pipeline.network) ctx.addIssue({ code: 'custom', path: ['network'], message: `is required ${when}` });
    if (!pipeline.accountRoles) {
      ctx.addIssue({ code: 'custom', path: ['accountRoles'], message: `is required ${when}: one of ${ACCOUNT_ROLE_MODES.join(', ')}` });
    }
    const { targetNetwork } = sectionOf(pipeline.target);
    if (pipeline.network && targetNetwork !== undefined && pipeline.network.egress.targetCidrs.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'egress', 'targetCidrs'],
        message: `must list ${targetNetwork} (at least one CIDR block)`,
      });
    }
  } else {
    if (pipeline.network)
      ctx.addIssue({
        code: 'custom',
        path: ['network'],
        message: `belongs to the stack that creates the replication instance, not to one attaching tasks (from ${from})`,
      });
    if (pipeline.accountRoles)
      ctx.addIssue({
        code: 'custom',
        path: ['accountRoles'],
        message: `are managed with the replication instance; remove it here (from ${from})`,
      });
  }
}

/** The target section's own checks that read the source tables (e.g. DynamoDB tables fed by source tables). */
export function checkTargetSection(pipeline: PipelineSpec, ctx: Ctx) {
  sectionOf(pipeline.target).check(pipeline.source.tables, ctx);
}

/** `derived` mappings come from target definitions (DynamoDB tables); other targets need a mapping file. */
export function checkDerivedMappings(pipeline: PipelineSpec, ctx: Ctx) {
  if (sectionOf(pipeline.target).derivesMappings) return;
  pipeline.tasks.forEach((task, index) => {
    if (task.tableMappings === 'derived') {
      ctx.addIssue({
        code: 'custom',
        path: ['tasks', index, 'tableMappings'],
        message: `derived mappings need a ${DERIVING_LABELS.join(' or ')} target; ${pipeline.target.engine} needs a file under mappings/`,
      });
    }
  });
}

/**
 * A consumer (`replicationInstance.from: stack`) names a stack of this config that publishes its instance, in
 * the same account and region (SSM parameters are regional and per account).
 */
export function checkProducerStacks(pipelines: PipelineSpec[], ctx: Ctx) {
  pipelines.forEach((pipeline, index) => {
    const instance = pipeline.replicationInstance;
    if (instance.from !== 'stack') return;
    const path = ['pipelines', index, 'replicationInstance', 'stack'];
    const producer = pipelines.find((p) => p.name === instance.stack);
    if (!producer || producer === pipeline) {
      const producers = pipelines.filter((p) => p !== pipeline && publishedOutputs(p).length > 0).map((p) => p.name);
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${instance.stack} is not ${producer ? 'another' : 'a'} stack of this config${producers.length > 0 ? ` (stacks publishing an instance: ${producers.join(', ')})` : ''}`,
      });
    } else if (!publishedOutputs(producer).includes(instance.output)) {
      ctx.addIssue({
        code: 'custom',
        path: ['pipelines', index, 'replicationInstance', 'output'],
        message: `${instance.stack} does not publish ${instance.output}: it creates no replication instance (from ${producer.replicationInstance.from})`,
      });
    } else if (producer.accountId !== pipeline.accountId || producer.region !== pipeline.region) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${instance.stack} publishes in ${producer.accountId} ${producer.region}; this pipeline is in ${pipeline.accountId} ${pipeline.region} (SSM parameters are per account and region)`,
      });
    }
  });
}

/** At most one pipeline per account may create or import the account-global DMS roles. */
export function checkAccountRoleManagers(pipelines: PipelineSpec[], ctx: Ctx) {
  const managers = pipelines.map((pipeline) => (pipeline.accountRoles && pipeline.accountRoles !== 'existing' ? pipeline : undefined));
  for (const { index, first, value: pipeline } of repeats(managers, (manager) => manager.accountId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['pipelines', index, 'accountRoles'],
      message: `pipelines[${first}] (${pipelines[first].name}) already manages dms-vpc-role and dms-cloudwatch-logs-role in account ${pipeline.accountId}; use "existing" here`,
    });
  }
}
