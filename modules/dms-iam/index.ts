/**
 * `DmsIam`: the IAM roles a DMS pipeline needs, each scoped to what DMS does with it.
 *
 * - `dms-vpc-role` and `dms-cloudwatch-logs-role`: account-global, looked up by DMS under exactly these names
 *   (the API error names `role/dms-vpc-role`). Created, imported, or referenced per `accountRoles`.
 * - The staging-bucket role (the seed's `dms-s3-role`), used by DMS and by Redshift's COPY.
 * - The Secrets Manager access role DMS assumes to read endpoint credentials.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct, type ITerraformDependable } from '../../platform/cdktf';
import { type PolicyStatement, dmsSourceConditions, kmsViaService, policyDocument, servicePrincipal, trustPolicy } from '../iam-policy';
import { arn } from '../../core/arn';
import type { AccountRolesMode } from '../../core/dms';

export interface DmsIamProps {
  /** Prefix of the pipeline's own role names, e.g. `redshift-fed-prod` → `redshift-fed-prod-dms-s3-role`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /**
   * How this stack handles `dms-vpc-role` and `dms-cloudwatch-logs-role`:
   * `create` them; `import` existing ones into this stack (Terraform import blocks, no EntityAlreadyExists);
   * `existing` to reference them by name without managing them.
   */
  readonly accountRoles: AccountRolesMode;
  /**
   * The Redshift staging bucket. When set, a role trusted by DMS and Redshift gets object access to this bucket
   * only. Default: no staging role (targets that do not stage through S3).
   */
  readonly stagingBucket?: {
    readonly name: string;
    /** SSE-KMS key of the bucket; the role gets data-key use on it. Default: SSE-S3, no KMS permissions. */
    readonly kmsKeyArn?: string;
  };
  /**
   * DynamoDB target tables. When set, a role DMS assumes to write them (and its exception tables), without
   * permission to create or drop them: their keys and indexes belong to Terraform. Default: no DynamoDB role.
   */
  readonly dynamodbTables?: readonly string[];
  /**
   * Customer managed keys of those tables. DynamoDB encrypts and decrypts items with the table key on behalf
   * of the caller, so the writer needs key use through DynamoDB, or every write fails with KMS AccessDenied.
   * Default: none (AWS owned or AWS managed keys need no grant).
   */
  readonly dynamodbKmsKeyArns?: readonly string[];
  /** Secrets Manager secrets DMS reads endpoint credentials from. */
  readonly secretArns: readonly string[];
  /** Customer managed keys of those secrets, if any. Default: none (the AWS managed key needs no grant). */
  readonly secretKmsKeyArns?: readonly string[];
}

const ACCOUNT_ROLES = [
  { id: 'dms_vpc_role', name: 'dms-vpc-role', policy: 'AmazonDMSVPCManagementRole' },
  { id: 'dms_cloudwatch_logs_role', name: 'dms-cloudwatch-logs-role', policy: 'AmazonDMSCloudWatchLogsRole' },
] as const;

export interface DmsAccountRolesProps {
  readonly partition: string;
  /** `create` the roles, or `import` existing ones (Terraform import blocks, no EntityAlreadyExists). */
  readonly mode: 'create' | 'import';
}

/**
 * `dms-vpc-role` and `dms-cloudwatch-logs-role` with their AWS managed policies: one pair per account, which
 * every DMS workload of the account relies on. The account baseline stack holds them (stacks/dms-account-stack);
 * `prevent_destroy` stops a plan that would delete them, as renaming or destroying a stack otherwise would.
 */
export class DmsAccountRoles extends Construct {
  /** The policy attachments: what a subnet group in the same stack would wait for. */
  readonly ready: ITerraformDependable[] = [];
  readonly roleNames: string[] = [];

