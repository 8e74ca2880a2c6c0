/**
 * DMS target engines and what each allows in table mappings and task settings. Rules that depend on the target
 * (object mappings, post-processing, parallel threads) read these tables rather than testing engine names inline.
 */

/** Target engine names as DMS spells them (`--target` of `npm run check`). */
export const TARGET_ENGINES = [
  'aurora',
  'aurora-postgresql',
  'db2',
  'docdb',
  'dynamodb',
  'elasticsearch',
  'kafka',
  'kinesis',
  'mariadb',
  'mysql',
  'neptune',
  'opensearch',
  'oracle',
  'postgres',
  'redis',
  'redshift',
  'redshift-serverless',
  's3',
  'sqlserver',
  'babelfish',
] as const;

export type TargetEngine = (typeof TARGET_ENGINES)[number];

/**
 * AWS DMS user guide, "Specifying table selection and transformations rules using JSON": object-mapping rules
 * apply to DynamoDB, Kinesis Data Streams and Apache Kafka targets (and Neptune's graph mapping is separate).
 */
export const OBJECT_MAPPING_TARGETS: readonly TargetEngine[] = ['dynamodb', 'kinesis', 'kafka'];

/** Post-processing rules (S3 object tagging) apply only to S3 targets. */
export const POST_PROCESSING_TARGETS: readonly TargetEngine[] = ['s3'];

/** `table-tablespace` and `index-tablespace` rule targets exist only for Oracle targets. */
export const TABLESPACE_TARGETS: readonly TargetEngine[] = ['oracle'];

/**
 * Maximum `ParallelLoadThreads` per target (AWS DMS user guide, TargetMetadata task settings and each target's
 * page: DynamoDB 200; Kinesis, Kafka, OpenSearch and Redshift 32; MySQL 16).
 */
export const MAX_PARALLEL_LOAD_THREADS: Partial<Record<TargetEngine, number>> = {
  dynamodb: 200,
  kinesis: 32,
  kafka: 32,
  opensearch: 32,
  elasticsearch: 32,
  redshift: 32,
  'redshift-serverless': 32,
  mysql: 16,
};

/** Targets that accept `ParallelApply*` settings (maximum 32 threads). */
export const PARALLEL_APPLY_TARGETS: readonly TargetEngine[] = [
  'kinesis',
  'kafka',
  'opensearch',
  'elasticsearch',
  'redshift',
  'redshift-serverless',
  'docdb',
];

/** `ParallelLoadQueuesPerThread` is valid only for Kinesis and Kafka targets. */
export const PARALLEL_QUEUE_TARGETS: readonly TargetEngine[] = ['kinesis', 'kafka'];

/** Targets without full LOB mode (Kinesis; Redshift and S3 per the LOB page). */
export const NO_FULL_LOB_TARGETS: readonly TargetEngine[] = ['kinesis', 'redshift', 'redshift-serverless', 's3'];

/** Kinesis: "BatchApply is not supported for a Kinesis endpoint ... might result in loss of data". */
export const NO_BATCH_APPLY_TARGETS: readonly TargetEngine[] = ['kinesis'];

export function isTargetEngine(value: string): value is TargetEngine {
  return (TARGET_ENGINES as readonly string[]).includes(value);
}
