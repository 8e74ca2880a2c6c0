/** DMS vocabulary every layer shares: the spec validates it, documents and constructs are typed by it. */

/** CreateReplicationTask MigrationType (AWS DMS API reference). */
export const MIGRATION_TYPES = ['full-load', 'cdc', 'full-load-and-cdc'] as const;
export type MigrationType = (typeof MIGRATION_TYPES)[number];

/**
 * How a stack handles the account-global `dms-vpc-role` and `dms-cloudwatch-logs-role`: `create` them, `import`
 * existing ones into its state, or reference them as `existing` (managed elsewhere).
 */
export const ACCOUNT_ROLE_MODES = ['create', 'import', 'existing'] as const;
export type AccountRolesMode = (typeof ACCOUNT_ROLE_MODES)[number];
