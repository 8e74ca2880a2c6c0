/**
 * The pipeline spec: one zod schema is the source of the TypeScript types, of the validation every config goes
 * through (TypeScript default or `DMS_CONFIG` JSON) and of the published `config/pipeline.schema.json`.
 */
import { z } from 'zod';
import { TASK_SETTINGS_PROFILE_NAMES, taskSettingsSchema } from '../mappings/task-settings';
import {
  accountId,
  bucketName,
  cidrV4,
  dmsIdentifier,
  hostName,
  intBetween,
  kmsKeyArn,
  logRetentionDays,
  parseArn,
  partitionOf,
  plainText,
  port,
  prefixListId,
  region,
  secretArn,
  slug,
  stackName,
  subnetId,
  tags,
  vpcId,
} from './rules';
import { INSTANCE_CLASS_SIZES } from './instance-classes';
import { publishedOutputs } from './cross-stack';
import { taskAddress } from './naming';
import { checkAccountScopedNames, checkDerivedNameLengths } from './uniqueness';

export const MIGRATION_TYPES = ['full-load', 'cdc', 'full-load-and-cdc'] as const;
export const SSL_MODES = ['none', 'require', 'verify-ca', 'verify-full'] as const;
export const ACCOUNT_ROLE_MODES = ['create', 'import', 'existing'] as const;


const instanceClass = z.string().superRefine((value, ctx) => {
  const match = /^dms\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(value);
  const families = Object.keys(INSTANCE_CLASS_SIZES);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `must be dms.<family>.<size> with family one of ${families.join(', ')}` });
    return;
  }
  const [, family, size] = match;
  const sizes = INSTANCE_CLASS_SIZES[family];
  if (!sizes) {
    ctx.addIssue({ code: 'custom', message: `unknown instance family "${family}": must be one of ${families.join(', ')}` });
  } else if (!sizes.includes(size)) {
    ctx.addIssue({ code: 'custom', message: `dms.${family} comes in ${sizes.join(', ')}, not "${size}"` });
  }
});

const WEEK_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * `ddd:hh24:mi-ddd:hh24:mi` in UTC (DMS PreferredMaintenanceWindow). Case-insensitive, as the provider checks it
 * (terraform-provider-aws verify.ValidOnceAWeekWindowFormat lowercases before matching), so the guide's
 * `Tue:04:00-Tue:04:30` is accepted; emitted in lower case, as DMS returns it. At least 30 minutes (DMS API
 * reference, CreateReplicationInstance: "Constraints: Minimum 30-minute window"); a window may wrap the week.
 */
const maintenanceWindow = z
  .string()
  .regex(
    /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/i,
    'must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:10:30-sun:14:30',
  )
  .superRefine((value, ctx) => {
    if (!/^\w{3}:\d\d:\d\d-\w{3}:\d\d:\d\d$/.test(value)) return; // reported by the pattern
    const minuteOfWeek = (part: string) => {
      const [day, hours, minutes] = part.toLowerCase().split(':');
      return WEEK_DAYS.indexOf(day) * 1440 + Number(hours) * 60 + Number(minutes);
    };
    const [start, end] = value.split('-');
    const length = (minuteOfWeek(end) - minuteOfWeek(start) + 7 * 1440) % (7 * 1440);
    if (length < 30) ctx.addIssue({ code: 'custom', message: `must be at least 30 minutes long (DMS minimum), not ${length}` });
  })
  .transform((value) => value.toLowerCase());

const s3Backend = z.strictObject({
  type: z.literal('s3'),
  /** State bucket; the key is always `<environment>/<stack>/terraform.tfstate`. */
  bucket: bucketName,
  region,
  /** S3 native locking (conditional writes, Terraform ≥ 1.10). Default true. */
  useLockfile: z.boolean().default(true),
  /** DynamoDB lock table, for teams still migrating to the S3 lockfile (both may be on during the move). */
  dynamodbTable: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name').optional(),
  /** KMS key for state encryption; without it the bucket's default encryption applies (`encrypt` is always on). */
  kmsKeyId: kmsKeyArn.optional(),
});

const cloudBackend = z.strictObject({
  type: z.literal('cloud'),
  organization: z.string().min(1, 'must not be empty'),
  /** Workspace name; default: the stack name. */
  workspace: z.string().regex(/^[A-Za-z0-9_-]{1,90}$/, 'must be letters, digits, - and _').optional(),
  project: z.string().min(1).optional(),
  hostname: hostName.optional(),
});

/** Only for tests and throwaway experiments: state in the stack directory. */
const localBackend = z.strictObject({ type: z.literal('local') });

const backend = z.discriminatedUnion('type', [s3Backend, cloudBackend, localBackend], {
  error: 'type must be one of s3, cloud, local',
});

/** Where another Terraform root keeps its state, read through `terraform_remote_state`. */
const remoteStateLocation = z.discriminatedUnion(
  'backend',
  [
    z.strictObject({
      backend: z.literal('s3'),
      bucket: bucketName,
      key: z.string().regex(/^[^/].*\.tfstate$/, 'must be the state object key, e.g. prod/redshift/terraform.tfstate'),
      region,
    }),
    z.strictObject({
      /** Terraform Cloud / Enterprise workspace outputs. */
      backend: z.literal('remote'),
      organization: z.string().min(1, 'must not be empty'),
      workspace: z.string().regex(/^[A-Za-z0-9_-]{1,90}$/, 'must be letters, digits, - and _'),
      hostname: hostName.optional(),
    }),
  ],
  { error: 'backend must be one of s3, remote' },
);

