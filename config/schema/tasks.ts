/** The replication tasks: migration type, table mappings and settings. */
import { z } from 'zod';
import { TASK_SETTINGS_PROFILE_NAMES, taskSettingsSchema } from '../../mappings/task-settings';
import { MIGRATION_TYPES } from '../../core/dms';
import { dmsIdentifier } from '../rules';

export const task = z.strictObject({
  id: dmsIdentifier(255),
  /**
   * The task ARN's last part (also the CloudWatch `ReplicationTaskIdentifier` dimension, which alarms derive from
   * the ARN either way). Set it on new tasks for predictable ARNs; changing it replaces the task, so never add it
   * to an adopted one. Default: chosen by DMS.
   */
  resourceIdentifier: dmsIdentifier(31).optional(),
  migrationType: z.enum(MIGRATION_TYPES, { error: `must be one of ${MIGRATION_TYPES.join(', ')}` }),
  /**
   * File name under `mappings/`, e.g. `dms-table-mappings.json`; or `derived` (DynamoDB targets): selection and
   * object-mapping rules built from the target table definitions.
   */
  tableMappings: z.union(
    [z.literal('derived'), z.string().regex(/^[A-Za-z0-9._-]+\.json$/, 'must be a .json file name inside mappings/, or derived')],
    {
      error: 'must be a .json file name inside mappings/, or derived',
    },
  ),
  settings: z
    .strictObject({
      /** Profiles applied in order (see mappings/task-settings/profiles.ts). */
      profiles: z
        .array(z.enum(TASK_SETTINGS_PROFILE_NAMES, { error: `must be one of ${TASK_SETTINGS_PROFILE_NAMES.join(', ')}` }))
        .default([]),
      /** Per-task settings laid over the profiles. */
      overrides: taskSettingsSchema.default({}),
    })
    .default({ profiles: [], overrides: {} }),
  /** Start the task when Terraform creates it. Default false: the runbook starts it by hand after checks. */
  startReplicationTask: z.boolean().default(false),
});
