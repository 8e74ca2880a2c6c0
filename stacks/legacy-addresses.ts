/**
 * Where the team's hand-written HCL modules kept each resource this project creates: `module "dms_iam"`
 * (terraform/modules/dms-iam) and `module "dms"` (terraform/modules/dms). With `adoptLegacyState`, a stack
 * emits a `moved` block from each legacy address, so the first plan after the switch only moves resources.
 * Per-pipeline overrides in config replace entries; `null` means the legacy layout had no such resource.
 */
const FIXED: Record<string, string> = {
  'aws_iam_role.dms_vpc_role': 'module.dms_iam.aws_iam_role.dms_vpc_role',
  'aws_iam_role_policy_attachment.dms_vpc_role_policy': 'module.dms_iam.aws_iam_role_policy_attachment.dms_vpc_role',
  'aws_iam_role.dms_cloudwatch_logs_role': 'module.dms_iam.aws_iam_role.dms_cloudwatch_logs_role',
  'aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy': 'module.dms_iam.aws_iam_role_policy_attachment.dms_cloudwatch_logs_role',
  'aws_iam_role.dms_s3_role': 'module.dms_iam.aws_iam_role.dms_s3_role',
  'aws_iam_role_policy.dms_s3_role_policy': 'module.dms_iam.aws_iam_role_policy.dms_s3_role',
  'aws_iam_role.dms_secrets_role': 'module.dms_iam.aws_iam_role.dms_secrets_role',
  'aws_iam_role_policy.dms_secrets_role_policy': 'module.dms_iam.aws_iam_role_policy.dms_secrets_role',
  'aws_dms_replication_subnet_group.replication_subnet_group': 'module.dms.aws_dms_replication_subnet_group.this',
  'aws_dms_replication_instance.replication_instance': 'module.dms.aws_dms_replication_instance.this',
  'aws_security_group.replication_instance': 'module.dms.aws_security_group.this',
  'aws_dms_endpoint.source': 'module.dms.aws_dms_endpoint.source',
  'aws_dms_endpoint.target': 'module.dms.aws_dms_endpoint.target',
  'aws_cloudwatch_log_group.task_logs': 'module.dms.aws_cloudwatch_log_group.this',
  'aws_s3_bucket.staging': 'module.dms.aws_s3_bucket.staging',
  'aws_s3_bucket_ownership_controls.staging_ownership': 'module.dms.aws_s3_bucket_ownership_controls.staging',
  'aws_s3_bucket_public_access_block.staging_public_access': 'module.dms.aws_s3_bucket_public_access_block.staging',
  'aws_s3_bucket_server_side_encryption_configuration.staging_encryption': 'module.dms.aws_s3_bucket_server_side_encryption_configuration.staging',
  'aws_s3_bucket_policy.staging_policy': 'module.dms.aws_s3_bucket_policy.staging',
  'aws_s3_bucket_lifecycle_configuration.staging_lifecycle': 'module.dms.aws_s3_bucket_lifecycle_configuration.staging',
};

/**
 * The default legacy address of `address`, or undefined when the HCL layout had none: the fixed table, each
 * security group egress rule under the same name in `module.dms`, and the first task as `module.dms`'s `this`.
 */
export function defaultLegacyAddress(address: string, firstTaskAddress: string): string | undefined {
  if (FIXED[address]) return FIXED[address];
  if (address.startsWith('aws_vpc_security_group_egress_rule.')) return `module.dms.${address}`;
  if (address === firstTaskAddress) return 'module.dms.aws_dms_replication_task.this';
  return undefined;
}