/** A VPC endpoint path for HTTPS: a gateway endpoint's prefix list, or an interface endpoint's CIDR blocks. */
const serviceEndpointPath = z
  .strictObject({
    prefixListIds: z.array(prefixListId).default([]),
    cidrs: z.array(cidrV4).default([]),
  })
  .refine((path) => path.prefixListIds.length + path.cidrs.length > 0, 'must list prefixListIds (gateway endpoint) or cidrs (interface endpoint)');

const outputName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a Terraform output name');

const network = z.strictObject({
  vpcId,
  /** Subnets of the replication subnet group; DMS requires at least two Availability Zones. */
  subnets: z
    .array(z.strictObject({ id: subnetId, availabilityZone: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d+[a-z]$/, 'must be an Availability Zone such as us-west-2a') }))
    .min(2, 'must list at least 2 subnets (DMS requires two Availability Zones)'),
  /** Where the replication instance may connect; ports come from the endpoints, HTTPS is 443. */
  egress: z.strictObject({
    /** The source database network (e.g. the on-premises SQL Server range reached through VPN/Direct Connect). */
    sourceCidrs: z.array(cidrV4).min(1, 'must list at least one CIDR block'),
    /** The target database network (the Redshift Serverless workgroup's VPC); DynamoDB is reached over HTTPS. */
    targetCidrs: z.array(cidrV4).default([]),
    /** HTTPS for Secrets Manager and S3: VPC endpoint ranges or NAT egress. */
    httpsCidrs: z.array(cidrV4).default([]),
    /** HTTPS through gateway endpoints (the S3 prefix list). */
    httpsPrefixListIds: z.array(prefixListId).default([]),
  }),
  /**
   * How the replication instance reaches the AWS services it uses: from DMS 3.4.7, a replication instance or
   * DMS Serverless in a private subnet reaches S3, DynamoDB and Secrets Manager only through VPC endpoints
   * (AWS DMS user guide, "Configuring VPC endpoints for AWS DMS"). Each gets an HTTPS egress rule.
   */
  vpcEndpoints: z
    .strictObject({
      /** Gateway endpoint prefix list or interface endpoint CIDRs. Required for Redshift (staging) and DynamoDB targets. */
      s3: serviceEndpointPath.optional(),
      /** Required for DynamoDB targets. */
      dynamodb: serviceEndpointPath.optional(),
      /** Interface endpoint only. Required: endpoint credentials always come from Secrets Manager. */
      secretsManager: z.strictObject({ cidrs: z.array(cidrV4).min(1, 'must list the interface endpoint CIDR blocks') }).optional(),
    })
    .default({}),
  /**
   * A public route (NAT) instead of VPC endpoints: needed before any egress may go to 0.0.0.0/0. The reason is
   * reviewed like code, e.g. "no S3 gateway endpoint in the shared VPC until NET-123".
   */
  allowInternetEgress: z.strictObject({ reason: z.string().trim().min(10, 'must say why (at least 10 characters)') }).optional(),
});

/** Lowercase: DMS stores instance identifiers lowercased, and the log group name is built from it. */
const instanceId = dmsIdentifier(63).refine((value) => value === value.toLowerCase(), 'must be lowercase (DMS stores it lowercased)');

/** A field of the other compute mode: rejected with a message saying which mode it belongs to. */
const belongsTo = (message: string) => z.never({ error: message }).optional();
const SERVERLESS_ONLY = 'applies to DMS Serverless (from: serverless), not to a replication instance';

const ownedInstance = z.strictObject({
  /** This stack creates the instance (with its subnet group, security group and task log group). */
  from: z.literal('this-stack'),
  id: instanceId,
  instanceClass,
  allocatedStorage: intBetween(5, 6144),
  /** Off by default (the seed's cost choice); production HA turns it on. */
  multiAz: z.boolean().default(false),
  engineVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'must be a DMS engine version such as 3.5.3').optional(),
  kmsKeyArn: kmsKeyArn.optional(),
  preferredMaintenanceWindow: maintenanceWindow.default('sun:10:30-sun:14:30'),
  autoMinorVersionUpgrade: z.boolean().default(true),
  /** Apply modifications now instead of in the maintenance window. */
  applyImmediately: z.boolean().default(false),
  minCapacityUnits: belongsTo(SERVERLESS_ONLY),
  maxCapacityUnits: belongsTo(SERVERLESS_ONLY),
});

/** DMS Serverless capacity units (DCU) the service accepts (AWS DMS user guide, "Working with AWS DMS Serverless"). */
export const DMS_CAPACITY_UNITS = [1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384] as const;
const capacityUnits = z.number().refine((value) => (DMS_CAPACITY_UNITS as readonly number[]).includes(value), `must be one of ${DMS_CAPACITY_UNITS.join(', ')}`);
const INSTANCE_ONLY = 'applies to a replication instance; DMS Serverless provisions capacity between minCapacityUnits and maxCapacityUnits';

