/**
 * What DMS requires of a source before change data capture, in one place so the generated SQL and the live
 * preflight checks agree. Sources: AWS DMS user guide, "Using a PostgreSQL database as an AWS DMS source"
 * (CHAP_Source.PostgreSQL) and "Using a Microsoft SQL Server database as a source for AWS DMS"
 * (CHAP_Source.SQLServer).
 */
import type { PipelineSpec } from '../../config/schema';

export type PostgresSource = Extract<PipelineSpec['source'], { engine: 'aurora-postgresql' | 'postgres' }>;
export type SqlServerSource = Extract<PipelineSpec['source'], { engine: 'sqlserver' }>;

/**
 * `wal_sender_timeout`: 0 disables it and is valid; otherwise DMS fails below 10000 ms, and the guide asks to
 * stay under 5 minutes so a Multi-AZ failover of the replication instance is not delayed.
 */
export const WAL_SENDER_TIMEOUT_MIN_MS = 10_000;
export const WAL_SENDER_TIMEOUT_RECOMMENDED_MAX_MS = 300_000;

/** The output plugin name PostgreSQL knows for each `source.cdc.plugin`. */
export const DECODING_PLUGIN = { 'test-decoding': 'test_decoding', pglogical: 'pglogical' } as const;

/** pglogical with a named slot: DMS reads through two replication sets, the slot's name and `i` + it. */
export const pglogicalReplicationSets = (slotName: string): [string, string] => [slotName, `i${slotName}`];

/**
 * RDS for SQL Server: DMS reads changes through the CDC capture job, so the guide has it poll once a day
 * (86399 s) to keep changes in the log that long. Some SQL Server builds reset values above 3599 to 5 s
 * (Microsoft KB4459220); the generated SQL says so.
 */
export const RDS_CAPTURE_POLLING_INTERVAL_SECONDS = 86_399;
