/**
 * What an engine adapter provides. Each interface is generic over the engine name, so an adapter's functions
 * receive its own variant of the spec (`SourceOf<'sqlserver'>` has `rds`, `SourceOf<'postgres'>` has `cdc`)
 * without a cast; engines/registry.ts lists one adapter per engine name of the schema, and the compiler names
 * what a new engine is missing.
 */
import type { ValidationIssue } from '../core/errors';
import type { Discovered } from '../config/discovered';
import type { ResolvedPipeline } from '../config/resolved';
import type { PipelineSpec, RemoteStateLocation, SourceTableSpec, TargetSpec } from '../config/schema';
import type { PreviewTable } from '../mappings/transform-preview';
import type { Rule } from '../mappings/rules/types';
import type { TableMappings } from '../mappings/table-mappings';
import type { EgressRule, EndpointProps } from '../modules/dms';
import type { Construct } from '../platform/cdktf';
import type { Finding, Query } from './sources/findings';
import type { KeyedFrom } from './sources/postgres/preflight';
import type { PostgresSource } from './sources/requirements';
import type { CdcSelection } from './sources/selection';
import type { SampleTable } from './targets/sample-items';

export type SourceSpec = PipelineSpec['source'];
export type SourceEngine = SourceSpec['engine'];
export type TargetEngine = TargetSpec['engine'];
/** The spec variant of one source engine (an intersection: the PostgreSQL variant covers two engine names). */
export type SourceOf<E extends SourceEngine> = SourceSpec & { engine: E };
export type TargetOf<E extends TargetEngine> = TargetSpec & { engine: E };

/** What the DMS roles of a pipeline must reach (modules/dms-iam props), contributed by each side. */
export interface IamNeeds {
  secretArns: string[];
  secretKmsKeyArns: string[];
  stagingBucket?: { name: string; kmsKeyArn?: string };
  dynamodbTables?: string[];
  dynamodbKmsKeyArns?: string[];
}

/** Both sides' needs together: secrets and keys of both, the bucket and tables of whichever has them. */
export function combineIamNeeds(...needs: IamNeeds[]): IamNeeds {
  const listed = (pick: (need: IamNeeds) => string[] | undefined) =>
    needs.some((need) => pick(need)) ? needs.flatMap((need) => pick(need) ?? []) : undefined;
  return {
    secretArns: needs.flatMap((need) => need.secretArns),
    secretKmsKeyArns: needs.flatMap((need) => need.secretKmsKeyArns),
    stagingBucket: needs.find((need) => need.stagingBucket)?.stagingBucket,
    dynamodbTables: listed((need) => need.dynamodbTables),
    dynamodbKmsKeyArns: listed((need) => need.dynamodbKmsKeyArns),
  };
}

export interface SourceAdapter<E extends SourceEngine> {
  /** Endpoint arguments beyond the common ones (id, database, TLS, secret, host tags). */
  endpointSettings(source: SourceOf<E>): Pick<EndpointProps, 'postgresSettings'>;
  /** The egress rule's description for the source database. */
  egressDescription(source: SourceOf<E>): string;
  iam(source: SourceOf<E>): IamNeeds;
  prereqs: {
    /** After the engine name in the header: ` (Amazon RDS)`, or nothing. */
    flavour(source: SourceOf<E>): string;
    /** Header lines saying who runs the file and how. */
    howToRun(source: SourceOf<E>, stack: string, file: string): string[];
    /** The SQL for the tables change data capture reads. */
    body(source: SourceOf<E>, selection: CdcSelection): string;
  };
  /** Live checks of the source (`npm run preflight`), or why there are none for this engine. */
  preflight:
    | {
        /** Checked over a PostgreSQL connection (`--pg`). */
        kind: 'postgres';
        run(pipeline: ResolvedPipeline, source: SourceOf<E>, query: Query, keyedFrom: KeyedFrom): Promise<Finding[]>;
        source(source: SourceOf<E>): PostgresSource;
      }
    | { kind: 'unsupported'; reason(stack: string): string };
  validation: {
    /** `SELECT '<schema.table>' AS source_table, <count> AS row_count FROM <table>` in the engine's dialect. */
    rowCount(schema: string, table: string): string;
  };
  runbook: {
    /** Step 2: how a DBA runs the prerequisites file. */
    prerequisites(source: SourceOf<E>, stack: string, file: string): string[];
    /** Step 7: the line that runs the source part of `validation/<stack>.sql` (`whole`: the file has no other part). */
    validation(source: SourceOf<E>, stack: string, whole: boolean): string;
  };
}