const serverless = z
  .strictObject({
    /**
     * No replication instance: each task becomes a DMS Serverless replication (`aws_dms_replication_config`) in
     * this stack's network, scaling between the capacity units below.
     */
    from: z.literal('serverless'),
    /** Default 1: scale down fully when idle. */
    minCapacityUnits: capacityUnits.default(1),
    maxCapacityUnits: capacityUnits,
    multiAz: z.boolean().default(false),
    /** Encrypts the replication's storage; default: the AWS managed DMS key. */
    kmsKeyArn: kmsKeyArn.optional(),
    preferredMaintenanceWindow: maintenanceWindow.default('sun:10:30-sun:14:30'),
    id: belongsTo('names a replication instance; serverless replications are named by their task ids'),
    instanceClass: belongsTo(INSTANCE_ONLY),
    allocatedStorage: belongsTo(INSTANCE_ONLY),
    engineVersion: belongsTo('applies to a replication instance; DMS Serverless picks its engine version'),
    autoMinorVersionUpgrade: belongsTo('applies to a replication instance; DMS Serverless upgrades itself'),
  })
  .superRefine((config, ctx) => {
    if (config.minCapacityUnits > config.maxCapacityUnits) {
      ctx.addIssue({ code: 'custom', path: ['minCapacityUnits'], message: `must not exceed maxCapacityUnits (${config.maxCapacityUnits})` });
    }
  });

const dmsInstanceArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:dms:[a-z0-9-]+:\d{12}:rep:[A-Za-z0-9-]+$/, 'must be a DMS replication instance ARN such as arn:aws:dms:us-west-2:123456789012:rep:ABCDEFGHIJKLMNOP');

const replicationInstance = z.discriminatedUnion(
  'from',
  [
    ownedInstance,
    z.strictObject({
      /** Tasks attach to an instance another stack or team owns, given by ARN. */
      from: z.literal('arn'),
      /** Its identifier (log group `dms-tasks-<id>`, CloudWatch dimension). */
      id: instanceId,
      arn: dmsInstanceArn,
    }),
    z.strictObject({
      /** Tasks attach to an instance whose ARN another Terraform root publishes as an output. */
      from: z.literal('remote-state'),
      id: instanceId,
      state: remoteStateLocation,
      output: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a Terraform output name').default('replication_instance_arn'),
    }),
    serverless,
    z.strictObject({
      /**
       * Tasks attach to the instance another stack of this config creates, read from the SSM parameters that
       * stack publishes (config/cross-stack.ts); its id comes from there too.
       */
      from: z.literal('stack'),
      stack: stackName,
      /** Which published value is the instance ARN; only replication_instance_arn today. */
      output: z.literal('replication_instance_arn', { error: 'must be an output the producer publishes: replication_instance_arn' }).default('replication_instance_arn'),
    }),
  ],
  { error: 'from must be one of this-stack, arn, remote-state, serverless, stack' },
);

/** Source column types, as far as the pipeline needs them (DynamoDB attribute types, key checks). */
export const COLUMN_TYPES = ['smallint', 'int', 'bigint', 'decimal', 'numeric', 'real', 'double', 'boolean', 'string', 'uuid', 'date', 'time', 'timestamp', 'json', 'binary'] as const;
/** Column types DMS writes to DynamoDB as numbers (N). */
export const NUMERIC_COLUMN_TYPES: readonly string[] = ['smallint', 'int', 'bigint', 'decimal', 'numeric', 'real', 'double'];
const SAMPLE_VALUE_KIND = Object.fromEntries(COLUMN_TYPES.map((t) => [t, NUMERIC_COLUMN_TYPES.includes(t) ? 'number' : t === 'boolean' ? 'boolean' : 'string'])) as Record<(typeof COLUMN_TYPES)[number], 'number' | 'boolean' | 'string'>;
const columnName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'must be a column name');

/** A source table the pipeline moves: its columns (by type) and primary key. */
const sourceTable = z.strictObject({
  // 128: the longest identifier of any source engine here (SQL Server); PostgreSQL allows 63.
  schema: plainText().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  name: plainText().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  columns: z.record(columnName, z.enum(COLUMN_TYPES, { error: `must be one of ${COLUMN_TYPES.join(', ')}` })).refine((columns) => Object.keys(columns).length > 0, 'must list at least one column'),
  primaryKey: z.array(columnName).min(1, 'must name at least one column').optional(),
  /** Rows for `npm run review -- --sample-items`; default: one row generated from the column types. */
  sampleRows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).optional(),
}).superRefine((table, ctx) => {
  // The primary key is what DMS keys updates and deletes on (and DynamoDB keys may come from): its columns
  // must be columns of the table.
  table.primaryKey?.forEach((column, index) => {
    if (!(column in table.columns)) ctx.addIssue({ code: 'custom', path: ['primaryKey', index], message: `${column} is not one of columns (${Object.keys(table.columns).join(', ')})` });
  });
  // A sample row is only useful if it could be a real row: known columns, values of the column's kind.
  table.sampleRows?.forEach((row, rowIndex) => {
    for (const [column, value] of Object.entries(row)) {
      const type = table.columns[column];
      const path = ['sampleRows', rowIndex, column];
      if (type === undefined) ctx.addIssue({ code: 'custom', path, message: `is not a column of ${table.schema}.${table.name}` });
      else if (value !== null && typeof value !== SAMPLE_VALUE_KIND[type]) ctx.addIssue({ code: 'custom', path, message: `must be a ${SAMPLE_VALUE_KIND[type]} or null (column type ${type})` });
    }
  });
});

const credentials = {
  /** Existing Secrets Manager secret with the connection's username and password (never a password here). */
  secretArn,
  /** Customer managed key of that secret, if any; the access role gets kms:Decrypt on it. */
  secretKmsKeyArn: kmsKeyArn.optional(),
};

/** Source TLS verification: the CA the server certificate must chain to. */
const tlsVerification = {
  /**
   * PEM of the CA that signed the server certificate (public, not a secret), imported as an
   * `aws_dms_certificate` for sslMode verify-ca / verify-full: DMS verifies the server against it (AWS DMS
   * user guide, "Using SSL with AWS DMS"). Required with those modes, refused without them.
   */
  certificatePem: z.string().regex(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/, 'must be a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)').optional(),
};