  constructor(scope: Construct, id: string, props: DmsAccountRolesProps) {
    super(scope, id);
    for (const role of ACCOUNT_ROLES) {
      // Plain trust, no conditions: extra conditions on these fixed-name roles broke DMS logging
      // (terraform-aws-modules/terraform-aws-dms #84).
      const iamRole = new IamRole(this, role.id, {
        name: role.name,
        description: `Account-global role AWS DMS looks up by name (${role.policy}).`,
        assumeRolePolicy: trustPolicy([servicePrincipal('dms')]),
        lifecycle: { preventDestroy: true },
      });
      const policyArn = arn({ partition: props.partition, service: 'iam', account: 'aws', resource: `policy/service-role/${role.policy}` });
      const attachment = new IamRolePolicyAttachment(this, `${role.id}_policy`, {
        role: iamRole.name,
        policyArn,
        lifecycle: { preventDestroy: true },
      });
      if (props.mode === 'import') {
        iamRole.importFrom(role.name);
        attachment.importFrom(`${role.name}/${policyArn}`);
      }
      this.ready.push(attachment);
      this.roleNames.push(role.name);
    }
  }
}

/** Terraform addresses of the account roles, wherever a stack of this project or the HCL modules kept them. */
export const ACCOUNT_ROLE_ADDRESSES = ACCOUNT_ROLES.flatMap((role) => [
  `aws_iam_role.${role.id}`,
  `aws_iam_role_policy_attachment.${role.id}_policy`,
]);

export class DmsIam extends Construct {
  /**
   * What the replication subnet group and instance must wait for: the account roles' policy attachments
   * (terraform-provider-aws #11025, #19580). Empty when the roles are not managed here.
   */
  readonly accountRolesReady: ITerraformDependable[] = [];
  readonly stagingRoleArn?: string;
  readonly dynamodbRoleArn?: string;
  readonly secretsAccessRoleArn: string;

