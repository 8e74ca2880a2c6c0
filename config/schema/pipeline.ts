/**
 * A pipeline (one stack) from its sections, the checks across them, and the config of all pipelines with the
 * checks across pipelines. Refinements run in this order, so issues are reported in it.
 */
import { z } from 'zod';
import { ACCOUNT_ROLE_MODES } from '../../core/dms';
import { accountId, kmsKeyArn, logRetentionDays, region, slug, stackName, tags } from '../rules';
import { checkAccountScopedNames, checkDerivedNameLengths } from '../uniqueness';
import { backend } from './backend';
import {
  ACCOUNT_SCOPED_ARNS,
  checkAccountRoleManagers,
  checkAvailabilityZones,
  checkCertificates,
  checkDerivedMappings,
  checkEgressOverlap,
  checkEndpointIds,
  checkInstanceOwnership,
  checkNetworkPaths,
  checkProducerStacks,
  checkSameAccountAndRegion,
  checkTargetSection,
  checkTasks,
} from './checks';
import { monitoring } from './monitoring';
import { network } from './network';
import { checkDuplicates, whenValid } from './refine';
import { replicationInstance } from './replication-instance';
import { source } from './source';
import { target } from './targets';
import { task } from './tasks';

const pipelineObject = z.strictObject({
  /** Stack name, also the prefix of per-pipeline resource names. */
  name: stackName,
  environment: slug,
  accountId,
  region,
  tags: tags.default({}),
  backend,
  /** Where the replication instance lives and may connect; only when this stack creates the instance. */
  network: network.optional(),
  /**
   * `dms-vpc-role` and `dms-cloudwatch-logs-role` are account-global: `create` them, `import` existing ones into
   * this stack's state, or reference them as `existing` (managed elsewhere). Only when this stack creates the
   * replication instance; otherwise they already exist.
   */
  accountRoles: z.enum(ACCOUNT_ROLE_MODES, { error: `must be one of ${ACCOUNT_ROLE_MODES.join(', ')}` }).optional(),
  replicationInstance,
  source,
  target,
  logRetentionDays: logRetentionDays.default(30),
  /**
   * Customer managed key for the task log group this stack creates (`dms-tasks-<instance id>`). Its key
   * policy must let `logs.<region>.amazonaws.com` use it (CloudWatch Logs user guide, "Encrypt log data in
   * CloudWatch Logs using AWS KMS"). Default: CloudWatch Logs' own encryption.
   */
  logKmsKeyArn: kmsKeyArn.optional(),
  tasks: z.array(task).min(1, 'must define at least one task'),
  monitoring: monitoring.prefault({}),
});

const pipelineSchema = pipelineObject
  .superRefine((pipeline, ctx) => checkSameAccountAndRegion(pipeline, ctx), whenValid(['accountId'], ['region'], ...ACCOUNT_SCOPED_ARNS))
  .superRefine((pipeline, ctx) => checkAvailabilityZones(pipeline, ctx), whenValid(['region'], ['network', 'subnets']))
  .superRefine((pipeline, ctx) => checkTasks(pipeline, ctx), whenValid(['name'], ['tasks']))
  .superRefine((pipeline, ctx) => checkEndpointIds(pipeline, ctx), whenValid(['source', 'endpointId'], ['target', 'endpointId']))
  .superRefine(
    (pipeline, ctx) => checkEgressOverlap(pipeline, ctx),
    whenValid(['network', 'egress'], ['source', 'port'], ['target', 'engine'], ['target', 'workgroup']),
  )
  .superRefine(
    (pipeline, ctx) => checkNetworkPaths(pipeline, ctx),
    whenValid(['network'], ['target', 'engine'], ['replicationInstance', 'from']),
  )
  .superRefine(
    (pipeline, ctx) => checkCertificates(pipeline, ctx),
    whenValid(['source'], ['replicationInstance', 'from'], ['logKmsKeyArn']),
  )
  .superRefine(
    (pipeline, ctx) => checkInstanceOwnership(pipeline, ctx),
    whenValid(['replicationInstance', 'from'], ['network'], ['accountRoles'], ['target']),
  )
  .superRefine((pipeline, ctx) => checkTargetSection(pipeline, ctx), whenValid(['target'], ['source'], ['environment']))
  .superRefine((pipeline, ctx) => checkDerivedMappings(pipeline, ctx), whenValid(['target', 'engine'], ['tasks']))
  .superRefine(
    (pipeline, ctx) => checkDerivedNameLengths(pipeline, ctx),
    whenValid(['name'], ['monitoring', 'enabled'], ['replicationInstance'], ['tasks']),
  );

export const configSchema = z
  .strictObject({
    /** Lets editors find config/pipeline.schema.json from a JSON config. */
    $schema: z.string().optional(),
    pipelines: z.array(pipelineSchema).min(1, 'must define at least one pipeline'),
  })
  .superRefine(
    (config, ctx) => {
      checkDuplicates(
        config.pipelines.map((p) => p.name),
        (index) => ['pipelines', index, 'name'],
        'duplicate stack name',
        ctx,
      );
    },
    whenValid(['pipelines', '*', 'name']),
  )
  .superRefine(
    (config, ctx) => checkAccountRoleManagers(config.pipelines, ctx),
    whenValid(['pipelines', '*', 'accountId'], ['pipelines', '*', 'accountRoles'], ['pipelines', '*', 'name']),
  )
  .superRefine(
    (config, ctx) => checkProducerStacks(config.pipelines, ctx),
    whenValid(
      ['pipelines', '*', 'name'],
      ['pipelines', '*', 'replicationInstance'],
      ['pipelines', '*', 'accountId'],
      ['pipelines', '*', 'region'],
    ),
  )
  .superRefine(
    (config, ctx) => checkAccountScopedNames(config.pipelines, ctx),
    whenValid(['pipelines', '*', 'accountId'], ['pipelines', '*', 'region'], ['pipelines', '*', 'name']),
  );

export type PipelineConfig = z.infer<typeof configSchema>;
export type PipelineConfigInput = z.input<typeof configSchema>;
export type PipelineSpec = z.infer<typeof pipelineObject>;
export type TaskSpec = PipelineSpec['tasks'][number];