const sqlServerSource = z.strictObject({
  engine: z.literal('sqlserver'),
  endpointId: dmsIdentifier(255),
  serverName: hostName,
  port,
  databaseName: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  sslMode: z.enum(SSL_MODES, { error: `must be one of ${SSL_MODES.join(', ')}` }).default('require'),
  /** RDS for SQL Server (CDC is enabled with msdb.dbo.rds_cdc_enable_db). Default: self-managed. */
  rds: z.boolean().default(false),
  /** The tables the mappings select, for CDC prerequisites; default: resolved on the server by a query. */
  tables: z.array(sourceTable).default([]),
  ...credentials,
  ...tlsVerification,
});

const postgresSource = z.strictObject({
  engine: z.enum(['aurora-postgresql', 'postgres']),
  endpointId: dmsIdentifier(255),
  serverName: hostName,
  port: port.default(5432),
  databaseName: z.string().min(1, 'must not be empty').max(63, 'must be at most 63 characters'),
  sslMode: z.enum(SSL_MODES, { error: `must be one of ${SSL_MODES.join(', ')}` }).default('require'),
  /**
   * Change data capture through logical decoding. `test-decoding` is built into PostgreSQL and needs only
   * `rds.logical_replication = 1`; `pglogical` needs the extension in `shared_preload_libraries` and decodes
   * less, which pays off on busy databases.
   */
  cdc: z
    .strictObject({
      plugin: z.enum(['test-decoding', 'pglogical'], { error: 'must be one of test-decoding, pglogical' }).default('test-decoding'),
      /** A replication slot created before the first start (see `npm run prereqs`); default: DMS creates one per task. */
      slotName: z.string().regex(/^[a-z0-9_]{1,63}$/, 'must be lowercase letters, digits and underscores, at most 63').optional(),
      /** Heartbeat writes keep the slot's restart LSN moving when the mapped tables are idle. */
      heartbeat: z
        .strictObject({
          enabled: z.boolean().default(true),
          frequencyMinutes: intBetween(1, 1440).default(5),
          schema: z.string().min(1, 'must not be empty').default('public'),
        })
        .default({ enabled: true, frequencyMinutes: 5, schema: 'public' }),
      /** DDL capture creates event triggers in the source; off: schema changes are applied by people. */
      captureDdls: z.boolean().default(false),
    })
    .default({ plugin: 'test-decoding', heartbeat: { enabled: true, frequencyMinutes: 5, schema: 'public' }, captureDdls: false }),
  tables: z.array(sourceTable).default([]),
  ...credentials,
  ...tlsVerification,
});

const source = z.discriminatedUnion('engine', [sqlServerSource, postgresSource], {
  error: 'engine must be one of sqlserver, aurora-postgresql, postgres',
});

/** The Redshift Serverless workgroup, written here or read from the Terraform root that deployed it. */
const workgroup = z.discriminatedUnion(
  'from',
  [
    z.strictObject({
      from: z.literal('config'),
      workgroupName: slug,
      namespaceName: slug.optional(),
      /** The workgroup endpoint host (DMS reads host and port from the secret; this documents and checks it). */
      host: hostName,
      port: port.default(5439),
      databaseName: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
    }),
    z.strictObject({
      from: z.literal('remote-state'),
      state: remoteStateLocation,
      /** Output names in that root's state. */
      outputs: z
        .strictObject({
          host: outputName.default('workgroup_endpoint_address'),
          port: outputName.default('workgroup_endpoint_port'),
          databaseName: outputName.default('database_name'),
          workgroupName: outputName.default('workgroup_name'),
          namespaceName: outputName.default('namespace_name'),
        })
        .default({
          host: 'workgroup_endpoint_address',
          port: 'workgroup_endpoint_port',
          databaseName: 'database_name',
          workgroupName: 'workgroup_name',
          namespaceName: 'namespace_name',
        }),
    }),
  ],
  { error: 'from must be one of config, remote-state' },
);

const stagingBucket = z.strictObject({
  /** Must start with `dms-` (the DMS-managed Redshift policies and the team convention). */
  name: bucketName.refine((value) => value.startsWith('dms-'), 'must start with "dms-"'),
  /** Prefix of staged files inside the bucket. */
  folder: z.string().regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, 'must be an S3 key prefix without leading or trailing slash').default('dms-staging'),
  /** Staged CSV files are transient: expire them after this many days. */
  expireAfterDays: intBetween(1, 365).default(7),
  /** SSE-KMS with this key; default SSE-S3. */
  kmsKeyArn: kmsKeyArn.optional(),
});

const redshiftServerlessTarget = z.strictObject({
  engine: z.literal('redshift-serverless'),
  endpointId: dmsIdentifier(255),
  workgroup,
  /** The schema the table mappings write to (their schema rename target). */
  schemaName: z.string().min(1, 'must not be empty').max(127, 'must be at most 127 characters'),
  /**
   * Not settable: "An Amazon Redshift endpoint already uses an SSL connection and does not require an SSL
   * connection set up by AWS DMS" (AWS DMS user guide, "Using SSL with AWS Database Migration Service"). An
   * ssl_mode on a Redshift endpoint would be refused or revert and show a diff on every plan.
   */
  sslMode: z
    .never({ error: 'must not be set: a Redshift endpoint already uses SSL and DMS does not configure SSL for it (AWS DMS user guide, "Using SSL with AWS Database Migration Service")' })
    .optional(),
  /** The S3 bucket DMS stages files in before Redshift's COPY. */
  stagingBucket,
  ...credentials,
});

