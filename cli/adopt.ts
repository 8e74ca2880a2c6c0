/**
 * `dms adopt --stack <stack> [--state <file>] [--import <address>=<id>]... [--json]`
 *
 * Adopts existing resources into a stack: `<file>` is what `terraform state pull` prints for the legacy root
 * (state format v4). Each legacy resource is matched to the stack's resource by identity (app/adopt/match.ts),
 * and `config/adoption/<stack>.json` (or `$DMS_ADOPTION_DIR/<stack>.json`) records what the next `npm run synth`
 * needs for a plan of moves, imports and in-place updates only. `--import` adopts resources that exist in AWS but
 * in no state. Re-running with the same inputs rewrites the same file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type AdoptionRecord, adoptionDir, adoptionFile, parseAdoption } from '../config/adoption';
import { ValidationFailed, type ValidationIssue } from '../core/errors';
import { readJsonFile } from '../core/input-file';
import { writeFileAtomically } from '../core/output-file';
import { App } from '../platform/cdktf';
import { DmsPipelineStack } from '../stacks/dms-pipeline-stack';
import { activePipelines } from '../app/pipelines';
import { stackResources } from '../app/adopt/match';
import { buildAdoption, parseImports, reportText } from '../app/adopt/record';
import { defineCommand } from './command';

export const command = defineCommand({
  name: 'adopt',
  summary: 'record how a stack adopts live resources (from a legacy state and/or --import) in config/adoption/<stack>.json',
  usage: '--stack <stack> (--state <file> | --import <address>=<id>...) [--json]',
  description: `<file> is what terraform state pull prints for the legacy root (state format v4). Each legacy resource is
matched to the stack's resource by identity, and config/adoption/<stack>.json (or $DMS_ADOPTION_DIR/<stack>.json)
records what the next synth needs for a plan of moves, imports and in-place updates only. --import adopts
resources that exist in AWS but in no state. Re-running with the same inputs rewrites the same file.`,
  flags: {
    stack: { type: 'string', placeholder: 'stack', help: 'the stack of the active config that adopts' },
    state: { type: 'string', placeholder: 'file', help: "the legacy root's state (terraform state pull > file)" },
    import: { type: 'string', multiple: true, placeholder: 'address=id', help: 'adopt a resource that is in no state' },
    json: { type: 'boolean', help: 'print the report as JSON on stdout' },
  },
  examples: ['npx dms adopt --stack redshift-fed-prod --state /tmp/legacy.tfstate'],
  exitCodes: { 0: 'the adoption record was written', 1: 'a problem with the inputs: nothing was written' },
  failureNote: 'The adoption record was not written.',
  run: ({ values }) => adopt(values),
});

function requiredOptions(values: { stack?: string; state?: string; import?: string[] }): {
  stack: string;
  state?: string;
  imports: string[];
} {
  const problems: ValidationIssue[] = [];
  const imports = values.import ?? [];
  if (!values.stack) problems.push({ path: '--stack', message: 'is required' });
  if (!values.state && imports.length === 0) problems.push({ path: '--state', message: 'is required unless --import is given' });
  if (problems.length > 0 || !values.stack) throw new ValidationFailed(problems);
  return { stack: values.stack, state: values.state, imports };
}

function readState(file: string): unknown {
  // States of large roots pass the 4 MB cap of hand-written inputs.
  const { value, problem } = readJsonFile(file, Number.MAX_SAFE_INTEGER);
  if (problem !== undefined) throw new ValidationFailed([{ path: '--state', message: `${file} ${problem}` }]);
  if (
    value === null ||
    typeof value !== 'object' ||
    !('version' in value) ||
    value.version !== 4 ||
    !('resources' in value) ||
    !Array.isArray(value.resources)
  ) {
    throw new ValidationFailed([
      { path: '--state', message: `${file} is not a Terraform state in format v4 (what terraform state pull prints)` },
    ]);
  }
  return value;
}

/** The stack as today's conventions build it, without any adoption record. */
function synthesizeWithoutAdoption(pipeline: ReturnType<typeof activePipelines>[number]): unknown {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-adopt-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    new DmsPipelineStack(app, { ...pipeline, adoption: undefined });
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', pipeline.name, 'cdk.tf.json'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function adopt(values: { stack?: string; state?: string; import?: string[]; json?: boolean }): void {
  const options = requiredOptions(values);
  const pipelines = activePipelines();
  const pipeline = pipelines.find((candidate) => candidate.name === options.stack);
  if (!pipeline) {
    throw new ValidationFailed([
      { path: '--stack', message: `${options.stack} is not a stack of the active config (${pipelines.map((p) => p.name).join(', ')})` },
    ]);
  }
  const state = options.state ? readState(path.resolve(options.state)) : undefined;
  const tf = synthesizeWithoutAdoption(pipeline);
  const { imports, issues } = parseImports(options.imports, stackResources(tf));
  if (issues.length > 0) throw new ValidationFailed(issues);

  const file = adoptionFile(adoptionDir(), pipeline.name);
  const shown = path.relative(process.cwd(), file) || file;
  const previous: AdoptionRecord | undefined = pipeline.adoption;
  const built = buildAdoption({ stack: pipeline.name, tf, state, imports, previous });
  if (built.issues.length > 0) throw new ValidationFailed(built.issues);
  // What the synth will read back must pass its own validation.
  parseAdoption(JSON.parse(JSON.stringify(built.record)), shown, pipeline.name);

  writeFileAtomically(file, `${JSON.stringify(built.record, null, 2)}\n`);
  process.stdout.write(values.json ? `${JSON.stringify({ file: shown, ...built.report }, null, 2)}\n` : reportText(built.report, shown));
}
