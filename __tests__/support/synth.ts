/**
 * Synthesis of fixture pipelines the way main.ts does it (same schema, same mapping resolution, same stack
 * class), and views of the result for assertions. The fixtures themselves are support/helpers.ts.
 */
import { parseAdoption } from '../../config/adoption';
import type { ResolvedPipeline } from '../../config/resolved';
import type { PipelineConfigInput } from '../../config/schema';
import { parseConfig } from '../../config/load';
import { ValidationFailed, formatIssue } from '../../core/errors';
import { resolvePipelines } from '../../app/resolve';
import { synthesizeAtomically } from '../../app/synthesize';
import { Testing } from '../../platform/cdktf';
import type { Json } from '../../review/synthesized';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { FIXTURE_MAPPINGS } from './helpers';
import { OPS_MAPPINGS, type OpsInput, opsInput, opsPipelines } from './ops-fixture';
import { testApp } from './test-app';

/** Every problem a synth reports for `input` (config, mappings, stack wiring), as users see them; [] when valid. */
export function problemsOf(input: unknown): string[] {
  try {
    const app = testApp();
    for (const pipeline of resolvePipelines(parseConfig(input), FIXTURE_MAPPINGS)) new DmsPipelineStack(app, pipeline);
    return [];
  } catch (error) {
    if (error instanceof ValidationFailed) return error.issues.map(formatIssue);
    throw error;
  }
}

export interface SynthesizedStack {
  json: string;
  tf: TerraformJson;
}

/** Loose view of cdk.tf.json for assertions. */
export type TerraformJson = Record<string, Json>;

// Suites synthesize the same fixture many times (a check's base stack, edited differently by each case). A
// synth is a pure function of the resolved pipelines (config, mapping file contents, adoption records), so the
// JSON is kept per suite under exactly that content; every call still parses its own copy to mutate.
const synthesized = new Map<string, Map<string, string>>();

/** The resolved pipelines as a key: every value, `undefined` included (JSON would drop it). */
const contentKey = (pipelines: ResolvedPipeline[]) =>
  JSON.stringify(pipelines, (_key, value: unknown) => (value === undefined ? '\u0000undefined' : value));

/**
 * Synthesize every pipeline of `input` (with adoption records by stack name, mapping files from `mappings`);
 * returns stack name → synthesized JSON.
 */
export function synthesizeAll(
  input: PipelineConfigInput,
  adoptions: Record<string, unknown> = {},
  mappings = FIXTURE_MAPPINGS,
): Map<string, SynthesizedStack> {
  const pipelines = resolvePipelines(parseConfig(input), mappings).map((pipeline) => {
    const record = adoptions[pipeline.name];
    const adoption = record === undefined ? undefined : parseAdoption(record, `config/adoption/${pipeline.name}.json`, pipeline.name);
    return { ...pipeline, adoption };
  });
  const key = contentKey(pipelines);
  let stacks = synthesized.get(key);
  if (stacks === undefined) {
    const app = testApp();
    stacks = new Map(pipelines.map((pipeline) => [pipeline.name, Testing.synth(new DmsPipelineStack(app, pipeline), true)]));
    synthesized.set(key, stacks);
  }
  return new Map([...stacks].map(([name, json]) => [name, { json, tf: JSON.parse(json) }]));
}

export function synthesizeOne(input: PipelineConfigInput, adoptions: Record<string, unknown> = {}): SynthesizedStack {
  const stacks = [...synthesizeAll(input, adoptions).values()];
  if (stacks.length !== 1) throw new Error(`expected one stack, got ${stacks.length}`);
  return stacks[0];
}

/** `tf.resource[type][name]`, failing with the available names when absent. */
export function resourceOf(tf: TerraformJson, type: string, name: string): TerraformJson {
  const byName = tf.resource?.[type];
  if (!byName?.[name]) {
    throw new Error(`no ${type}.${name}; have: ${Object.keys(byName ?? {}).join(', ') || 'none of this type'}`);
  }
  return byName[name];
}

export function addressesOf(tf: TerraformJson): string[] {
  return Object.entries(tf.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`))
    .sort();
}

/** Synthesize the ops fixture (support/ops-fixture.ts) into `outdir` as `npm run synth` does. */
export async function synthOps(outdir: string, input: OpsInput = opsInput(), mappings = OPS_MAPPINGS): Promise<void> {
  const pipelines = opsPipelines(input, mappings);
  await synthesizeAtomically(outdir, (app) => pipelines.forEach((p) => new DmsPipelineStack(app, p)));
}