const dynamoKey = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  type: z.enum(['S', 'N', 'B'], { error: 'must be one of S, N, B' }),
});

const dynamodbTable = z.strictObject({
  /** Terraform name of the table resource, e.g. `integration_logs`. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase snake_case'),
  name: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be 3-255 letters, digits, _ . -'),
  /** Created and owned by this stack; false: the table exists and is only referenced. */
  managed: z.boolean().default(true),
  billingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED'], { error: 'must be one of PAY_PER_REQUEST, PROVISIONED' }).default('PAY_PER_REQUEST'),
  readCapacity: intBetween(1, 40000).optional(),
  writeCapacity: intBetween(1, 40000).optional(),
  pointInTimeRecovery: z.boolean().default(true),
  /** Default: on outside the dev environment. */
  deletionProtection: z.boolean().optional(),
  /** Customer managed key; default: the AWS managed key for DynamoDB. */
  kmsKeyArn: kmsKeyArn.optional(),
  partitionKey: dynamoKey,
  sortKey: dynamoKey.optional(),
  globalSecondaryIndexes: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be 3-255 letters, digits, _ . -'),
        partitionKey: dynamoKey,
        sortKey: dynamoKey.optional(),
        projection: z.enum(['ALL', 'KEYS_ONLY'], { error: 'must be one of ALL, KEYS_ONLY' }).default('ALL'),
      }),
    )
    .max(20, 'must have at most 20 global secondary indexes (DynamoDB quota)')
    .default([]),
  /** The source table whose rows become items, as `schema.table` (one of `source.tables`). */
  source: z.string().regex(/^[^.]+\.[^.]+$/, 'must be schema.table'),
  /**
   * Templates for attributes that are not copied from a column of the same name, e.g. `PK: 'LOG#${LogId}'`.
   * Every key attribute of the table and its indexes must be either here or a source column.
   */
  attributes: z.record(z.string().min(1), z.string().min(1, 'must not be empty')).default({}),
  /** Source columns not to copy into items. */
  excludeColumns: z.array(columnName).default([]),
});

const dynamodbTarget = z.strictObject({
  engine: z.literal('dynamodb'),
  endpointId: dmsIdentifier(255),
  tables: z.array(dynamodbTable).min(1, 'must define at least one table'),
});

const target = z.discriminatedUnion('engine', [redshiftServerlessTarget, dynamodbTarget], {
  error: 'engine must be one of redshift-serverless, dynamodb',
});

