/**
 * Source tables read from a live catalogue by `npm run discover`, one generated file per pipeline
 * (`config/discovered/<stack>.json`, or `DMS_DISCOVERED_DIR`), reviewed like code and refreshed by re-running.
 * At load the discovered tables replace the pipeline's `source.tables` entries of the same name (columns,
 * types, primary key; `sampleRows` written by hand are kept), so every check that reads table definitions
 * reads the real ones; app/discover/checks.ts then checks the mappings against them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { type ValidationIssue, ValidationFailed, fromZodIssues } from '../core/errors';
import { readJsonFile } from '../core/input-file';
import { projectRoot } from '../core/paths';
import { CATALOGUE_OF_SOURCE, COLUMN_TYPES, type PipelineConfig, type SourceTableSpec } from './schema';

const discoveredColumn = z.strictObject({
  name: z.string().min(1),
  /** The project's column type (config/schema/source.ts COLUMN_TYPES), from the catalogue type. */
  type: z.enum(COLUMN_TYPES),
  /** The catalogue's own type name, for readers (`character varying`, `nvarchar`). */
  sourceType: z.string().min(1),
  nullable: z.boolean(),
});

const discoveredTable = z.strictObject({
  schema: z.string().min(1),
  name: z.string().min(1),
  columns: z.array(discoveredColumn).min(1, 'must list at least one column'),
  /** Primary key columns in key order; null when the table has none. */
  primaryKey: z.array(z.string().min(1)).nullable(),
  /** The catalogue's row estimate (PostgreSQL reltuples or n_live_tup, SQL Server sys.partitions.rows); null if unknown. */
  rowEstimate: z.number().int().nonnegative().nullable(),
});

export const discoveredSchema = z.strictObject({
  $comment: z.string().optional(),
  stack: z.string().min(1),
  source: z.strictObject({
    engine: z.enum(['postgres', 'sqlserver']),
    database: z.string().min(1),
    /** Where the catalogue came from: `postgresql://host:port/db` without credentials, or an imported file name. */
    from: z.string().min(1),
  }),
  tables: z.array(discoveredTable),
  /** Columns whose catalogue type has no exact counterpart and was recorded as `string`. */
  assumedTypes: z.array(z.string()).default([]),
});

export type Discovered = z.infer<typeof discoveredSchema>;
export type DiscoveredTable = Discovered['tables'][number];

export function discoveredDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DMS_DISCOVERED_DIR ? path.resolve(env.DMS_DISCOVERED_DIR) : path.join(projectRoot(), 'config', 'discovered');
}

export const discoveredFileOf = (stack: string): string => `${stack}.json`;

/** The discovered file of each pipeline that has one, validated; every problem of every file at once. */
export function loadDiscovered(config: PipelineConfig, dir: string): Map<string, { file: string; discovered: Discovered }> {
  const found = new Map<string, { file: string; discovered: Discovered }>();
  const issues: ValidationIssue[] = [];
  for (const pipeline of config.pipelines) {
    const file = path.join(dir, discoveredFileOf(pipeline.name));
    if (!fs.existsSync(file)) continue;
    const shown = path.relative(process.cwd(), file) || file;
    const { value, problem } = readJsonFile(file);
    if (problem !== undefined) {
      issues.push({ path: shown, message: problem });
      continue;
    }
    const result = discoveredSchema.safeParse(value);
    if (!result.success) {
      issues.push(...fromZodIssues(result.error.issues).map((issue) => ({ path: `${shown}: ${issue.path}`, message: issue.message })));
      continue;
    }
    const engine = CATALOGUE_OF_SOURCE[pipeline.source.engine];
    if (result.data.stack !== pipeline.name)
      issues.push({ path: `${shown}: stack`, message: `is ${result.data.stack}, but the file belongs to ${pipeline.name}` });
    else if (result.data.source.engine !== engine)
      issues.push({
        path: `${shown}: source.engine`,
        message: `is ${result.data.source.engine}, but ${pipeline.name}'s source is ${pipeline.source.engine}`,
      });
    else found.set(pipeline.name, { file: shown, discovered: result.data });
  }
  if (issues.length > 0) throw new ValidationFailed(issues);
  return found;
}

/** The discovered table as a `source.tables` entry, keeping hand-written sample rows of the same table. */
function asSourceTable(table: DiscoveredTable, existing: SourceTableSpec | undefined): SourceTableSpec {
  const columns = Object.fromEntries(table.columns.map((c) => [c.name, c.type])) as SourceTableSpec['columns'];
  const sampleRows = existing?.sampleRows?.filter((row) => Object.keys(row).every((column) => column in columns));
  return {
    schema: table.schema,
    name: table.name,
    columns,
    ...(table.primaryKey ? { primaryKey: table.primaryKey } : {}),
    ...(sampleRows && sampleRows.length > 0 ? { sampleRows } : {}),
  };
}

/** The config with each pipeline's discovered tables merged into `source.tables`. */
export function mergeDiscovered(config: PipelineConfig, discovered: Map<string, { discovered: Discovered }>): PipelineConfig {
  return {
    ...config,
    pipelines: config.pipelines.map((pipeline) => {
      const found = discovered.get(pipeline.name);
      if (!found) return pipeline;
      const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
      const existing = new Map(pipeline.source.tables.map((t) => [key(t), t]));
      const fromCatalogue = found.discovered.tables.map((t) => asSourceTable(t, existing.get(key(t))));
      const merged = [...fromCatalogue, ...pipeline.source.tables.filter((t) => !fromCatalogue.some((d) => key(d) === key(t)))];
      return { ...pipeline, source: { ...pipeline.source, tables: merged } } as typeof pipeline;
    }),
  };
}
