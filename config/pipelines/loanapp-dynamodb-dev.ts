/**
 * Aurora PostgreSQL `LoanApplication` → DMS (full load + CDC) → DynamoDB, as in the team's "Step 4: DMS
 * Migration - PostgreSQL to DynamoDB". Tasks run on an existing replication instance (the guide passes
 * `-ReplicationInstanceId`); the object mappings are derived from the table definitions below. Values the guide
 * does not give are in PLACEHOLDERS and listed in README under "Before you deploy".
 */
import type { PipelineConfigInput } from '../schema';

type PipelineInput = PipelineConfigInput['pipelines'][number];

/** Not in the guide: replace each before the first apply. */
const PLACEHOLDERS = {
  accountId: '210987654321',
  region: 'us-west-2',
  stateBucket: 'tfstate-210987654321-us-west-2',
  /** The shared dev replication instance the guide's script attaches tasks to. */
  replicationInstanceArn: 'arn:aws:dms:us-west-2:210987654321:rep:LOANAPPDEVSHAREDINSTANCE',
  replicationInstanceId: 'loanapp-dev-shared-instance',
  auroraEndpoint: 'loanapp-dev.cluster-abcdefghijkl.us-west-2.rds.amazonaws.com',
  auroraSecretArn: 'arn:aws:secretsmanager:us-west-2:210987654321:secret:dms/loanapp-dynamodb-dev/aurora-LoAn42',
  alertEmail: 'loanapp-dev-alerts@example.com',
} as const;

export const loanappDynamodbDev: PipelineInput = {
  name: 'loanapp-dynamodb-dev',
  environment: 'dev',
  accountId: PLACEHOLDERS.accountId,
  region: PLACEHOLDERS.region,
  tags: { Project: 'loan-application', Phase: 'migration-phase3' },
  backend: { type: 's3', bucket: PLACEHOLDERS.stateBucket, region: PLACEHOLDERS.region, useLockfile: true },
  replicationInstance: {
    from: 'arn',
    id: PLACEHOLDERS.replicationInstanceId,
    arn: PLACEHOLDERS.replicationInstanceArn,
  },
  source: {
    engine: 'aurora-postgresql',
    endpointId: 'loanapp-dynamodb-dev-source-aurora',
    serverName: PLACEHOLDERS.auroraEndpoint,
    port: 5432,
    databaseName: 'LoanApplication',
    sslMode: 'require',
    // test-decoding ships with PostgreSQL: only rds.logical_replication = 1 is needed on the Aurora cluster.
    cdc: {
      plugin: 'test-decoding',
      slotName: 'dms_loanapp_dynamodb_dev',
      heartbeat: { enabled: true, frequencyMinutes: 5, schema: 'dbo' },
      captureDdls: false,
    },
    tables: [
      {
        schema: 'dbo',
        name: 'IntegrationLogs',
        columns: {
          LogId: 'int',
          LogTimestamp: 'timestamp',
          ApplicationId: 'int',
          CorrelationId: 'string',
          ErrorStatus: 'string',
          LogType: 'string',
          ServiceName: 'string',
        },
        primaryKey: ['LogId'],
        // For `npm run review -- --sample-items`: an error and a success (no ErrorStatus: not in GSI3).
        sampleRows: [
          {
            LogId: 81234,
            LogTimestamp: '2025-12-05 10:15:42.123456',
            ApplicationId: 5012,
            CorrelationId: 'c0a8012e-7f3b-4d2a-9c11-5be0d1f4a001',
            ErrorStatus: 'TIMEOUT',
            LogType: 'ERROR',
            ServiceName: 'CreditBureauClient',
          },
          {
            LogId: 81235,
            LogTimestamp: '2025-12-05 10:15:43.000000',
            ApplicationId: 5012,
            CorrelationId: 'c0a8012e-7f3b-4d2a-9c11-5be0d1f4a001',
            ErrorStatus: null,
            LogType: 'INFO',
            ServiceName: 'CreditBureauClient',
          },
        ],
      },
      {
        schema: 'dbo',
        name: 'Payments',
        columns: { PaymentId: 'int', CustomerId: 'int', PaymentDate: 'timestamp', PaymentAmount: 'decimal' },
        primaryKey: ['PaymentId'],
      },
    ],
    secretArn: PLACEHOLDERS.auroraSecretArn,
  },
  target: {
    engine: 'dynamodb',
    endpointId: 'loanapp-dynamodb-dev-target-dynamodb',
    tables: [
      {
        id: 'integration_logs',
        name: 'LoanApp-IntegrationLogs-dev',
        partitionKey: { name: 'PK', type: 'S' },
        sortKey: { name: 'SK', type: 'S' },
        // One item per log row; the indexes answer "logs of an application / a correlation id / an error
        // status, in time order". Keys come from columns that never change, as DynamoDB keys cannot be updated.
        globalSecondaryIndexes: [
          {
            name: 'GSI1-ApplicationId-LogTimestamp',
            partitionKey: { name: 'ApplicationId', type: 'N' },
            sortKey: { name: 'LogTimestamp', type: 'S' },
          },
          {
            name: 'GSI2-CorrelationId-LogTimestamp',
            partitionKey: { name: 'CorrelationId', type: 'S' },
            sortKey: { name: 'LogTimestamp', type: 'S' },
          },
          {
            name: 'GSI3-ErrorStatus-LogTimestamp',
            partitionKey: { name: 'ErrorStatus', type: 'S' },
            sortKey: { name: 'LogTimestamp', type: 'S' },
          },
        ],
        source: 'dbo.IntegrationLogs',
        attributes: { PK: 'LOG#${LogId}', SK: 'TS#${LogTimestamp}' },
      },
      {
        id: 'payments',
        name: 'LoanApp-Payments-dev',
        partitionKey: { name: 'PaymentId', type: 'N' },
        source: 'dbo.Payments',
      },
    ],
  },
  monitoring: { notify: [{ protocol: 'email', endpoint: PLACEHOLDERS.alertEmail }] },
  tasks: [
    {
      id: 'loanapp-dynamodb-dev-replication-task',
      resourceIdentifier: 'loanapp-dynamodb-dev-task',
      migrationType: 'full-load-and-cdc',
      tableMappings: 'derived',
      settings: { profiles: ['dynamodb-target', 'logging'] },
      startReplicationTask: false,
    },
  ],
};