const task = z.strictObject({
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
  tableMappings: z.union([z.literal('derived'), z.string().regex(/^[A-Za-z0-9._-]+\.json$/, 'must be a .json file name inside mappings/, or derived')], {
    error: 'must be a .json file name inside mappings/, or derived',
  }),
  settings: z
    .strictObject({
      /** Profiles applied in order (see mappings/task-settings.ts). */
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

const notification = z.discriminatedUnion(
  'protocol',
  [
    z.strictObject({ protocol: z.literal('email'), endpoint: z.email({ error: 'must be an email address' }) }),
    z.strictObject({ protocol: z.literal('https'), endpoint: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }) }),
  ],
  { error: 'protocol must be one of email, https' },
);

/**
 * Alarms, DMS event subscriptions, the alert topic and a dashboard (modules/monitoring). Thresholds default to
 * what pages someone before replication falls behind a business day: CDC latency of minutes, not hours.
 */
const monitoring = z.strictObject({
  /** false: no monitoring resources for this pipeline. */
  enabled: z.boolean().default(true),
  /** Who is told: SNS subscriptions of the alert topic (email needs confirming from the inbox). */
  notify: z.array(notification).default([]),
  /**
   * Customer managed key of the alert topic; its key policy must let cloudwatch.amazonaws.com and
   * dms.amazonaws.com use it (the AWS managed aws/sns key cannot). Default: a key created for the topic.
   */
  topicKmsKeyArn: kmsKeyArn.optional(),
  thresholds: z
    .strictObject({
      /** CDCLatencySource: seconds from a source commit to DMS reading it. */
      cdcLatencySourceSeconds: intBetween(1, 86400).default(300),
      /** CDCLatencyTarget: seconds from a source commit to its apply on the target. */
      cdcLatencyTargetSeconds: intBetween(1, 86400).default(600),
      /** FreeStorageSpace below this share of allocatedStorage. */
      freeStorageSpacePercent: intBetween(1, 90).default(10),
      cpuUtilizationPercent: intBetween(1, 100).default(80),
      /** FreeableMemory below this share of the instance class's memory. */
      freeableMemoryPercent: intBetween(1, 90).default(10),
    })
    .prefault({}),
  /** Consecutive 5-minute periods above a threshold before its alarm fires. */
  evaluationPeriods: intBetween(1, 288).default(3),
});

/** ARN fields that must be in the pipeline's account and region. */
const ACCOUNT_SCOPED_ARNS: string[][] = [
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

export const pipelineSchema = pipelineObject
  .superRefine((pipeline, ctx) => checkSameAccountAndRegion(pipeline, ctx), whenValid(['accountId'], ['region'], ...ACCOUNT_SCOPED_ARNS))
  .superRefine((pipeline, ctx) => checkAvailabilityZones(pipeline, ctx), whenValid(['region'], ['network', 'subnets']))
  .superRefine((pipeline, ctx) => checkTasks(pipeline, ctx), whenValid(['name'], ['tasks']))
  .superRefine((pipeline, ctx) => checkEndpointIds(pipeline, ctx), whenValid(['source', 'endpointId'], ['target', 'endpointId']))
  .superRefine((pipeline, ctx) => checkEgressOverlap(pipeline, ctx), whenValid(['network', 'egress'], ['source', 'port'], ['target', 'workgroup']))
  .superRefine((pipeline, ctx) => checkNetworkPaths(pipeline, ctx), whenValid(['network'], ['target', 'engine'], ['replicationInstance', 'from']))
  .superRefine((pipeline, ctx) => checkCertificates(pipeline, ctx), whenValid(['source'], ['replicationInstance', 'from'], ['logKmsKeyArn']))
  .superRefine((pipeline, ctx) => checkInstanceOwnership(pipeline, ctx), whenValid(['replicationInstance', 'from'], ['network'], ['accountRoles'], ['target']))
  .superRefine((pipeline, ctx) => checkDynamoDbTables(pipeline, ctx), whenValid(['target'], ['source'], ['environment']))
  .superRefine((pipeline, ctx) => checkDerivedMappings(pipeline, ctx), whenValid(['target', 'engine'], ['tasks']))
  .superRefine((pipeline, ctx) => checkDerivedNameLengths(pipeline, ctx), whenValid(['name'], ['monitoring', 'enabled'], ['replicationInstance'], ['tasks']));

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
  .superRefine((config, ctx) => checkAccountRoleManagers(config.pipelines, ctx), whenValid(['pipelines', '*', 'accountId'], ['pipelines', '*', 'accountRoles'], ['pipelines', '*', 'name']))
  .superRefine((config, ctx) => checkProducerStacks(config.pipelines, ctx), whenValid(['pipelines', '*', 'name'], ['pipelines', '*', 'replicationInstance'], ['pipelines', '*', 'accountId'], ['pipelines', '*', 'region']))
  .superRefine((config, ctx) => checkAccountScopedNames(config.pipelines, ctx), whenValid(['pipelines', '*', 'accountId'], ['pipelines', '*', 'region'], ['pipelines', '*', 'name']));

export type PipelineConfig = z.infer<typeof configSchema>;
export type PipelineConfigInput = z.input<typeof configSchema>;
export type PipelineSpec = z.infer<typeof pipelineObject>;
export type TaskSpec = PipelineSpec['tasks'][number];
export type SourceSpec = PipelineSpec['source'];
export type TargetSpec = PipelineSpec['target'];
export type BackendSpec = PipelineSpec['backend'];
export type AccountRolesMode = (typeof ACCOUNT_ROLE_MODES)[number];
export type ColumnType = (typeof COLUMN_TYPES)[number];
export type SourceTableSpec = PipelineSpec['source']['tables'][number];
export type DynamoDbTableSpec = Extract<TargetSpec, { engine: 'dynamodb' }>['tables'][number];
export type RemoteStateLocation = z.infer<typeof remoteStateLocation>;
export type MonitoringSpec = PipelineSpec['monitoring'];

type Ctx = z.RefinementCtx;
type PathPattern = (string | number | '*')[];

/**
 * Cross-field checks run whenever the fields they read are valid, even if other fields of the same object are
 * not, so one run reports every problem. A pattern matches an issue below it, or an issue on one of its parents.
 */
function whenValid(...patterns: PathPattern[]): { when: (payload: z.core.ParsePayload) => boolean } {
  const overlaps = (issuePath: readonly PropertyKey[], pattern: PathPattern) => {
    const length = Math.min(issuePath.length, pattern.length);
    for (let i = 0; i < length; i++) {
      if (pattern[i] !== '*' && pattern[i] !== issuePath[i]) return false;
    }
    return true;
  };
  return {
    when: (payload) => !payload.issues.some((issue) => patterns.some((pattern) => overlaps(issue.path ?? [], pattern))),
  };
}

function checkTasks(pipeline: PipelineSpec, ctx: Ctx) {
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
function checkEgressOverlap(pipeline: PipelineSpec, ctx: Ctx) {
  if (!pipeline.network) return;
  const { egress } = pipeline.network;
  // A port read from remote state is unknown until plan; it cannot be compared here.
  const { target } = pipeline;
  const targetPort = target.engine === 'redshift-serverless' && target.workgroup.from === 'config' ? target.workgroup.port : undefined;
  const rules: [string, number | undefined, string[]][] = [
    ['sourceCidrs', pipeline.source.port, egress.sourceCidrs],
    ['targetCidrs', targetPort, egress.targetCidrs],
    ['httpsCidrs', 443, egress.httpsCidrs],
  ];
  const seen = new Map<string, string>();
  for (const [field, port, cidrs] of rules) {
    if (port === undefined) continue;
    cidrs.forEach((cidr, index) => {
      const key = `${cidr}:${port}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, `network.egress.${field}[${index}]`);
      } else {
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
function checkNetworkPaths(pipeline: PipelineSpec, ctx: Ctx) {
  const { network, target } = pipeline;
  // A network on a stack attaching tasks elsewhere is reported as misplaced (checkInstanceOwnership).
  if (!network || (pipeline.replicationInstance.from !== 'this-stack' && pipeline.replicationInstance.from !== 'serverless')) return;
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
          ctx.addIssue({ code: 'custom', path: [...path, index], message: `${cidr} opens egress to the whole internet: use VPC endpoints, or set network.allowInternetEgress.reason to say why` });
        }
      });
    }
  }
  const publicRoute = egress.httpsCidrs.some(open);
  const required: [keyof typeof vpcEndpoints, string, boolean][] = [
    ['s3', target.engine === 'dynamodb' ? 'for a DynamoDB target' : 'for a Redshift target (DMS stages its files in S3)', true],
    ['dynamodb', 'for a DynamoDB target', target.engine === 'dynamodb'],
    ['secretsManager', 'because endpoint credentials come from Secrets Manager', true],
  ];
  for (const [service, why, needed] of required) {
    if (needed && !vpcEndpoints[service] && !publicRoute) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'vpcEndpoints', service],
        message: `is required ${why}: from DMS 3.4.7 a replication instance in a private subnet reaches ${service === 'secretsManager' ? 'Secrets Manager' : service === 's3' ? 'S3' : 'DynamoDB'} only through a VPC endpoint or a public route (AWS DMS user guide, "Configuring VPC endpoints for AWS DMS")`,
      });
    }
  }
}

/** A CA certificate exactly when the source verifies the server; a log key only where this stack makes the log group. */
function checkCertificates(pipeline: PipelineSpec, ctx: Ctx) {
  const { source } = pipeline;
  const verifies = source.sslMode === 'verify-ca' || source.sslMode === 'verify-full';
  if (verifies && !source.certificatePem) {
    ctx.addIssue({ code: 'custom', path: ['source', 'certificatePem'], message: `is required with sslMode ${source.sslMode}: DMS verifies the server certificate against this CA` });
  } else if (!verifies && source.certificatePem) {
    ctx.addIssue({ code: 'custom', path: ['source', 'certificatePem'], message: `is used only with sslMode verify-ca or verify-full, not ${source.sslMode}` });
  }
  if (pipeline.logKmsKeyArn && pipeline.replicationInstance.from !== 'this-stack' && pipeline.replicationInstance.from !== 'serverless') {
    ctx.addIssue({ code: 'custom', path: ['logKmsKeyArn'], message: `applies to the log groups of an instance this stack creates (from this-stack) or of DMS Serverless replications, not from ${pipeline.replicationInstance.from}` });
  }
}

function checkEndpointIds(pipeline: PipelineSpec, ctx: Ctx) {
  if (pipeline.source.endpointId.toLowerCase() === pipeline.target.endpointId.toLowerCase()) {
    ctx.addIssue({ code: 'custom', path: ['target', 'endpointId'], message: 'must differ from source.endpointId' });
  }
}

/** Reports every repeat of a value after its first use; undefined values are not compared. */
function checkDuplicates(
  values: (string | undefined)[],
  pathOf: (index: number) => (string | number)[],
  message: string,
  ctx: Ctx,
) {
  const firstIndex = new Map<string, number>();
  values.forEach((value, index) => {
    if (value === undefined) return;
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, index);
    } else {
      ctx.addIssue({ code: 'custom', path: pathOf(index), message: `${message} "${value}" (first used at index ${first})` });
    }
  });
}


/** Secrets and keys DMS uses must live in the pipeline's region, and (for this project) its account. */
function checkSameAccountAndRegion(pipeline: PipelineSpec, ctx: Ctx) {
  const partition = partitionOf(pipeline.region);
  for (const path of ACCOUNT_SCOPED_ARNS) {
    // Read defensively: a sibling field of the section may have failed validation.
    let arn: unknown = pipeline;
    for (const key of path) arn = typeof arn === 'object' && arn !== null ? (arn as Record<string, unknown>)[key] : undefined;
    if (typeof arn !== 'string') continue;
    const parts = parseArn(arn);
    if (!parts) continue;
    if (parts.partition !== partition) {
      ctx.addIssue({ code: 'custom', path, message: `must be in partition ${partition} (region ${pipeline.region}), not ${parts.partition}` });
    }
    if (parts.region !== pipeline.region) {
      ctx.addIssue({ code: 'custom', path, message: `must be in the pipeline's region ${pipeline.region}, not ${parts.region}` });
    }
    if (parts.account !== pipeline.accountId) {
      ctx.addIssue({ code: 'custom', path, message: `must be in the pipeline's account ${pipeline.accountId}, not ${parts.account}` });
    }
  }
}

function checkAvailabilityZones(pipeline: PipelineSpec, ctx: Ctx) {
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
function checkInstanceOwnership(pipeline: PipelineSpec, ctx: Ctx) {
  const { from } = pipeline.replicationInstance;
  // DMS Serverless runs in this stack's network too: it needs the subnet group, and so dms-vpc-role.
  if (from === 'this-stack' || from === 'serverless') {
    const when = from === 'this-stack' ? 'when this stack creates the replication instance' : 'for DMS Serverless (its replications run in this network)';
    if (!pipeline.network) ctx.addIssue({ code: 'custom', path: ['network'], message: `is required ${when}` });
    if (!pipeline.accountRoles) {
      ctx.addIssue({ code: 'custom', path: ['accountRoles'], message: `is required ${when}: one of ${ACCOUNT_ROLE_MODES.join(', ')}` });
    }
    if (pipeline.network && pipeline.target.engine === 'redshift-serverless' && pipeline.network.egress.targetCidrs.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['network', 'egress', 'targetCidrs'], message: 'must list the Redshift workgroup network (at least one CIDR block)' });
    }
  } else {
    if (pipeline.network) ctx.addIssue({ code: 'custom', path: ['network'], message: `belongs to the stack that creates the replication instance, not to one attaching tasks (from ${from})` });
    if (pipeline.accountRoles) ctx.addIssue({ code: 'custom', path: ['accountRoles'], message: `are managed with the replication instance; remove it here (from ${from})` });
  }
}

/** DynamoDB tables: unique names, a known source table, capacity only when provisioned, one type per attribute. */
function checkDynamoDbTables(pipeline: PipelineSpec, ctx: Ctx) {
  const { target, source } = pipeline;
  if (target.engine !== 'dynamodb') return;
  checkDuplicates(target.tables.map((t) => t.id), (i) => ['target', 'tables', i, 'id'], 'duplicate table id', ctx);
  checkDuplicates(target.tables.map((t) => t.name), (i) => ['target', 'tables', i, 'name'], 'duplicate table name', ctx);
  const sources = new Set(source.tables.map((t) => `${t.schema}.${t.name}`));
  target.tables.forEach((table, index) => {
    const path = ['target', 'tables', index];
    if (!sources.has(table.source)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'source'], message: `is not one of source.tables (${[...sources].join(', ') || 'none listed'})` });
    }
    const provisioned = table.billingMode === 'PROVISIONED';
    for (const key of ['readCapacity', 'writeCapacity'] as const) {
      if (provisioned && table[key] === undefined) ctx.addIssue({ code: 'custom', path: [...path, key], message: 'is required with billingMode PROVISIONED' });
      if (!provisioned && table[key] !== undefined) ctx.addIssue({ code: 'custom', path: [...path, key], message: 'applies only to billingMode PROVISIONED' });
    }
    checkDuplicates(table.globalSecondaryIndexes.map((g) => g.name), (i) => [...path, 'globalSecondaryIndexes', i, 'name'], 'duplicate index name', ctx);
    // DynamoDB declares each key attribute once, with one type, for the table and all its indexes.
    const types = new Map<string, { type: string; where: string }>();
    const keys: [string, { name: string; type: string } | undefined][] = [
      ['partitionKey', table.partitionKey],
      ['sortKey', table.sortKey],
      ...table.globalSecondaryIndexes.flatMap((g, i): [string, { name: string; type: string } | undefined][] => [
        [`globalSecondaryIndexes[${i}].partitionKey`, g.partitionKey],
        [`globalSecondaryIndexes[${i}].sortKey`, g.sortKey],
      ]),
    ];
    for (const [where, key] of keys) {
      if (!key) continue;
      const seen = types.get(key.name);
      if (seen && seen.type !== key.type) {
        ctx.addIssue({ code: 'custom', path: [...path, ...where.replace(/\[(\d+)\]/g, '.$1').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), 'type'], message: `attribute ${key.name} is ${seen.type} in ${seen.where}; one attribute has one type` });
      } else if (!seen) {
        types.set(key.name, { type: key.type, where });
      }
    }
  });
}

