/**
 * SQL Server `Raptor` → DMS (full load + CDC) → S3 staging → Redshift Serverless, as in the team's
 * "DMS Zero-ETL Implementation Guide". Values the guide does not give are in PLACEHOLDERS below and listed in
 * README under "Before you deploy".
 */
import type { PipelineConfigInput } from '../schema';

type PipelineInput = PipelineConfigInput['pipelines'][number];

const ACCOUNT_ID = '459286107047';
const REGION = 'us-west-2';

/** Not in the guide: replace each before the first apply. */
const PLACEHOLDERS = {
  stateBucket: 'tfstate-459286107047-us-west-2',
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  subnets: [
    { id: 'subnet-0a1b2c3d4e5f60001', availabilityZone: 'us-west-2a' },
    { id: 'subnet-0a1b2c3d4e5f60002', availabilityZone: 'us-west-2b' },
  ],
  /** Network of the SQL Server listener LSNRGNP04A (reached over VPN/Direct Connect). */
  sqlServerCidr: '10.40.0.0/16',
  /** VPC range of the Redshift Serverless workgroup. */
  redshiftCidr: '10.50.0.0/16',
  /** The Secrets Manager interface endpoint's subnets in the DMS VPC. */
  secretsManagerEndpointCidr: '10.50.0.0/16',
  /** The S3 gateway endpoint's prefix list (`com.amazonaws.us-west-2.s3`; `aws ec2 describe-prefix-lists`). */
  s3PrefixListId: 'pl-68a54001',
  sqlServerSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:dms/redshift-fed-prod/sqlserver-raptor-AbC123`,
  redshiftSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:dms/redshift-fed-prod/redshift-dev-DeF456`,
  /** Who is paged for DMS failures and CDC lag (the runbook's "set up alerts: SNS notifications for failures"). */
  alertEmail: 'data-platform-oncall@example.com',
} as const;

export const redshiftFedProd: PipelineInput = {
  name: 'redshift-fed-prod',
  environment: 'prod',
  accountId: ACCOUNT_ID,
  region: REGION,
  tags: { Project: 'redshift-federation', JiraEpic: 'OPS-49969' },
  backend: { type: 's3', bucket: PLACEHOLDERS.stateBucket, region: REGION, useLockfile: true },
  network: {
    vpcId: PLACEHOLDERS.vpcId,
    subnets: [...PLACEHOLDERS.subnets],
    egress: {
      sourceCidrs: [PLACEHOLDERS.sqlServerCidr],
      targetCidrs: [PLACEHOLDERS.redshiftCidr],
    },
    // DMS 3.4.7+ in a private subnet reaches S3 (staging) and Secrets Manager only through VPC endpoints.
    vpcEndpoints: {
      s3: { prefixListIds: [PLACEHOLDERS.s3PrefixListId] },
      secretsManager: { cidrs: [PLACEHOLDERS.secretsManagerEndpointCidr] },
    },
  },
  accountRoles: 'create',
  replicationInstance: {
    from: 'this-stack',
    id: 'redshift-fed-prod-replication-instance',
    instanceClass: 'dms.t3.medium',
    allocatedStorage: 100,
    multiAz: false,
  },
  source: {
    engine: 'sqlserver',
    endpointId: 'redshift-fed-prod-source-sqlserver',
    serverName: 'LSNRGNP04A',
    port: 4070,
    databaseName: 'Raptor',
    sslMode: 'require',
    secretArn: PLACEHOLDERS.sqlServerSecretArn,
  },
  target: {
    engine: 'redshift-serverless',
    endpointId: 'redshift-fed-prod-target-redshift',
    // Literal values from the guide. When the Redshift root's state location is known, switch to
    // { from: 'remote-state', state: { backend: 's3', bucket, key, region } } (see README).
    workgroup: {
      from: 'config',
      workgroupName: 'redshift-fed-prod-workgroup',
      host: `redshift-fed-prod-workgroup.${ACCOUNT_ID}.${REGION}.redshift-serverless.amazonaws.com`,
      port: 5439,
      databaseName: 'dev',
    },
    schemaName: 'public',
    secretArn: PLACEHOLDERS.redshiftSecretArn,
    stagingBucket: { name: `dms-redshift-fed-prod-staging-${ACCOUNT_ID}` },
  },
  monitoring: { notify: [{ protocol: 'email', endpoint: PLACEHOLDERS.alertEmail }] },
  tasks: [
    {
      id: 'redshift-fed-prod-replication-task',
      resourceIdentifier: 'redshift-fed-prod-replication',
      migrationType: 'full-load-and-cdc',
      tableMappings: 'dms-table-mappings.json',
      settings: { profiles: ['full-load-tuning', 'cdc-tuning', 'logging'] },
      startReplicationTask: false,
    },
  ],
};
