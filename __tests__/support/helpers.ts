/**
 * Test fixtures: the fixture pipelines (__tests__/fixtures/pipelines: a frozen copy of the team's two pipelines
 * and their mappings, so the team's daily edits of config/ and mappings/ break no test) as mutable input.
 * Synthesizing them is support/synth.ts: this file loads no cdktf, so config and mapping suites stay light.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PipelineConfigInput } from '../../config/schema';

export type PipelineInput = PipelineConfigInput['pipelines'][number];
type Narrow<T, U> = Extract<T, U>;

/** The Redshift pipeline's input with its variants narrowed: owned instance, SQL Server source, Redshift target. */
export type RedshiftPipelineInput = Omit<PipelineInput, 'replicationInstance' | 'source' | 'target' | 'network'> & {
  replicationInstance: PipelineInput['replicationInstance'];
  source: Narrow<PipelineInput['source'], { engine: 'sqlserver' }>;
  target: Narrow<PipelineInput['target'], { engine: 'redshift-serverless' }>;
  network: NonNullable<PipelineInput['network']>;
} & { replicationInstance: Narrow<PipelineInput['replicationInstance'], { from: 'this-stack' }> };

/** The DynamoDB pipeline's input: PostgreSQL source, DynamoDB target. */
export type DynamoDbPipelineInput = Omit<PipelineInput, 'source' | 'target'> & {
  source: Narrow<PipelineInput['source'], { engine: 'aurora-postgresql' | 'postgres' }>;
  target: Narrow<PipelineInput['target'], { engine: 'dynamodb' }>;
};

export const FIXTURE_PIPELINES = path.join(__dirname, '..', 'fixtures', 'pipelines');
/** The fixture config as DMS_CONFIG reads it: a SQL Server → Redshift and a PostgreSQL → DynamoDB pipeline. */
export const FIXTURE_CONFIG = path.join(FIXTURE_PIPELINES, 'config.json');
/** The mapping files the fixture config's tasks name. */
export const FIXTURE_MAPPINGS = path.join(FIXTURE_PIPELINES, 'mappings');

/**
 * The environment that makes a command (synth, check, review, prereqs, ...) work on the fixture instead of the
 * active config: its config, its mappings, and no discovered tables or adoption records from config/.
 */
export function fixtureEnv(): Record<string, string> {
  const none = path.join(FIXTURE_PIPELINES, 'none');
  return { DMS_CONFIG: FIXTURE_CONFIG, DMS_MAPPINGS_DIR: FIXTURE_MAPPINGS, DMS_DISCOVERED_DIR: none, DMS_ADOPTION_DIR: none };
}

let fixtureText: string | undefined;

/** A fresh deep copy of the fixture config, safe to mutate. */
export function defaultInput(): PipelineConfigInput {
  fixtureText ??= fs.readFileSync(FIXTURE_CONFIG, 'utf8');
  return JSON.parse(fixtureText);
}

function onePipeline<T>(name: string, mutate: (pipeline: T) => void): PipelineConfigInput {
  const pipeline = defaultInput().pipelines.find((p) => p.name === name);
  if (!pipeline) throw new Error(`the fixture config has no ${name}`);
  mutate(pipeline as unknown as T);
  return { pipelines: [pipeline] };
}

/** A config holding only the fixture Redshift pipeline after `mutate` has edited it. */
export function redshiftConfig(mutate: (pipeline: RedshiftPipelineInput) => void = () => {}): PipelineConfigInput {
  return onePipeline('redshift-fed-prod', mutate);
}

/** A config holding only the fixture DynamoDB pipeline after `mutate` has edited it. */
export function dynamodbConfig(mutate: (pipeline: DynamoDbPipelineInput) => void = () => {}): PipelineConfigInput {
  return onePipeline('loanapp-dynamodb-dev', mutate);
}

/** The DynamoDB pipeline on DMS Serverless (1–16 DCU), in a network of its own with existing account roles. */
export function serverlessDynamodbConfig(mutate: (pipeline: DynamoDbPipelineInput) => void = () => {}): PipelineConfigInput {
  const network = structuredClone((redshiftConfig().pipelines[0] as RedshiftPipelineInput).network);
  return dynamodbConfig((p) => {
    (p as { replicationInstance: unknown }).replicationInstance = { from: 'serverless', minCapacityUnits: 1, maxCapacityUnits: 16 };
    p.network = {
      ...network,
      egress: { sourceCidrs: ['10.60.0.0/16'], targetCidrs: [], httpsCidrs: [], httpsPrefixListIds: [] },
      vpcEndpoints: {
        s3: { prefixListIds: ['pl-68a54001'] },
        dynamodb: { prefixListIds: ['pl-00a54069'] },
        secretsManager: { cidrs: ['10.61.0.0/16'] },
      },
    };
    p.accountRoles = 'existing';
    mutate(p);
  });
}
