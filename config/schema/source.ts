/** The source database: its engine, connection, TLS, change data capture and the tables it holds. */
import { z } from 'zod';
import { dmsIdentifier, hostName, intBetween, plainText, port } from '../rules';
import { credentials } from './credentials';

const SSL_MODES = ['none', 'require', 'verify-ca', 'verify-full'] as const;

/** Source column types, as far as the pipeline needs them (DynamoDB attribute types, key checks). */
export const COLUMN_TYPES = [
  'smallint',
  'int',
  'bigint',
  'decimal',
  'numeric',
  'real',
  'double',
  'boolean',
  'string',
  'uuid',
  'date',
  'time',
  'timestamp',
  'json',
  'binary',
] as const;
/** Column types DMS writes to DynamoDB as numbers (N). */
export const NUMERIC_COLUMN_TYPES: readonly string[] = ['smallint', 'int', 'bigint', 'decimal', 'numeric', 'real', 'double'];
const sampleValueKind = (type: ColumnType): 'number' | 'boolean' | 'string' =>
  NUMERIC_COLUMN_TYPES.includes(type) ? 'number' : type === 'boolean' ? 'boolean' : 'string';
export const columnName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'must be a column name');

/** A source table the pipeline moves: its columns (by type) and primary key. */
const sourceTable = z
  .strictObject({
    // 128: the longest identifier of any source engine here (SQL Server); PostgreSQL allows 63.
    schema: plainText().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
    name: plainText().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
    columns: z
      .record(columnName, z.enum(COLUMN_TYPES, { error: `must be one of ${COLUMN_TYPES.join(', ')}` }))
      .refine((columns) => Object.keys(columns).length > 0, 'must list at least one column'),
    primaryKey: z.array(columnName).min(1, 'must name at least one column').optional(),
    /** Rows for `npm run review -- --sample-items`; default: one row generated from the column types. */
    sampleRows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).optional(),
  })
  .superRefine((table, ctx) => {
    // The primary key is what DMS keys updates and deletes on (and DynamoDB keys may come from): its columns
    // must be columns of the table.
    table.primaryKey?.forEach((column, index) => {
      if (!Object.hasOwn(table.columns, column))
        ctx.addIssue({
          code: 'custom',
          path: ['primaryKey', index],
          message: `${column} is not one of columns (${Object.keys(table.columns).join(', ')})`,
        });
    });
    // A sample row is only useful if it could be a real row: known columns, values of the column's kind.
    table.sampleRows?.forEach((row, rowIndex) => {
      for (const [column, value] of Object.entries(row)) {
        const type = Object.hasOwn(table.columns, column) ? table.columns[column] : undefined;
        const path = ['sampleRows', rowIndex, column];
        if (type === undefined) ctx.addIssue({ code: 'custom', path, message: `is not a column of ${table.schema}.${table.name}` });
        else if (value !== null && typeof value !== sampleValueKind(type))
          ctx.addIssue({ code: 'custom', path, message: `must be a ${sampleValueKind(type)} or null (column type ${type})` });
      }
    });
  });

/** Source TLS verification: the CA the server certificate must chain to. */
const tlsVerification = {
  /**
   * PEM of the CA that signed the server certificate (public, not a secret), imported as an
   * `aws_dms_certificate` for sslMode verify-ca / verify-full: DMS verifies the server against it (AWS DMS
   * user guide, "Using SSL with AWS DMS"). Required with those modes, refused without them.
   */
  certificatePem: z
    .string()
    .regex(
      /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/,
      'must be a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)',
    )
    .optional(),
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
      slotName: z
        .string()
        .regex(/^[a-z0-9_]{1,63}$/, 'must be lowercase letters, digits and underscores, at most 63')
        .optional(),
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

export const source = z.discriminatedUnion('engine', [sqlServerSource, postgresSource], {
  error: 'engine must be one of sqlserver, aurora-postgresql, postgres',
});

export type SourceTableSpec = z.infer<typeof sourceTable>;

/** The catalogue `npm run discover` reads for each source engine: Aurora PostgreSQL has PostgreSQL's. */
export const CATALOGUE_OF_SOURCE = {
  sqlserver: 'sqlserver',
  postgres: 'postgres',
  'aurora-postgresql': 'postgres',
} as const satisfies Record<z.infer<typeof source>['engine'], 'sqlserver' | 'postgres'>;
export type ColumnType = (typeof COLUMN_TYPES)[number];
