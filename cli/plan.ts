/**
 * `dms plan <stack> [--offline] [--out plan.json] [--allow-replace <address>]... [--state <file>] [--no-synth]`
 *
 * One step from source to a reviewed plan: synthesize (as `npm run synth`), `terraform init` and `plan` in the
 * stack directory, `terraform show -json`, and the review gate (review/plan.ts) on the result.
 *
 * - Default: the stack's real backend (S3 or Terraform Cloud) and whatever AWS credentials the environment
 *   holds, in `cdktf.out/stacks/<stack>/`, exactly as `terraform plan` there would.
 * - `--offline`: README's offline recipe as code (app/terraform-offline.ts): providers from a filesystem
 *   mirror, a copy of the stack with a local backend, test credentials, the provider's skip flags and no
 *   `allowed_account_ids`. Nothing reaches AWS or the network.
 *
 * Exit codes: 0 the plan passes the gate, 1 the gate refuses it, 2 no reviewable plan (bad arguments, synth or
 * Terraform failed).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError, ValidationFailed, type ValidationIssue } from '../core/errors';
import { projectRoot } from '../core/paths';
import { writeFileAtomically } from '../core/output-file';
import { projectLockFile, saveLockFile } from '../app/terraform-working-state';
import { planMarkdown } from '../review/markdown';
import { reviewPlans } from '../review/plan';
import { readSynthesizedTree } from '../review/synthesized';
import { defineCommand } from './command';
import {
  OVERRIDE_FILE,
  PROJECT_MIRROR_DIR,
  findPluginMirror,
  offlineCopy,
  offlineOverride,
  offlineTerraformEnvironment,
  temporaryDirectory,
  terraform,
} from '../app/terraform-offline';

export { PROJECT_MIRROR_DIR, findPluginMirror };

export const EXIT_PASSED = 0;
export const EXIT_REFUSED = 1;
export const EXIT_NO_PLAN = 2;

export const command = defineCommand({
  name: 'plan',
  summary: 'synthesize, terraform init + plan one stack, and run the review gate on the plan',
  usage: '<stack> [--offline] [--out <file>] [--allow-replace <address>]... [--state <file>] [--no-synth]',
  description: `Synthesize, terraform init + plan the stack, terraform show -json, and run the review gate on the plan.
By default the stack's real backend and whatever AWS credentials the environment holds, in
cdktf.out/stacks/<stack>/. --offline: no AWS, no network: providers from a mirror (TF_PLUGIN_MIRROR, else
${PROJECT_MIRROR_DIR}/ in the project root; create it once, with network: cd cdktf.out/stacks/<stack> &&
terraform providers mirror ../../../${PROJECT_MIRROR_DIR}), a copy of the stack with a local backend and test
credentials. Terraform's own output goes to stderr; stdout carries the review.`,
  flags: {
    offline: { type: 'boolean', help: 'no AWS, no network: provider mirror, local backend on a copy, test credentials' },
    out: { type: 'string', placeholder: 'file', help: 'where to write the JSON plan (default cdktf.out/stacks/<stack>/plan.json)' },
    'allow-replace': {
      type: 'string',
      multiple: true,
      placeholder: 'address',
      help: 'accept a deliberate delete/replace of a protected resource',
    },
    state: {
      type: 'string',
      placeholder: 'file',
      help: '--offline only: plan against this state file (terraform state pull), -refresh=false',
    },
    'no-synth': { type: 'boolean', help: 'use cdktf.out as it is instead of synthesizing first' },
  },
  positionals: '<stack>',
  examples: ['TF_PLUGIN_MIRROR=/opt/tf-plugins npx dms plan redshift-fed-prod --offline'],
  exitCodes: {
    [EXIT_PASSED]: 'the plan passes the gate',
    [EXIT_REFUSED]: 'the gate refuses it',
    [EXIT_NO_PLAN]: 'no reviewable plan: bad command line, synth or Terraform failed',
  },
  errorExit: EXIT_NO_PLAN,
  failureNote: 'No plan was reviewed.',
  run: ({ values, positionals }) =>
    runPlan(planOptions(values, positionals), {
      env: process.env,
      root: projectRoot(),
      log: (text) => void process.stderr.write(text),
      print: (text) => void process.stdout.write(text),
      terraformOutput: 2,
      colour: process.stderr.isTTY === true,
    }),
});

export interface PlanOptions {
  stack: string;
  offline: boolean;
  out?: string;
  allowReplace: string[];
  state?: string;
  synth: boolean;
}

/** The checks flags cannot express, every problem at once, as `flag: message`. */
export function planOptions(
  values: { offline?: boolean; out?: string; 'allow-replace'?: string[]; state?: string; 'no-synth'?: boolean },
  stacks: string[],
): PlanOptions {
  const options: PlanOptions = {
    stack: stacks[0] ?? '',
    offline: values.offline === true,
    out: values.out !== undefined ? path.resolve(values.out) : undefined,
    allowReplace: values['allow-replace'] ?? [],
    state: values.state !== undefined ? path.resolve(values.state) : undefined,
    synth: values['no-synth'] !== true,
  };
  const problems: ValidationIssue[] = [];
  if (stacks.length === 0) problems.push({ path: '<stack>', message: 'name the stack to plan (one of cdktf.out/stacks/*)' });
  if (stacks.length > 1) problems.push({ path: '<stack>', message: `plan one stack at a time, got ${stacks.join(', ')}` });
  if (options.state !== undefined && !options.offline)
    problems.push({ path: '--state', message: 'only with --offline (online plans read the real backend)' });
  if (options.state !== undefined && !fs.existsSync(options.state))
    problems.push({ path: '--state', message: `${options.state} does not exist` });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return options;
}

