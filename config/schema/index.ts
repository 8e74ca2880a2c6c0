/**
 * The pipeline spec: one zod schema is the source of the TypeScript types, of the validation every config goes
 * through (TypeScript default or `DMS_CONFIG` JSON) and of the published `config/pipeline.schema.json`.
 * One file per section (backend, network, replication-instance, source, targets/<engine>, tasks, monitoring);
 * pipeline.ts puts them together with the checks across sections (checks.ts) and across pipelines.
 */
export { MIGRATION_TYPES } from '../../core/dms';
export { configSchema, type PipelineConfig, type PipelineConfigInput } from './pipeline';
export type { PipelineSpec, TaskSpec } from './pipeline-spec';
export type { BackendSpec } from './backend';
export type { RemoteStateLocation } from './remote-state';
export { CATALOGUE_OF_SOURCE, COLUMN_TYPES, NUMERIC_COLUMN_TYPES, type ColumnType, type SourceTableSpec } from './source';
export type { TargetSpec } from './targets';
export type { DynamoDbTableSpec } from './targets/dynamodb';