/** `derived` mappings come from DynamoDB table definitions; other targets need a mapping file. */
function checkDerivedMappings(pipeline: PipelineSpec, ctx: Ctx) {
  if (pipeline.target.engine === 'dynamodb') return;
  pipeline.tasks.forEach((task, index) => {
    if (task.tableMappings === 'derived') {
      ctx.addIssue({ code: 'custom', path: ['tasks', index, 'tableMappings'], message: `derived mappings need a DynamoDB target; ${pipeline.target.engine} needs a file under mappings/` });
    }
  });
}

/**
 * A consumer (`replicationInstance.from: stack`) names a stack of this config that publishes its instance, in
 * the same account and region (SSM parameters are regional and per account).
 */
function checkProducerStacks(pipelines: PipelineSpec[], ctx: Ctx) {
  pipelines.forEach((pipeline, index) => {
    const instance = pipeline.replicationInstance;
    if (instance.from !== 'stack') return;
    const path = ['pipelines', index, 'replicationInstance', 'stack'];
    const producer = pipelines.find((p) => p.name === instance.stack);
    if (!producer || producer === pipeline) {
      const producers = pipelines.filter((p) => p !== pipeline && publishedOutputs(p).length > 0).map((p) => p.name);
      ctx.addIssue({ code: 'custom', path, message: `${instance.stack} is not ${producer ? 'another' : 'a'} stack of this config${producers.length > 0 ? ` (stacks publishing an instance: ${producers.join(', ')})` : ''}` });
    } else if (!publishedOutputs(producer).includes(instance.output)) {
      ctx.addIssue({ code: 'custom', path: ['pipelines', index, 'replicationInstance', 'output'], message: `${instance.stack} does not publish ${instance.output}: it creates no replication instance (from ${producer.replicationInstance.from})` });
    } else if (producer.accountId !== pipeline.accountId || producer.region !== pipeline.region) {
      ctx.addIssue({ code: 'custom', path, message: `${instance.stack} publishes in ${producer.accountId} ${producer.region}; this pipeline is in ${pipeline.accountId} ${pipeline.region} (SSM parameters are per account and region)` });
    }
  });
}

/** At most one pipeline per account may create or import the account-global DMS roles. */
function checkAccountRoleManagers(pipelines: PipelineSpec[], ctx: Ctx) {
  const managerByAccount = new Map<string, number>();
  pipelines.forEach((pipeline, index) => {
    if (!pipeline.accountRoles || pipeline.accountRoles === 'existing') return;
    const first = managerByAccount.get(pipeline.accountId);
    if (first === undefined) {
      managerByAccount.set(pipeline.accountId, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: ['pipelines', index, 'accountRoles'],
      message: `pipelines[${first}] (${pipelines[first].name}) already manages dms-vpc-role and dms-cloudwatch-logs-role in account ${pipeline.accountId}; use "existing" here`,
    });
  });
}
