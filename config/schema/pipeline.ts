/**
 * A pipeline (one stack) with the checks across its sections (pipeline-spec.ts has its fields), and the config
 * of all pipelines with the checks across pipelines. Refinements run in this order, so issues are reported in it.
 */
import { z } from 'zod';
import { checkAccountScopedNames, checkDerivedNameLengths } from '../uniqueness';
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
import { pipelineObject } from './pipeline-spec';
import { checkDuplicates, whenValid } from './refine';

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
