/**
 * `dms vcs-out [<stack>...] [--dir terraform] [--check]`
 *
 * For Terraform Cloud VCS-driven workspaces, which run `terraform` on files in the repository: writes the
 * active config's synthesized stacks to a committed directory, `terraform/<stack>/` (`cdk.tf.json` and the
 * provider lock file from `locks/`), one workspace working directory per stack. `cdktf.out/` stays git-ignored.
 *
 * - With stack names: (re)writes those stacks. Without: rewrites the stacks already there.
 * - `--check`: writes nothing; exits 1 listing every committed stack directory whose files differ from a fresh
 *   synth, or that names no stack of the active config (npm test runs it on the repository).
 *
 * A directory counts as committed output when it holds `cdk.tf.json`; anything else under `terraform/` (e.g.
 * the old HCL modules) is left alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ValidationFailed, type ValidationIssue } from '../core/errors';
import { projectRoot } from '../core/paths';
import { writeFileAtomically } from '../core/output-file';
import { DmsPipelineStack } from '../stacks/dms-pipeline-stack';
import { synthesizeAtomically } from '../app/synthesize';
import { LOCK_FILE } from '../app/terraform-working-state';
import { activePipelines } from '../app/pipelines';
import { defineCommand } from './command';
import { temporaryDirectory } from '../app/terraform-offline';

export const DEFAULT_VCS_DIR = 'terraform';
const STACK_FILE = 'cdk.tf.json';
/** The files this command owns in each stack directory (the lock file only when locks/ has one). */
const MANAGED = [STACK_FILE, LOCK_FILE];

/** Stack directories under `dir` that hold committed output. */
export function committedStacks(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, STACK_FILE)))
    .map((entry) => entry.name)
    .sort();
}

/** Synthesize the active config as `npm run synth` does (JSON, lock files from locks/) into a scratch tree. */
async function synthesizeFresh(env: NodeJS.ProcessEnv, root: string): Promise<{ outdir: string; stacks: string[]; cleanup: () => void }> {
  const pipelines = activePipelines(env);
  const scratch = temporaryDirectory('dms-vcs-out');
  const outdir = path.join(scratch, 'cdktf.out');
  await synthesizeAtomically(outdir, (app) => pipelines.forEach((pipeline) => new DmsPipelineStack(app, pipeline)), {
    hcl: false,
    locksDir: path.join(root, 'locks'),
  });
  return { outdir, stacks: pipelines.map((p) => p.name).sort(), cleanup: () => fs.rmSync(scratch, { recursive: true, force: true }) };
}

function expectedFiles(outdir: string, stack: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of MANAGED) {
    const file = path.join(outdir, 'stacks', stack, name);
    if (fs.existsSync(file)) files.set(name, fs.readFileSync(file));
  }
  return files;
}

export interface VcsOutOptions {
  dir: string;
  stacks: string[];
  check: boolean;
}

/** Returns the problems found (`--check`) or the files written. */
export async function vcsOut(
  options: VcsOutOptions,
  env: NodeJS.ProcessEnv = process.env,
  root: string = projectRoot(),
): Promise<{ problems: ValidationIssue[]; written: string[] }> {
  const display = (...parts: string[]) => path.relative(process.cwd(), path.join(options.dir, ...parts)) || '.';
  const committed = committedStacks(options.dir);
  const { outdir, stacks: available, cleanup } = await synthesizeFresh(env, root);
  try {
    const problems: ValidationIssue[] = [];
    const written: string[] = [];
    if (options.check) {
      for (const stack of committed) {
        if (!available.includes(stack)) {
          problems.push({
            path: display(stack),
            message: `is not a stack of the active config (${available.join(', ')}): remove it, or fix the config`,
          });
          continue;
        }
        const expected = expectedFiles(outdir, stack);
        for (const name of MANAGED) {
          const file = path.join(options.dir, stack, name);
          const want = expected.get(name);
          const have = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
          if (want === undefined && have === undefined) continue;
          if (want === undefined)
            problems.push({ path: display(stack, name), message: `is not produced any more: run npm run vcs-out -- ${stack}` });
          else if (have === undefined)
            problems.push({ path: display(stack, name), message: `is missing: run npm run vcs-out -- ${stack}` });
          else if (!have.equals(want))
            problems.push({
              path: display(stack, name),
              message: `is stale (differs from a fresh synth of the active config): run npm run vcs-out -- ${stack}`,
            });
        }
      }
      return { problems, written };
    }
    const targets = options.stacks.length > 0 ? options.stacks : committed;
    if (targets.length === 0)
      problems.push({ path: '<stack>', message: `name the stacks to write (${available.join(', ')}); none is in ${display()} yet` });
    for (const stack of targets) {
      if (!available.includes(stack))
        problems.push({ path: stack, message: `is not a stack of the active config (${available.join(', ')})` });
    }
    if (problems.length > 0) return { problems, written };
    for (const stack of targets) {
      const target = path.join(options.dir, stack);
      fs.mkdirSync(target, { recursive: true });
      const expected = expectedFiles(outdir, stack);
      for (const name of MANAGED) {
        const file = path.join(target, name);
        const content = expected.get(name);
        if (content === undefined) fs.rmSync(file, { force: true });
        else {
          writeFileAtomically(file, content);
          written.push(display(stack, name));
        }
      }
    }
    return { problems, written };
  } finally {
    cleanup();
  }
}

export const command = defineCommand({
  name: 'vcs-out',
  summary: 'write synthesized stacks to terraform/<stack>/ for Terraform Cloud VCS-driven workspaces (--check: verify)',
  usage: '[<stack>...] [--dir <dir>] [--check]',
  description: `Writes the active config's synthesized stacks to a committed directory, terraform/<stack>/ (cdk.tf.json and
the provider lock file from locks/), one workspace working directory per stack. With stack names: (re)writes
those stacks; without: rewrites the stacks already there. --check writes nothing and fails listing every
committed stack directory whose files differ from a fresh synth, or that names no stack of the active config.`,
  flags: {
    dir: { type: 'string', placeholder: 'dir', help: `the committed directory (default ${DEFAULT_VCS_DIR})` },
    check: { type: 'boolean', help: 'write nothing; fail when the committed output is stale' },
  },
  positionals: '<stack>',
  examples: ['npx dms vcs-out redshift-fed-prod'],
  exitCodes: { 0: 'written, or (--check) up to date', 1: 'stale or unknown stack directories (--check), or unknown stack names' },
  run: async ({ values, positionals }) => {
    if (values.check && positionals.length > 0)
      throw new ValidationFailed([{ path: '--check', message: 'checks every committed stack; give no stack names' }]);
    const options: VcsOutOptions = {
      dir: values.dir !== undefined ? path.resolve(values.dir) : path.join(projectRoot(), DEFAULT_VCS_DIR),
      stacks: positionals,
      check: values.check === true,
    };
    const { problems, written } = await vcsOut(options);
    if (problems.length > 0) throw new ValidationFailed(problems);
    if (options.check)
      process.stdout.write(
        `${committedStacks(options.dir).length} committed stack(s) in ${path.relative(process.cwd(), options.dir) || '.'} up to date\n`,
      );
    else process.stdout.write(`${written.map((file) => `wrote ${file}`).join('\n')}\n`);
  },
});
