/** The fields of one pipeline (one stack), section by section; pipeline.ts adds the checks across them. */
import { z } from 'zod';
import { ACCOUNT_ROLE_MODES } from '../../core/dms';
import { accountId, kmsKeyArn, logRetentionDays, region, slug, stackName, tags } from '../rules';
import { backend } from './backend';
import { monitoring } from './monitoring';
import { network } from './network';
import { replicationInstance } from './replication-instance';
import { source } from './source';
import { target } from './targets';
import { task } from './tasks';

export const pipelineObject = z.strictObject({
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

export type PipelineSpec = z.infer<typeof pipelineObject>;
export type TaskSpec = PipelineSpec['tasks'][number];