/** Synth or Terraform failed: nothing to review (exit 2, one line). */
class NoPlan extends UserError {}

interface Io {
  env: NodeJS.ProcessEnv;
  root: string;
  /** Human-readable progress and Terraform's own output. */
  log: (text: string) => void;
  /** The review (Markdown). */
  print: (text: string) => void;
  /** File descriptor Terraform writes its own output to (stderr: stdout carries the review). */
  terraformOutput: number | 'ignore';
  colour: boolean;
}

/** Run a Terraform command with its output streamed to stderr (stdout carries the review). */
function terraformStreamed(args: string[], cwd: string, env: NodeJS.ProcessEnv, io: Io): void {
  // Colour only for a terminal; CI logs and files get plain text.
  const fullArgs = io.colour ? args : [...args, '-no-color'];
  io.log(`$ terraform ${fullArgs.join(' ')}\n`);
  const result = spawnSync('terraform', fullArgs, { cwd, env, stdio: ['ignore', io.terraformOutput, io.terraformOutput] });
  if (result.error) throw new NoPlan(`terraform could not be run: ${result.error.message}`);
  if (result.status !== 0) throw new NoPlan(`terraform ${args[0]} failed (exit ${result.status})`);
}

function synthesizedStacks(outdir: string): string[] {
  const manifest = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifest)) return [];
  return Object.keys((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { stacks: Record<string, unknown> }).stacks).sort();
}

function synthesizedRegion(stackDir: string): string {
  const file = path.join(stackDir, 'cdk.tf.json');
  if (!fs.existsSync(file)) throw new NoPlan(`${file} not found: --offline plans the JSON output (npm run synth, not synth:hcl)`);
  const region = JSON.parse(fs.readFileSync(file, 'utf8'))?.provider?.aws?.[0]?.region;
  if (typeof region !== 'string') throw new NoPlan(`${file}: provider.aws[0].region is missing`);
  return region;
}