/** The workgroup, bucket or tables a target builds, and what the endpoint and the outputs need of them. */
export interface TargetParts {
  endpoint: EndpointProps;
  egress?: EgressRule;
  outputs: Record<string, { description: string; value: unknown }>;
}

/** Outputs of another Terraform root's state. */
export interface RemoteOutputs {
  getString(output: string): string;
  getNumber(output: string): number;
}

/** What a target adapter may use of the stack it builds into. */
export interface TargetScope {
  scope: Construct;
  partition: string;
  pipeline: ResolvedPipeline;
  /** The DMS roles' ARNs (modules/dms-iam). */
  roles: { secretsAccessRoleArn: string; stagingRoleArn?: string; dynamodbRoleArn?: string };
  /** `data.terraform_remote_state.<name>` of another Terraform root. */
  remoteState(name: string, location: RemoteStateLocation): RemoteOutputs;
}

/**
 * The construct half of a target engine: its resources, endpoint, egress and outputs (engines/builders.ts). Apart
 * from the adapter, so that what only consults an engine (config, mappings, review, commands) loads no cdktf.
 */
export type TargetBuilder<E extends TargetEngine> = (target: TargetOf<E>, stack: TargetScope) => TargetParts;

export interface TargetAdapter<E extends TargetEngine> {
  iam(target: TargetOf<E>): IamNeeds;
  /** The AWS services a public HTTPS route reaches for this target (security group rule description). */
  publicServices: string;
  mappings: {
    /** Table mappings derived from the target's definitions (`tableMappings: derived`); undefined: none. */
    derive?(target: TargetOf<E>, sourceTables: readonly SourceTableSpec[]): TableMappings;
    /** Checks of a mapping document against the target's definitions, paths inside the document. */
    check(document: TableMappings, target: TargetOf<E>, sourceTables: readonly SourceTableSpec[]): ValidationIssue[];
    /** This project defines the target tables (keys, indexes) itself (task-settings rules depend on it). */
    targetTablesDefined: boolean;
  };
  validation: {
    /** Part 2 of `validation/<stack>.sql`, if the target answers SQL. */
    sql?(target: TargetOf<E>, tables: PreviewTable[]): string[];
    /** `validation/<stack>.sh`, if the target is checked with the AWS CLI instead. */
    shell?(pipeline: ResolvedPipeline, tables: PreviewTable[]): string[];
  };
  /** Checks of a task's rules against the source's discovered tables that only this target needs. */
  checkDiscovered(
    pipeline: ResolvedPipeline,
    target: TargetOf<E>,
    rules: Rule[],
    discovered: Discovered,
    origin: string,
    where: string,
  ): ValidationIssue[];
  /** The names of target objects keyed from a source table's primary key (`DynamoDB A, B`), for preflight. */
  keyedFrom(target: TargetOf<E>, table: string): string | undefined;
  /** The target with the live names an adoption record holds (`live(address, attribute)`), where it repeats them. */
  adopted(target: TargetOf<E>, live: (address: string, attribute: string) => string | undefined): TargetOf<E>;
  /** `npm run review -- --sample-items`: the items the task mappings would write (targets without items: none). */
  sampleItems(pipeline: ResolvedPipeline, target: TargetOf<E>): SampleTable[];
  /** Step 7 of the runbook, after the source's line: how the target part is checked. */
  runbookValidation(stack: string, outputs: Record<string, { value?: unknown }>): string;
}