  constructor(scope: Construct, id: string, props: DmsIamProps) {
    super(scope, id);
    if (props.accountRoles !== 'existing') {
      this.accountRolesReady.push(
        ...new DmsAccountRoles(this, 'account_roles', { partition: props.partition, mode: props.accountRoles }).ready,
      );
    }

    const confusedDeputy = dmsSourceConditions(props.partition, props.region, props.accountId);
    if (props.stagingBucket) {
      const bucketArn = arn({ partition: props.partition, service: 's3', resource: props.stagingBucket.name });
      const stagingRole = new IamRole(this, 'dms_s3_role', {
        name: `${props.namePrefix}-dms-s3-role`,
        description: 'DMS writes and Redshift COPY reads staged files in the DMS staging bucket.',
        // redshift-serverless: required when the target is a Serverless workgroup (AWS DMS user guide,
        // "Using an Amazon Redshift database as a target", Redshift Serverless trust policy).
        // DMS's statement carries the confused deputy conditions (AWS DMS user guide, "Cross-service confused
        // deputy prevention"); Redshift's COPY assumes the role as Redshift, whose source ARN is not a DMS one.
        assumeRolePolicy: trustPolicy([
          { servicePrincipals: [servicePrincipal('dms')], conditions: confusedDeputy },
          { servicePrincipals: [servicePrincipal('redshift'), servicePrincipal('redshift-serverless')] },
        ]),
      });
      // The object and listing actions of AmazonDMSRedshiftS3Role, on this bucket only. Bucket administration
      // (create/delete bucket, policy, versioning, lifecycle) is Terraform's job, so DMS does not get it.
      const statements: PolicyStatement[] = [
        {
          sid: 'StagingBucketListing',
          actions: ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:ListBucket'],
          resources: [bucketArn],
        },
        {
          sid: 'StagingObjects',
          actions: ['s3:DeleteObject', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
          resources: [`${bucketArn}/*`],
        },
      ];
      if (props.stagingBucket.kmsKeyArn) {
        // Key use for SSE-KMS staging (AWS DMS user guide, "Creating and using AWS KMS keys to encrypt
        // Amazon Redshift target data"), limited to calls made through S3.
        statements.push({
          sid: 'StagingBucketKey',
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          resources: [props.stagingBucket.kmsKeyArn],
          conditions: { StringEquals: { 'kms:ViaService': kmsViaService('s3', props.region, props.partition) } },
        });
      }
      new IamRolePolicy(this, 'dms_s3_role_policy', {
        name: 'staging-bucket-access',
        role: stagingRole.id,
        policy: policyDocument(statements),
      });
      this.stagingRoleArn = stagingRole.arn;
    }

    if (props.dynamodbTables) {
      const table = (name: string) =>
        arn({ partition: props.partition, service: 'dynamodb', region: props.region, account: props.accountId, resource: `table/${name}` });
      const dynamodbRole = new IamRole(this, 'dms_dynamodb_role', {
        name: `${props.namePrefix}-dms-dynamodb-role`,
        description: 'DMS writes items to the pipeline DynamoDB tables and its exception tables.',
        assumeRolePolicy: trustPolicy([{ servicePrincipals: [servicePrincipal('dms')], conditions: confusedDeputy }]),
      });
      const tableKeys = unique(props.dynamodbKmsKeyArns ?? []);
      // AWS DMS user guide, "Prerequisites for using DynamoDB as a target": item writes and DescribeTable on the
      // target tables, the awsdms_* exception tables DMS creates, and ListTables on *.
      new IamRolePolicy(this, 'dms_dynamodb_role_policy', {
        name: 'dynamodb-target-write',
        role: dynamodbRole.id,
        policy: policyDocument([
          {
            sid: 'WriteTargetTables',
            actions: ['dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
            resources: unique(props.dynamodbTables).map(table),
          },
          {
            sid: 'DmsExceptionTables',
            actions: ['dynamodb:CreateTable', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
            resources: [table('awsdms_apply_exceptions'), table('awsdms_full_load_exceptions')],
          },
          { sid: 'ListTables', actions: ['dynamodb:ListTables'], resources: ['*'] },
          // Key use for tables encrypted with a customer managed key, only through DynamoDB in this region (AWS
          // KMS developer guide, "How Amazon DynamoDB uses AWS KMS": DynamoDB calls KMS for the principal that
          // reads or writes the table). No kms:CreateGrant: DynamoDB needs it from whoever creates a table, and
          // Terraform does that.
          ...(tableKeys.length > 0
            ? [
                {
                  sid: 'TargetTableKeys',
                  actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
                  resources: tableKeys,
                  conditions: { StringEquals: { 'kms:ViaService': kmsViaService('dynamodb', props.region, props.partition) } },
                },
              ]
            : []),
        ]),
      });
      this.dynamodbRoleArn = dynamodbRole.arn;
    }

    // DMS assumes this role through its regional principal (AWS DMS user guide, "Using secrets to access
    // AWS Database Migration Service endpoints").
    const secretsRole = new IamRole(this, 'dms_secrets_role', {
      name: `${props.namePrefix}-dms-secrets-role`,
      description: 'DMS reads endpoint credentials from Secrets Manager.',
      assumeRolePolicy: trustPolicy([{ servicePrincipals: [servicePrincipal('dms', props.region)], conditions: confusedDeputy }]),
    });
    const secretStatements: PolicyStatement[] = [
      { sid: 'ReadEndpointSecrets', actions: ['secretsmanager:GetSecretValue'], resources: unique(props.secretArns) },
    ];
    const secretKeys = unique(props.secretKmsKeyArns ?? []);
    if (secretKeys.length > 0) {
      secretStatements.push({
        sid: 'DecryptEndpointSecrets',
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: secretKeys,
        conditions: { StringEquals: { 'kms:ViaService': kmsViaService('secretsmanager', props.region, props.partition) } },
      });
    }
    new IamRolePolicy(this, 'dms_secrets_role_policy', {
      name: 'endpoint-secrets-read',
      role: secretsRole.id,
      policy: policyDocument(secretStatements),
    });
    this.secretsAccessRoleArn = secretsRole.arn;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