export async function runPlan(options: PlanOptions, io: Io): Promise<number> {
  const outdir = io.env.CDKTF_OUTDIR ? path.resolve(io.env.CDKTF_OUTDIR) : path.join(io.root, 'cdktf.out');
  if (options.synth) {
    io.log('$ npm run synth\n');
    // The same entry point as `npm run synth`, so the plan is of exactly what synth writes.
    const synth = spawnSync(process.execPath, [path.join(io.root, 'tools', 'synth.mjs')], {
      env: io.env,
      stdio: ['ignore', io.terraformOutput, io.terraformOutput],
    });
    if (synth.status !== 0) throw new NoPlan('synth failed');
  }
  const stacks = synthesizedStacks(outdir);
  if (!stacks.includes(options.stack)) {
    throw new ValidationFailed([
      {
        path: '<stack>',
        message: `${options.stack} is not a synthesized stack in ${outdir} (${stacks.join(', ') || 'none: run npm run synth'})`,
      },
    ]);
  }
  const stackDir = path.join(outdir, 'stacks', options.stack);
  const out = options.out ?? path.join(stackDir, 'plan.json');
  const scratch = temporaryDirectory(`dms-plan-${options.stack}`);
  try {
    let dir = stackDir;
    let env: NodeJS.ProcessEnv = { ...io.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
    const planArgs = ['plan', '-input=false', `-out=${path.join(scratch, 'plan.bin')}`];
    if (options.offline) {
      const { mirror, problem } = findPluginMirror(io.env, io.root);
      if (!mirror) throw new NoPlan(problem ?? 'no provider mirror');
      env = offlineTerraformEnvironment(mirror, scratch).env;
      dir = offlineCopy(stackDir, path.join(scratch, 'stack'), offlineOverride(synthesizedRegion(stackDir)));
      io.log(`offline: ${dir} (${OVERRIDE_FILE}: local backend, test credentials), providers from ${mirror}\n`);
      if (options.state) {
        fs.copyFileSync(options.state, path.join(dir, 'terraform.tfstate'));
        // The state's objects are not refreshed: that would need the real account.
        planArgs.push('-refresh=false');
      }
    }
    terraformStreamed(['init', '-input=false'], dir, env, io);
    // Provider checksums init recorded go back to locks/<stack>.terraform.lock.hcl, as after a plain init.
    // Not for --offline: its lock file lives in a throwaway copy and only reflects the local mirror.
    if (!options.offline && saveLockFile(stackDir, path.join(io.root, 'locks'), options.stack)) {
      io.log(`provider lock file saved: ${projectLockFile(path.join(io.root, 'locks'), options.stack)}\n`);
    }
    terraformStreamed(planArgs, dir, env, io);
    const shown = terraform(['show', '-json', path.join(scratch, 'plan.bin')], dir, env);
    if (shown.status !== 0) throw new NoPlan(`terraform show -json failed (exit ${shown.status}):\n${shown.stderr}`);
    writeFileAtomically(out, shown.stdout);
    io.log(`plan (terraform show -json): ${out}\n`);
    return gate(JSON.parse(shown.stdout), out, outdir, options, io);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The review gate on one plan, against the synthesized app. Anything it cannot read is a refusal, never a pass. */
function gate(plan: unknown, file: string, outdir: string, options: PlanOptions, io: Io): number {
  let review: ReturnType<typeof reviewPlans>['reviews'][number];
  try {
    [review] = reviewPlans([{ file, plan }], readSynthesizedTree(outdir), options.allowReplace).reviews;
  } catch (error) {
    io.log(`review gate: refused: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_REFUSED;
  }
  io.print(`${planMarkdown(review, path.relative(process.cwd(), file))}\n`);
  for (const w of review.warnings)
    io.log(`warning: ${w.stack}:${w.address} (${w.id}) stops replication: ${w.why}. Resume after the apply: ${w.commands.resume}\n`);
  if (review.refused.length > 0) {
    io.log(`review gate: refused: ${review.refused.join('; ')}\n`);
    return EXIT_REFUSED;
  }
  if (review.blocked.length > 0) {
    io.log(
      `review gate: refused: ${review.blocked.length} blocked change(s): ${review.blocked.map((f) => `${f.stack}:${f.address} ${JSON.stringify(f.actions)}`).join(', ')}\n`,
    );
    return EXIT_REFUSED;
  }
  io.log('review gate: passed\n');
  return EXIT_PASSED;
}
